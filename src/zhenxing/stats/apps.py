from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "zhenxing.stats"
    label = "stats"
    verbose_name = "统计"
