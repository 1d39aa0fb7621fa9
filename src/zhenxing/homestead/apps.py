from django.apps import AppConfig


class HomesteadConfig(AppConfig):
    name = "zhenxing.homestead"
    label = "homestead"
    verbose_name = "宅基地"

    def ready(self):
        # The imports register the parcel and farmland imports, declare each module's indicators, what the
        # search box finds (parcels, applications, contracts), the work each leaves waiting, and (its
        # services) name the audit actions it records (core.audit_labels).
        from zhenxing.homestead.applications import indicators as application_indicators  # noqa: F401
        from zhenxing.homestead.applications import search as application_search  # noqa: F401
        from zhenxing.homestead.applications import services as application_services  # noqa: F401
        from zhenxing.homestead.applications import todo as application_todo  # noqa: F401
        from zhenxing.homestead.enforcement import indicators as enforcement_indicators  # noqa: F401
        from zhenxing.homestead.enforcement import services as enforcement_services  # noqa: F401
        from zhenxing.homestead.enforcement import todo as enforcement_todo  # noqa: F401
        from zhenxing.homestead.exits import indicators as exit_indicators  # noqa: F401
        from zhenxing.homestead.exits import services as exit_services  # noqa: F401
        from zhenxing.homestead.exits import todo as exit_todo  # noqa: F401
        from zhenxing.homestead.fees import indicators as fee_indicators  # noqa: F401
        from zhenxing.homestead.fees import services as fee_services  # noqa: F401
        from zhenxing.homestead.parcels import farmland, importers  # noqa: F401
        from zhenxing.homestead.parcels import indicators as parcel_indicators  # noqa: F401
        from zhenxing.homestead.parcels import search as parcel_search  # noqa: F401
        from zhenxing.homestead.parcels import services as parcel_services  # noqa: F401
        from zhenxing.homestead.policies import services as policy_services  # noqa: F401
        from zhenxing.homestead.revitalise import indicators as revitalise_indicators  # noqa: F401
        from zhenxing.homestead.revitalise import services as revitalise_services  # noqa: F401
        from zhenxing.homestead.transfers import indicators as transfer_indicators  # noqa: F401
        from zhenxing.homestead.transfers import search as transfer_search  # noqa: F401
        from zhenxing.homestead.transfers import services as transfer_services  # noqa: F401
