from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhenxing.core"
    label = "core"
    verbose_name = "内核"

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_save

        from zhenxing.core import logins, passwords  # noqa: F401  (logins names its audit actions)

        post_save.connect(passwords.record_initial, sender=settings.AUTH_USER_MODEL,
                          dispatch_uid="zhenxing.core.passwords.record_initial")
