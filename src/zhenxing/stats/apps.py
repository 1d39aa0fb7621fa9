from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "zhenxing.stats"
    label = "stats"
    verbose_name = "统计"

    def ready(self):
        from zhenxing.stats import (
            services,  # noqa: F401  (names its audit action)
            snapshots,  # noqa: F401  (its refresh job and the periodic recount)
        )
