"""The governance app's tables, each in its module's models.py (visits, cases, mediation, teams).

Django loads the app's tables from here; import a model from its module."""

from zhenxing.governance.cases import models as cases_models  # noqa: F401
from zhenxing.governance.mediation import models as mediation_models  # noqa: F401
from zhenxing.governance.teams import models as teams_models  # noqa: F401
from zhenxing.governance.visits import models as visits_models  # noqa: F401
