"""Points (积分制, DOMAIN.md §7): Django loads the app's tables from here; import a model from its module.

Balances are not stored in these tables: they are `core.ledger` accounts, one per holder, scheme and year
(`points.accounts`).
"""

from zhenxing.points.claims import models as claims_models  # noqa: F401
from zhenxing.points.publish import models as publish_models  # noqa: F401
from zhenxing.points.rules import models as rules_models  # noqa: F401
from zhenxing.points.shop import models as shop_models  # noqa: F401
