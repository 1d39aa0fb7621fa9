"""The homestead app's tables, one module per part of the system (each module's docstring says which)."""

from zhenxing.homestead.models.parcels import SQM_PER_MU, House, Parcel

__all__ = ["SQM_PER_MU", "House", "Parcel"]

# --- 闲置盘活, 执法监管 (modules 8, 9) and 政策制度 (module 10) ---
from zhenxing.homestead.models.policies import Policy, PolicyRule, PolicyVersion  # noqa: E402
from zhenxing.homestead.models.revitalise import (  # noqa: E402
    IdleSurvey,
    Inspection,
    ProjectParcel,
    RevitalisationProject,
    Violation,
)

__all__ += [
    "IdleSurvey", "Inspection", "Policy", "PolicyRule", "PolicyVersion", "ProjectParcel",
    "RevitalisationProject", "Violation",
]
