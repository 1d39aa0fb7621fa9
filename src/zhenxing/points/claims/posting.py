"""What an approved claim posts to its holder's ledger account (积分申报): the amount and memo (a deduction
clamped at the account's floor, and saying so), and the base points a year's party member account opens with.
Reads only: claims.services posts them, and the demo's bulk claims post the same figures.
"""

from datetime import date

from zhenxing.people.models import PartyMember
from zhenxing.points.claims.models import Claim
from zhenxing.points.rules import selectors as rules
from zhenxing.points.rules.models import Scheme


def base_points(scheme: Scheme, holder, year: int, on: date) -> int:
    """The year's opening points: the rule book in force on 1 January (or, for a book that came into
    force later in the year, on `on`), by the member's classification ("" for the default)."""
    book = rules.book_at(scheme, holder.path, date(year, 1, 1)) or rules.book_at(scheme, holder.path, on)
    return rules.base_of(book, holder.classification if isinstance(holder, PartyMember) else "")


def posting(claim: Claim, *, balance: int, floor: int | None) -> tuple[int, str]:
    """The amount and memo an approved claim posts to an account at `balance`. A deduction never fails:
    it takes the balance to the floor, and says so."""
    amount, memo = claim.points, f"{claim.item.name}（{claim.code}）"
    if amount < 0 and floor is not None and balance + amount < floor:
        clamped = min(0, floor - balance)
        memo += f"；应扣 {-amount} 分，余额 {balance} 分，按最低分 {floor} 实扣 {-clamped} 分"
        amount = clamped
    return amount, memo
