from django.apps import AppConfig


class HomesteadConfig(AppConfig):
    name = "zhenxing.homestead"
    label = "homestead"
    verbose_name = "宅基地"
