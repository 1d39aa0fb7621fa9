from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "zhenxing.orgs"
    label = "orgs"
    verbose_name = "组织"

    def ready(self):
        import zhenxing.orgs.importers  # noqa: F401  (registers the org unit import)
        from zhenxing.orgs import (
            audit_verify,  # noqa: F401  (names the keys of its audit event)
            auditlog,  # noqa: F401  (names the audit actions of orgs)
            indicators,  # noqa: F401  (declares the org indicators)
            signin,
        )

        signin.connect()
