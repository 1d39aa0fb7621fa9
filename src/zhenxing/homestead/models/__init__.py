"""The homestead app's tables, one module per part of the system (each module's docstring says which)."""

from zhenxing.homestead.models.applications import Application, Objection, ReviewOpinion
from zhenxing.homestead.models.farmland import FarmlandPlot
from zhenxing.homestead.models.parcels import SQM_PER_MU, House, Parcel

__all__ = ["SQM_PER_MU", "Application", "FarmlandPlot", "House", "Objection", "Parcel", "ReviewOpinion"]
