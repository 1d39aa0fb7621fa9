"""The homestead app's tables, one module per part of the system (each module's docstring says which)."""

from zhenxing.homestead.models.applications import Application, Objection, ReviewOpinion
from zhenxing.homestead.models.farmland import FarmlandPlot
from zhenxing.homestead.models.parcels import SQM_PER_MU, House, Parcel
from zhenxing.homestead.models.policies import Policy, PolicyRule, PolicyVersion
from zhenxing.homestead.models.revitalise import (
    IdleSurvey,
    Inspection,
    ProjectParcel,
    RevitalisationProject,
    Violation,
)
from zhenxing.homestead.models.use_rights import (
    ExitApplication,
    FeeBill,
    FeePayment,
    FeeReduction,
    TransferContract,
)

__all__ = [
    "SQM_PER_MU", "Application", "ExitApplication", "FarmlandPlot", "FeeBill", "FeePayment", "FeeReduction",
    "House", "IdleSurvey", "Inspection", "Objection", "Parcel", "Policy", "PolicyRule", "PolicyVersion",
    "ProjectParcel", "ReviewOpinion", "RevitalisationProject", "TransferContract", "Violation",
]
