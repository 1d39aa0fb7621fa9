from django.apps import AppConfig


class MechanismsConfig(AppConfig):
    name = "zhenxing.mechanisms"
    label = "mechanisms"
    verbose_name = "建机制"

    def ready(self):
        # Each module's services name the audit actions they record (core.audit_labels).
        import zhenxing.mechanisms.duties.indicators  # noqa: F401
        import zhenxing.mechanisms.duties.services  # noqa: F401
        import zhenxing.mechanisms.tasks.indicators  # noqa: F401  (each module declares its indicators)
        import zhenxing.mechanisms.tasks.services  # noqa: F401
        import zhenxing.mechanisms.tasks.todo  # noqa: F401  (and the work it leaves waiting)
