"""待办: the work waiting on each person, declared by the modules, and the queue built from it.

A module declares each kind of work that waits on someone as a `Waiting`: the records it covers for a given
actor (already limited to the actor's scope by the module's own selector), who is to be told when a record
starts waiting (its recipients), the deadline field, and how to name and open one record. For a workflow
this is derived from its declaration: every state that is not final waits on each role that has a step out
of it (`workflow_waiting`), so a new workflow gets its queue, its counts and its notifications by declaring
the parties' rows and recipients once.

Core knows nothing of users' roles: `rows` and `recipients` are the module's functions (through orgs).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F, QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class Party:
    """One role of a workflow as the queue sees it: the records of a state it acts on for an actor (None: the
    actor plays no such role), and the users to tell when a record starts waiting on it."""

    rows: Callable[[object], QuerySet | None]
    recipients: Callable[[object], Iterable] = lambda record: ()
    # Where the role may step in but its work is elsewhere (the street may start a village's rectification,
    # yet waits only on one reported done): the states it is waited on in; None, every one it has a step from.
    states: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Waiting:
    key: str  # "governance.case.whistled.street"
    module: str  # "吹哨报到"
    label: str  # "已吹哨（待派单）"
    rows: Callable[[object], QuerySet | None]
    title: Callable[[object], str]
    url: Callable[[object], str]
    recipients: Callable[[object], Iterable] = lambda record: ()
    actions: str = ""  # what the actor does ("派单"), said beside the label
    due_field: str | None = "due_at"
    since_field: str | None = "state_since"
    workflow: str = ""  # the workflow and state it derives from: a step into it tells its recipients
    state: str = ""
    list_url: Callable[[object], str] | None = None  # the register filtered to these records
    # Every record of the kind regardless of who asks: what the deadline sweep walks.
    model: type | None = None
    model_filter: dict = field(default_factory=dict)


_registry: dict[str, Waiting] = {}


def register(*entries: Waiting) -> None:
    for entry in entries:
        _registry[entry.key] = entry


def registered() -> list[Waiting]:
    return list(_registry.values())


def waiting_in(workflow_key: str, state: str) -> list[Waiting]:
    return [w for w in _registry.values() if w.workflow == workflow_key and w.state == state]


def workflow_waiting(workflow, *, model, module: str, parties: dict[str, Party], title, url,
                     list_url=None, states: Iterable[str] | None = None) -> list[Waiting]:
    """One `Waiting` per (state, role) where the role has a step out of a state that is not final."""
    found = []
    for state, state_label in workflow.states.items():
        if state in workflow.final or (states is not None and state not in states):
            continue
        for role, party in parties.items():
            steps = [t for t in workflow.transitions if state in t.sources and role in t.roles]
            if not steps or (party.states is not None and state not in party.states):
                continue
            found.append(Waiting(
                key=f"{workflow.key}.{state}.{role}", module=module, label=state_label,
                rows=_in_state(party.rows, state), recipients=party.recipients, title=title, url=url,
                actions="、".join(t.label for t in steps), workflow=workflow.key, state=state,
                list_url=(lambda actor, s=state: list_url(actor, s)) if list_url else None,
                model=model, model_filter={"state": state}))
    return found


def _in_state(rows, state):
    def rows_in_state(actor):
        qs = rows(actor)
        return None if qs is None else qs.filter(state=state)
    return rows_in_state


@dataclass
class Item:
    waiting: Waiting
    record: object
    due: datetime | None
    since: datetime | None

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.now()

    @property
    def title(self) -> str:
        return self.waiting.title(self.record)

    @property
    def url(self) -> str:
        return self.waiting.url(self.record)


@dataclass
class Kind:
    waiting: Waiting
    count: int
    overdue: int
    list_url: str = ""


@dataclass
class Queue:
    kinds: list[Kind] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(k.count for k in self.kinds)

    @property
    def overdue(self) -> int:
        return sum(k.overdue for k in self.kinds)


def _order(w: Waiting) -> list:
    if w.due_field:
        return [F(w.due_field).asc(nulls_last=True), "pk"]
    return [F(w.since_field).asc(nulls_last=True), "pk"] if w.since_field else ["pk"]


def queue(actor, *, per_kind: int = 20, now: datetime | None = None) -> Queue:
    """The actor's queue: every kind with its counts, and the first records of each merged by deadline
    (overdue first, then the nearest deadline, then those without one, oldest first)."""
    now = now or timezone.now()
    result = Queue()
    for w in _registry.values():
        qs = w.rows(actor)
        if qs is None:
            continue
        count = qs.count()
        if not count:
            continue
        overdue = qs.filter(**{f"{w.due_field}__lt": now}).count() if w.due_field else 0
        result.kinds.append(Kind(w, count, overdue, w.list_url(actor) if w.list_url else ""))
        for record in qs.order_by(*_order(w))[:per_kind]:
            result.items.append(Item(w, record, getattr(record, w.due_field) if w.due_field else None,
                                     getattr(record, w.since_field) if w.since_field else None))
    far = datetime.max.replace(tzinfo=timezone.get_current_timezone())
    result.items.sort(key=lambda i: (i.due is None, i.due or far, i.since or far))
    result.kinds.sort(key=lambda k: (-k.overdue, k.waiting.module, -k.count))
    return result


def counts(actor, *, now: datetime | None = None) -> tuple[int, int]:
    """(waiting, overdue) for the menu's badge: counts only, no rows."""
    now = now or timezone.now()
    total = late = 0
    for w in _registry.values():
        qs = w.rows(actor)
        if qs is None:
            continue
        total += qs.count()
        if w.due_field:
            late += qs.filter(**{f"{w.due_field}__lt": now}).count()
    return total, late
