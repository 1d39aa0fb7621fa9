"""An append-only ledger of whole-number balances (points, stock) — DESIGN.md "Ledger".

Every post locks the account rows it touches (in id order, so two posts over the same accounts never
deadlock), checks the floor against the locked balance, appends the entries and moves the balances in
one transaction. Concurrent spends therefore queue on the row lock, and a balance never passes its
floor. A post may carry a `key`: a retried post with the same key returns the entries already made
instead of posting twice. Corrections are reversing entries (`reverse`).

Core knows nothing of households or shops: a book and a holder are strings the caller chooses, and the
caller audits the business action the posting belongs to.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from zhenxing.core.models import LedgerAccount, LedgerEntry


class BelowFloor(ValidationError):
    """A post would take an account below its floor (余额或库存不足)."""


@dataclass(frozen=True)
class Line:
    account_id: int
    amount: int
    kind: str
    category: str = ""
    memo: str = ""
    ref: str = ""
    reverses_id: int | None = None


def open_account(*, book: str, holder: str, scope_path: str, floor: int | None = 0) -> LedgerAccount:
    """The holder's account in the book, made on first use."""
    account = LedgerAccount.objects.filter(book=book, holder=holder).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            return LedgerAccount.objects.create(book=book, holder=holder, scope_path=scope_path, floor=floor)
    except IntegrityError:  # opened by a concurrent request a moment ago
        return LedgerAccount.objects.get(book=book, holder=holder)


def _keyed(key: str | None, n: int, count: int) -> str | None:
    if key is None:
        return None
    return key if count == 1 else f"{key}#{n}"


def _posted(key: str, count: int) -> list[LedgerEntry]:
    keys = [_keyed(key, n, count) for n in range(count)]
    return list(LedgerEntry.objects.filter(key__in=keys).order_by("pk"))


