"""入户走访: a grid worker's (or village cadre's) visit to a household of their grid."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhenxing.core.paths import PathField
from zhenxing.people.models import Household


class Visit(models.Model):
    PURPOSES = [
        ("routine", "日常走访"),
        ("policy", "政策宣传"),
        ("disputes", "矛盾排查"),
        ("hardship", "困难帮扶"),
        ("safety", "安全检查"),
        ("other", "其他"),
    ]
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="visits", verbose_name="户"
    )
    path = PathField(db_index=True)  # the household's, so a visit is seen where the household is
    visited_on = models.DateField("走访日期")
    purpose = models.CharField("走访事由", max_length=16, choices=PURPOSES)
    notes = models.TextField("走访情况")
    follow_up_needed = models.BooleanField("需跟进", default=False)
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = "入户走访"
        indexes = [models.Index(fields=["household", "visited_on"])]

    def __str__(self):
        return f"{self.household.number} {self.visited_on}"
