from django.apps import AppConfig


class PointsConfig(AppConfig):
    name = "zhenxing.points"
    label = "points"
    verbose_name = "积分管理"

    def ready(self):
        # Each module's services name the audit actions they record (core.audit_labels).
        import zhenxing.points.claims.services  # noqa: F401
        import zhenxing.points.claims.todo  # noqa: F401  (and the work each module leaves waiting)
        import zhenxing.points.publish.indicators  # noqa: F401  (declares the points indicators)
        import zhenxing.points.publish.services  # noqa: F401
        import zhenxing.points.publish.todo  # noqa: F401
        import zhenxing.points.rules.services  # noqa: F401
        import zhenxing.points.shop.services  # noqa: F401
