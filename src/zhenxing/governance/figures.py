"""What the modules' indicators share: their group on the dashboards, and the levels a figure counted by
village means something at (the village and every level above it)."""

from zhenxing.orgs import codes

GROUP = "强治理"
UP_TO_VILLAGE = tuple(codes.LEVELS[: codes.LEVELS.index("village") + 1])
