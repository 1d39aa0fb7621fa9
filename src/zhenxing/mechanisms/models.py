"""Gatherer: each module's tables, so that Django finds them (code imports a model from its module)."""

from zhenxing.mechanisms.duties.models import Duty  # noqa: F401
from zhenxing.mechanisms.tasks.models import Aspect, Item, Plan, Report, Task  # noqa: F401
