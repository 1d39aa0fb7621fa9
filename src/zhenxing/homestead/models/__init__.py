"""The homestead app's tables, one module per part of the system (each module's docstring says which)."""

from zhenxing.homestead.models.parcels import SQM_PER_MU, House, Parcel

__all__ = ["SQM_PER_MU", "House", "Parcel"]

# --- 流转, 有偿使用, 自愿有偿退出 (modules 5–7) ---
from zhenxing.homestead.models.use_rights import (  # noqa: E402
    ExitApplication,
    FeeBill,
    FeePayment,
    FeeReduction,
    TransferContract,
)

__all__ += ["ExitApplication", "FeeBill", "FeePayment", "FeeReduction", "TransferContract"]
