from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "zhenxing.workspace"
    label = "workspace"
    verbose_name = "工作台"

    def ready(self):
        import zhenxing.workspace.services  # noqa: F401  (names its audit actions)
