"""永久基本农田: the protected farmland layer, imported like parcels, that no homestead may take."""

from django.db import models

from zhenxing.core.paths import PathField
from zhenxing.orgs.models import OrgUnit


class FarmlandPlot(models.Model):
    code = models.CharField("图斑编号", max_length=40)
    village = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="farmland_plots")
    path = PathField(db_index=True)
    area_m2 = models.DecimalField("面积（平方米）", max_digits=14, decimal_places=2)
    geometry = models.TextField("图形（GeoJSON，EPSG:4490）")
    min_x = models.FloatField()
    min_y = models.FloatField()
    max_x = models.FloatField()
    max_y = models.FloatField()

    class Meta:
        ordering = ["path", "code"]
        verbose_name = "永久基本农田图斑"
        constraints = [models.UniqueConstraint(fields=["village", "code"], name="farmland_code_per_village")]
        indexes = [models.Index(fields=["village", "min_x", "min_y"])]

    def __str__(self):
        return self.code