def _locked(lines: list[Line]) -> dict[int, LedgerAccount]:
    """The lines' accounts, locked in id order (so that two posts over the same accounts never deadlock)."""
    ids = sorted({line.account_id for line in lines})
    accounts = {a.pk: a for a in LedgerAccount.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    if len(accounts) != len(ids):
        raise ValidationError("账户不存在")
    return accounts


def _entries(accounts: dict[int, LedgerAccount], lines: list[Line], keys: list[str | None], actor,
             occurred_on: date | None, insufficient: str) -> list[LedgerEntry]:
    """The unsaved entries of `lines`, moving the locked accounts' balances; refused below a floor."""
    on = occurred_on or timezone.localdate()
    user = actor if getattr(actor, "is_authenticated", False) else None
    entries = []
    for line, key in zip(lines, keys, strict=True):
        account = accounts[line.account_id]
        after = account.balance + line.amount
        if line.amount < 0 and account.floor is not None and after < account.floor:
            raise BelowFloor(f"{insufficient}：现有 {account.balance}，需要 {-line.amount}")
        account.balance = after
        entries.append(LedgerEntry(account=account, amount=line.amount, balance_after=after, kind=line.kind,
                                   category=line.category, memo=line.memo[:200], ref=line.ref, occurred_on=on,
                                   key=key, actor=user, reverses_id=line.reverses_id))
    return entries


@transaction.atomic
def post_many(lines: list[Line], *, actor=None, occurred_on: date | None = None, key: str | None = None,
              insufficient: str = "余额不足") -> list[LedgerEntry]:
    """Append `lines` together, all or none. `insufficient` is the message when a floor would be passed."""
    if not lines:
        return []
    if key is not None:
        done = _posted(key, len(lines))
        if done:
            return done
    accounts = _locked(lines)
    if key is not None:  # a concurrent retry may have posted while we waited for the lock
        done = _posted(key, len(lines))
        if done:
            return done
    keys = [_keyed(key, n, len(lines)) for n in range(len(lines))]
    entries = _entries(accounts, lines, keys, actor, occurred_on, insufficient)
    for entry in entries:
        entry.save()
    for account in accounts.values():
        account.save(update_fields=["balance"])
    return entries


def post(*, account: LedgerAccount, amount: int, kind: str, actor=None, category: str = "", memo: str = "",
         ref: str = "", occurred_on: date | None = None, key: str | None = None,
         insufficient: str = "余额不足") -> LedgerEntry:
    line = Line(account.pk, amount, kind, category, memo, ref)
    return post_many([line], actor=actor, occurred_on=occurred_on, key=key, insufficient=insufficient)[0]


@transaction.atomic
def reverse(*, entry: LedgerEntry, actor=None, memo: str = "", occurred_on: date | None = None,
            insufficient: str = "余额不足，无法冲正") -> LedgerEntry:
    """Undo `entry` with an entry of the opposite amount; an entry is reversed at most once, so reversing
    it again returns the first reversal."""
    entry = LedgerEntry.objects.select_related("account").get(pk=entry.pk)
    if entry.reverses_id is not None:
        raise ValidationError("冲正记录不能再冲正")
    done = LedgerEntry.objects.filter(reverses=entry).first()
    if done is not None:  # reversed already (a retried request): nothing more to post
        return done
    line = Line(entry.account_id, -entry.amount, "reversal", entry.category, memo or f"冲正 #{entry.pk}",
                entry.ref, reverses_id=entry.pk)
    (new,) = post_many([line], actor=actor, occurred_on=occurred_on, key=f"reverse:{entry.pk}",
                       insufficient=insufficient)
    return new


def entries_sum(account: LedgerAccount) -> int:
    return LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"] or 0


# --- batch jobs (year-end openings): many independent postings, each under its own key -------------------

def open_accounts(*, book: str, holders: list[tuple[str, str]],
                  floor: int | None = 0) -> dict[str, LedgerAccount]:
    """The accounts of (holder, scope_path) pairs in the book, those missing made in one insert."""
    wanted = dict(holders)
    LedgerAccount.objects.bulk_create(
        [LedgerAccount(book=book, holder=h, scope_path=p, floor=floor) for h, p in wanted.items()],
        batch_size=2000, ignore_conflicts=True)
    return {a.holder: a for a in LedgerAccount.objects.filter(book=book, holder__in=list(wanted))}


@transaction.atomic
def post_each(lines: list[Line], keys: list[str], *, actor=None, occurred_on: date | None = None,
              insufficient: str = "余额不足") -> list[LedgerEntry]:
    """Post each line under its own key (a line whose key is posted already is skipped: a resumed batch),
    with the same locks and floor checks as `post_many`, in one transaction and a few statements."""
    if len(lines) != len(keys):
        raise ValueError("one key per line")
    done = set(LedgerEntry.objects.filter(key__in=keys).values_list("key", flat=True))
    todo = [(line, key) for line, key in zip(lines, keys, strict=True) if key not in done]
    if not todo:
        return []
    todo_lines, todo_keys = [line for line, _ in todo], [key for _, key in todo]
    entries = _entries(_locked(todo_lines), todo_lines, todo_keys, actor, occurred_on, insufficient)
    LedgerEntry.objects.bulk_create(entries, batch_size=2000)
    # One UPDATE per distinct change (the rows are locked): openings repeat few amounts, and a CASE per
    # row (bulk_update) costs more than the inserts.
    moved: dict[int, int] = {}
    for e in entries:
        moved[e.account_id] = moved.get(e.account_id, 0) + e.amount
    deltas: dict[int, list[int]] = {}
    for pk, change in moved.items():
        deltas.setdefault(change, []).append(pk)
    for change, pks in deltas.items():
        if change:
            for start in range(0, len(pks), 900):
                chunk = pks[start:start + 900]
                LedgerAccount.objects.filter(pk__in=chunk).update(balance=F("balance") + change)
    return entries
