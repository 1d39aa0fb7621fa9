from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "zhenxing.governance"
    label = "governance"
    verbose_name = "基层治理"

    def ready(self):
        # Each module's services name the audit actions they record (core.audit_labels).
        import zhenxing.governance.cases.importers  # noqa: F401  (registers the 12345 import)
        import zhenxing.governance.cases.indicators  # noqa: F401  (each module declares its indicators)
        import zhenxing.governance.cases.search  # noqa: F401  (cases in the search box)
        import zhenxing.governance.cases.services  # noqa: F401
        import zhenxing.governance.cases.todo  # noqa: F401  (and the work it leaves waiting)
        import zhenxing.governance.mediation.indicators  # noqa: F401
        import zhenxing.governance.mediation.services  # noqa: F401
        import zhenxing.governance.mediation.todo  # noqa: F401
        import zhenxing.governance.teams.indicators  # noqa: F401
        import zhenxing.governance.teams.services  # noqa: F401
        import zhenxing.governance.visits.indicators  # noqa: F401
        import zhenxing.governance.visits.services  # noqa: F401
