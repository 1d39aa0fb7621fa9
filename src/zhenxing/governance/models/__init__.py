"""The governance app's tables, one module per part (grids and visits, cases, mediation, teams)."""

__all__: list[str] = []

# --- cases (吹哨报到) ---
from zhenxing.governance.models.cases import Case, DispatchCategory  # noqa: E402

__all__ += ["Case", "DispatchCategory"]
# --- end cases ---
