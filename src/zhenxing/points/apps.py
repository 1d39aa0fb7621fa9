from django.apps import AppConfig


class PointsConfig(AppConfig):
    name = "zhenxing.points"
    label = "points"
    verbose_name = "积分管理"
