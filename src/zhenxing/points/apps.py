from django.apps import AppConfig


class PointsConfig(AppConfig):
    name = "zhenxing.points"
    label = "points"
    verbose_name = "积分管理"

    def ready(self):
        import zhenxing.points.claims.todo  # noqa: F401  (and the work each module leaves waiting)
        import zhenxing.points.publish.indicators  # noqa: F401  (declares the points indicators)
        import zhenxing.points.publish.todo  # noqa: F401
