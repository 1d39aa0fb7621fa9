"""The governance app's tables, one module per part (grids and visits, cases, mediation, teams)."""

__all__: list[str] = []

# --- mediation (评理说事) ---
from zhenxing.governance.models.mediation import Dispute, DisputeParty, MediationPoint, Mediator  # noqa: E402
from zhenxing.governance.models.teams import Mission, MissionHours, ServiceTeam, TeamMember  # noqa: E402

__all__ += ["Dispute", "DisputeParty", "MediationPoint", "Mediator", "Mission", "MissionHours", "ServiceTeam",
            "TeamMember"]
