"""What the search box finds of 流转: a contract by the beginning of its number (LZ-2024-…), or by the whole
ID number of a person it was made with (through the keyed hash), in the transfer register's scope."""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from zhenxing.core import personal
from zhenxing.homestead.transfers import selectors
from zhenxing.homestead.transfers.models import TransferContract
from zhenxing.orgs import access, search


def _contracts(actor, query: search.Query):
    if query.id_number:
        match = {"transferee_id_hash": personal.lookup_hash(query.id_number)}
        found = selectors.transfers(actor=actor).filter(**match)
        return found.order_by(*search.by_key("code", newest_first=True))
    if not query.code_like:
        return TransferContract.objects.none()
    # Newest first: a number holds its year and sequence.
    found = selectors.transfers(actor=actor).filter(search.prefix("code", query.upper))
    return found.order_by(*search.by_key("code", newest_first=True))


def _hit(c: TransferContract) -> search.Hit:
    status = c.status_label(timezone.localdate())
    return search.Hit(c.code, f"{c.village.name} · 宗地 {c.parcel.code} · {c.get_kind_display()}给"
                      f"{c.transferee_name} · {status}", reverse("homestead:transfer", args=[c.pk]))


def _register(actor, query: search.Query) -> str | None:
    if query.id_number:  # the register's text filter does not look up ID numbers
        return None
    return f"{reverse('homestead:transfers')}?{urlencode({'q': query.upper})}"


search.register(search.Kind(
    key="contract", label="流转合同", order=60, capabilities=(access.VIEW_PEOPLE,), find=_contracts,
    hit=_hit, register_url=_register, hint="合同编号（如 LZ-2024-000123），或流入方完整的身份证号"))
