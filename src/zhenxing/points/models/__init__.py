"""Points (积分制, DOMAIN.md §7): schemes, versioned rule catalogues (积分细则) and claims (积分申报).

Balances are not stored here: they are `core.ledger` accounts, one per holder, scheme and year
(`points.accounts`). Each part of the app keeps its tables in its own module.
"""

from zhenxing.points.claims.models import Claim, Meeting
from zhenxing.points.models.shop import Goods, Redemption, Shop, StockIn
from zhenxing.points.publish.models import Objection, Publication, YearClose, YearResult
from zhenxing.points.rules.models import Category, RuleBook, RuleItem, Scheme

__all__ = ["Category", "Claim", "Goods", "Meeting", "Objection", "Publication", "Redemption", "RuleBook",
           "RuleItem", "Scheme", "Shop", "StockIn", "YearClose", "YearResult"]
