from django.apps import AppConfig


class HomesteadConfig(AppConfig):
    name = "zhenxing.homestead"
    label = "homestead"
    verbose_name = "宅基地"

    def ready(self):
        import zhenxing.homestead.importers  # noqa: F401  (registers the parcel import)
        import zhenxing.homestead.importers_farmland  # noqa: F401  (and the basic farmland layer's)
        from zhenxing.homestead import indicators  # noqa: F401  (declares the homestead ledger indicators)
