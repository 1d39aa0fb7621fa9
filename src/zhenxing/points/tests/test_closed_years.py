"""A closed year takes no more postings; openings happen once whichever comes first; indicators count
only points that stand; a village may tighten the district's items, not loosen them; a villager who is a
party member reads their own party points."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from zhenxing.core.indicators import registry
from zhenxing.core.models import LedgerEntry
from zhenxing.orgs import access
from zhenxing.points import accounts
from zhenxing.points.claims import selectors as claim_selectors
from zhenxing.points.claims import services
from zhenxing.points.publish import services as publish
from zhenxing.points.shop import services as shop
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LAST = TODAY.year - 1


@pytest.fixture
def w(district):
    a1, county = district["village_a1"], district["county"]
    home = factories.household(a1, district["grid_a1"])
    head = factories.person(home, name="王建国", political_status="cpc")
    member = factories.party_member(head, factories.branch(a1), classification="in_village")
    party = factories.claims_scheme(county, code="DY", subject="member", floor=0, year_end="reset")
    factories.points_category(party, "duty", "履职尽责", "#1565c0")
    book = factories.claims_rule_book(party, county, bases={"in_village": 60, "": 50})
    seven = factories.claims_scheme(county, code="QS", subject="household", floor=0, year_end="carry",
                                    spendable=True)
    factories.points_category(seven, "green", "人居环境", "#2e7d32")
    return {
        "district": district, "home": home, "member": member, "county": county, "party": party,
        "seven": seven,
        "party_item": factories.claims_rule_item(book, points=2, code="D9", name="其他"),
        "home_item": factories.claims_rule_item(factories.claims_rule_book(seven, county), points=5,
                                                code="G1", name="庭院整洁"),
        "grid": access.actor_for(factories.user("grid_worker", district["grid_a1"])),
        "secretary": access.actor_for(factories.user("village_secretary", a1)),
        "admin": access.actor_for(factories.user("district_admin", county)),
    }


def approved(w, on, *, household=False):
    holder = {"household": w["home"]} if household else {"member": w["member"]}
    scheme, item = (w["seven"], w["home_item"]) if household else (w["party"], w["party_item"])
    c = services.propose(actor=w["grid"], scheme=scheme, item=item, quantity=1, occurred_on=on,
                         description="入户核实", **holder)
    return services.approve(actor=w["secretary"], claim=c)


def close(w, scheme):
    return publish.close_year(actor=w["admin"], scheme=scheme, county=w["county"], year=LAST)


def test_a_claim_in_a_closed_year_is_refused_when_proposed_and_when_approved(w):
    waiting = services.propose(actor=w["grid"], scheme=w["party"], item=w["party_item"], member=w["member"],
                               quantity=1, occurred_on=date(LAST, 12, 30), description="年底值守")
    close(w, w["party"])
    with pytest.raises(ValidationError, match=f"{LAST}年度.*已结算，不能再记入该年度"):
        approved(w, date(LAST, 12, 29))
    with pytest.raises(ValidationError, match="已结算，不能再记入该年度，请退回"):
        services.approve(actor=w["secretary"], claim=waiting)


def test_a_correction_into_a_closed_year_is_refused_and_the_carried_points_stay(w):
    c = approved(w, date(LAST, 5, 1), household=True)
    close(w, w["seven"])
    with pytest.raises(ValidationError, match="不能冲正"):
        services.correct(actor=w["secretary"], claim=c, reason="误报")
    assert accounts.account(w["seven"], w["home"], TODAY.year).balance == 5


def test_only_a_past_year_can_be_closed(w):
    with pytest.raises(ValidationError, match="只能结算已经过去的年度"):
        publish.close_year(actor=w["admin"], scheme=w["party"], county=w["county"], year=TODAY.year)


def test_the_base_is_posted_once_when_a_new_year_claim_comes_before_the_close(w):
    approved(w, date(LAST, 6, 1))
    approved(w, TODAY)  # opens this year's account with the base of 60, then +2
    close(w, w["party"])
    account = accounts.account(w["party"], w["member"], TODAY.year)
    account.refresh_from_db()
    assert account.balance == 62
    assert LedgerEntry.objects.filter(account=account, kind="opening").count() == 1


def test_a_carrying_scheme_waits_for_the_close_to_bring_last_years_balance(w):
    approved(w, date(LAST, 6, 1), household=True)
    approved(w, TODAY, household=True)
    close(w, w["seven"])
    account = accounts.account(w["seven"], w["home"], TODAY.year)
    account.refresh_from_db()
    assert account.balance == 10


def test_redeemed_points_count_points_not_stock_and_returns_do_not_count(w):
    a1 = w["district"]["village_a1"]
    keeper = w["secretary"]
    s = shop.open_shop(actor=keeper, village=a1, name="A街1村积分超市", scheme=w["seven"])
    oil = shop.add_goods(actor=keeper, shop=s, name="食用油", unit="桶", price="10")
    shop.stock_in(actor=keeper, goods=oil, quantity="50", source="捐赠")
    factories.points_entry(w["seven"], w["home"], 100, TODAY)
    shop.redeem(actor=keeper, shop=s, goods=oil, household=w["home"], quantity="3",
                request_key="request-0001")
    returned = shop.redeem(actor=keeper, shop=s, goods=oil, household=w["home"], quantity="1",
                           request_key="request-0002")
    shop.cancel_redemption(actor=keeper, redemption=returned, reason="破损")
    assert registry.get("points.redeemed").value(w["county"].path) == 30


def test_a_bad_branch_in_the_ranking_query_is_a_message_not_a_crash(client, w):
    client.force_login(w["secretary"].user)
    response = client.get("/points/rankings/", {"period": str(LAST), "branch": "²"})
    assert response.status_code == 200 and "党支部编号应为数字" in response.content.decode()


def test_a_villager_reads_their_own_party_points_and_nobody_elses(w):
    head = w["member"].person
    user = factories.user("villager", w["district"]["village_a1"])
    head.user = user
    head.save(update_fields=["user"])
    villager = access.actor_for(user)
    assert claim_selectors.holder(actor=villager, kind="member", pk=w["member"].pk) == w["member"]
    other = factories.party_member(factories.person(factories.household(w["district"]["village_a1"])),
                                   w["member"].branch)
    with pytest.raises(Http404):
        claim_selectors.holder(actor=villager, kind="member", pk=other.pk)
