"""The governance app's tables, one module per part (grids and visits, cases, mediation, teams)."""

from zhenxing.governance.cases.models import Case, DispatchCategory
from zhenxing.governance.mediation.models import Dispute, DisputeParty, MediationPoint, Mediator
from zhenxing.governance.teams.models import Activity, ActivityHours, Team, TeamMember
from zhenxing.governance.visits.models import Visit

__all__ = [
    "Activity", "ActivityHours", "Case", "DispatchCategory", "Dispute", "DisputeParty", "MediationPoint",
    "Mediator", "Team", "TeamMember", "Visit",
]
