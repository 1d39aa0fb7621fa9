from django.db import models

from zhenxing.core.paths import PathField


class Snapshot(models.Model):
    """An indicator's value for one unit and one period, as a refresh found it: the sum of the unit's
    records, so that a page above the village reads a row per unit instead of scanning the records."""

    indicator = models.CharField(max_length=64)
    period = models.CharField(max_length=24)  # core.periods.Period.key
    path = PathField()
    value = models.DecimalField(max_digits=24, decimal_places=4)

    class Meta:
        verbose_name = "统计快照"
        constraints = [models.UniqueConstraint(fields=["period", "path", "indicator"],
                                               name="one_snapshot_value")]

    def __str__(self):
        return f"{self.indicator} {self.path} {self.period}"


class SnapshotRun(models.Model):
    """That the units under `root_path` were counted for `period` at `computed_at`: a unit without a row
    of its own then has nothing to count (0), rather than not having been counted."""

    root_path = PathField()
    period = models.CharField(max_length=24)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = "快照统计记录"
        constraints = [models.UniqueConstraint(fields=["period", "root_path"], name="one_snapshot_run")]

    def __str__(self):
        return f"{self.root_path} {self.period}"
