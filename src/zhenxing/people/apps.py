from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "zhenxing.people"
    label = "people"
    verbose_name = "人员"

    def ready(self):
        import zhenxing.people.importers  # noqa: F401  (registers the household and person imports)
        from zhenxing.core import notify
        from zhenxing.people import (
            indicators,  # noqa: F401  (declares the people indicators)
            search,  # noqa: F401  (persons and households in the search box)
            services,  # noqa: F401  (names its audit actions)
        )
        from zhenxing.people.selectors import phone_of_user

        notify.register_address("sms", phone_of_user)  # a text message goes to the person's own phone
