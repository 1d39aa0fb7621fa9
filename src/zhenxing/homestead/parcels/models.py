"""基础信息: homestead parcels (宗地), the houses on them, and the 永久基本农田 layer (imported like parcels,
no homestead may take it).

Geometry is kept as GeoJSON text in CGCS2000 geographic coordinates (EPSG:4490) with its bounding
box in indexed columns: a village holds hundreds to a few thousand parcels, so an overlap check
loads the village's candidates by bounding box and tests them with shapely's STRtree in memory.
"""

from decimal import Decimal

from django.db import models

from zhenxing.core.paths import PathField
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Household

SQM_PER_MU = Decimal(2000) / Decimal(3)


class Parcel(models.Model):
    BUILD_STATUS = [
        ("approved_built", "已批已建"),
        ("approved_unbuilt", "已批未建"),
        ("unapproved_built", "未批先建"),
    ]
    USE_STATUS = [("in_use", "在用"), ("idle", "闲置"), ("revitalised", "盘活")]
    USES = [("residential", "农村宅基地"), ("courtyard", "庭院"), ("other", "其他")]
    CERT_STATUS = [("certified", "已确权登记"), ("uncertified", "未确权登记")]

    code = models.CharField("宗地代码", max_length=19, unique=True)
    unit_number = models.CharField("不动产单元号", max_length=28, blank=True, db_index=True)
    village = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="parcels")
    path = PathField(db_index=True)
    location = models.CharField("坐落", max_length=200)
    area_m2 = models.DecimalField("面积（平方米）", max_digits=12, decimal_places=2)
    east = models.CharField("四至·东", max_length=100, blank=True)
    south = models.CharField("四至·南", max_length=100, blank=True)
    west = models.CharField("四至·西", max_length=100, blank=True)
    north = models.CharField("四至·北", max_length=100, blank=True)
    use = models.CharField("用途", max_length=16, choices=USES, default="residential")
    household = models.ForeignKey(
        Household,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parcels",
        verbose_name="权利人户",
    )
    certification = models.CharField("确权登记", max_length=16, choices=CERT_STATUS, default="uncertified")
    certificate_number = models.CharField("不动产权证号", max_length=50, blank=True)
    build_status = models.CharField("建设状态", max_length=20, choices=BUILD_STATUS, db_index=True)
    use_status = models.CharField(
        "利用状态", max_length=16, choices=USE_STATUS, default="in_use", db_index=True
    )
    geometry = models.TextField("图形（GeoJSON，EPSG:4490）", blank=True)
    min_x = models.FloatField(null=True, blank=True)
    min_y = models.FloatField(null=True, blank=True)
    max_x = models.FloatField(null=True, blank=True)
    max_y = models.FloatField(null=True, blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["path", "code"]
        verbose_name = "宗地"
        # By village for the overlap check of one site; by position alone for an import's check against
        # every registered parcel near the file, whatever village or scope it belongs to.
        indexes = [
            models.Index(fields=["village", "min_x", "min_y"]),
            models.Index(fields=["min_x", "min_y"]),
        ]

    def __str__(self):
        return self.code

    @property
    def area_mu(self) -> Decimal:
        return (self.area_m2 / SQM_PER_MU).quantize(Decimal("0.0001"))


class House(models.Model):
    STRUCTURES = [
        ("brick_concrete", "砖混"),
        ("brick_wood", "砖木"),
        ("reinforced_concrete", "钢混"),
        ("earth_wood", "土木"),
        ("other", "其他"),
    ]
    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="houses")
    structure = models.CharField("结构", max_length=24, choices=STRUCTURES)
    floors = models.PositiveSmallIntegerField("层数")
    building_area_m2 = models.DecimalField("建筑面积（平方米）", max_digits=10, decimal_places=2)
    year_built = models.PositiveSmallIntegerField("建成年份", null=True, blank=True)

    class Meta:
        verbose_name = "房屋"

    def __str__(self):
        return f"{self.parcel.code} {self.get_structure_display()}"


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
