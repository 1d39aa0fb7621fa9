from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "zhenxing.people"
    label = "people"
    verbose_name = "人员"

    def ready(self):
        from zhenxing.people import indicators  # noqa: F401  (declares the people indicators)
