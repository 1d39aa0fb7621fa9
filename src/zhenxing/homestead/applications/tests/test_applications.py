"""申请审批: the 2019 procedure walked step by step by the right roles, each refusal in Chinese, the
公示 objections, the departments' signatures, registration into a parcel, scope and deadlines."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from zhenxing.core import workflow
from zhenxing.core.models import AuditEvent
from zhenxing.homestead.applications import selectors as sel
from zhenxing.homestead.applications import services as svc
from zhenxing.homestead.applications.models import Application
from zhenxing.homestead.applications.workflows import APPLICATION
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.orgs import access
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TODAY = timezone.localdate


def actor(w, key):
    return access.actor_for(w.users[key])


def upload(name="申请表.png"):
    return SimpleUploadedFile(name, PNG + name.encode(), content_type="image/png")


def file_(w, who="villager", **extra):
    values = dict(household=w.home, kind="new", reason="分户后无宅基地", location="A街1村三组",
                  geometry=factories.site(), building_area_m2=Decimal("120"), floors=2)
    values.update(extra)
    return svc.file_application(actor=actor(w, who), **values)


def step(w, who, app, name, comment="", **data):
    return svc.take_step(actor=actor(w, who), application=app, transition=name, comment=comment, data=data)


def to_publicity(w):
    app = file_(w)
    svc.attach(actor=actor(w, "villager"), application=app, upload=upload())
    step(w, "villager", app, "submit")
    step(w, "secretary", app, "group_agree", meeting_date=str(TODAY()), attendance="20", votes_for="15")
    return app


def end_publicity(w, app):
    Application.objects.filter(pk=app.pk).update(due_at=timezone.now() - timedelta(days=1))
    app.refresh_from_db()
    step(w, "secretary", app, "publicity_end")


def sign_all(w, app, agree=True):
    for part in ("nr", "housing", "agri"):
        svc.sign_opinion(actor=actor(w, part), application=app, agree=agree, opinion="符合规划")


def test_the_whole_procedure_ends_in_a_registered_parcel_of_the_household(w):
    app = to_publicity(w)
    assert app.state == "publicity" and app.due_at.date() > TODAY()
    end_publicity(w, app)
    step(w, "secretary", app, "village_pass", review_date=str(TODAY()))
    sign_all(w, app)
    step(w, "street", app, "joint_pass", survey_date=str(TODAY()), surveyors="张三、李四")
    step(w, "street", app, "approve")
    app.refresh_from_db()
    assert app.approval_number == f"宅批〔{TODAY().year}〕第{app.code[-6:]}号" and app.approved_on == TODAY()
    step(w, "street", app, "stake_out", stake_date=str(TODAY()))
    photo = svc.attach(actor=actor(w, "street"), application=app, upload=upload("验收照片.png"))
    svc.take_step(actor=actor(w, "street"), application=app, transition="inspect", attachment_ids=[photo.pk],
                  data={"inspection_date": str(TODAY()), "findings": "按批准面积建设"})
    step(w, "street", app, "register", certificate_number="辽(2026)沈北新区不动产权第0000101号",
         parcel_code="210113001201JC90001")
    app.refresh_from_db()
    parcel = app.parcel
    assert app.state == "registered" and app.due_at is None
    assert (parcel.code, parcel.household, parcel.certification, parcel.build_status) == (
        "210113001201JC90001", w.home, "certified", "approved_built")
    assert parcel.area_m2 == app.site_area_m2 and parcel.geometry == app.geometry
    steps = [s.transition for s in workflow.history(app)]
    assert steps == ["submit", "group_agree", "publicity_end", "village_pass", "joint_pass", "approve",
                     "stake_out", "inspect", "register"]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"homestead.application.file", "homestead.application.sign", "homestead.application.approve",
            "homestead.parcel.register"} <= actions


def test_a_villager_files_only_for_their_own_household(w):
    other = factories.household(w.units["village_a1"], collective_member=True)
    with pytest.raises(ValidationError, match="村民只能为本户申请"):
        file_(w, household=other)
    assert file_(w, "secretary", household=other).state == "draft"  # the village may file for anyone


def test_bad_input_is_refused_field_by_field(w):
    with pytest.raises(ValidationError) as exc:
        file_(w, kind="rebuild", reason=" ", floors=9, building_area_m2=Decimal("0"))
    assert set(exc.value.message_dict) == {"old_parcel", "reason", "floors", "building_area_m2"}
    line = factories.site().boundary
    with pytest.raises(ValidationError, match="用地图形"):
        file_(w, geometry=line)
    assert not Application.objects.exists()


def test_submitting_needs_the_application_files(w):
    app = file_(w)
    with pytest.raises(ValidationError, match="至少 1 份材料"):
        step(w, "villager", app, "submit")


def test_each_step_belongs_to_its_part(w):
    app = file_(w)
    svc.attach(actor=actor(w, "villager"), application=app, upload=upload())
    with pytest.raises(ValidationError, match="您不能办理此申请"):
        step(w, "street_b", app, "submit")  # another street: no part at all
    step(w, "villager", app, "submit")
    with pytest.raises(ValidationError, match="角色不能执行"):
        step(w, "street", app, "group_agree", meeting_date=str(TODAY()), attendance="9", votes_for="9")
    with pytest.raises(ValidationError, match="角色不能执行"):
        step(w, "villager", app, "group_agree", meeting_date=str(TODAY()), attendance="9", votes_for="9")


def test_the_group_meeting_needs_a_majority_and_a_real_date(w):
    app = file_(w)
    svc.attach(actor=actor(w, "villager"), application=app, upload=upload())
    step(w, "villager", app, "submit")
    with pytest.raises(ValidationError, match="超过到会人数的一半"):
        step(w, "secretary", app, "group_agree", meeting_date=str(TODAY()), attendance="20", votes_for="10")
    tomorrow = str(TODAY() + timedelta(days=1))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        step(w, "secretary", app, "group_agree", meeting_date=tomorrow, attendance="20", votes_for="15")
    with pytest.raises(ValidationError, match="此项必填"):
        step(w, "secretary", app, "group_agree", attendance="20", votes_for="15")


def test_publicity_runs_its_working_days_and_objections_must_be_dealt_with(w):
    app = to_publicity(w)
    with pytest.raises(ValidationError, match="届满前不能结束公示"):
        step(w, "secretary", app, "publicity_end")
    objection = svc.record_objection(actor=actor(w, "secretary"), application=app, raised_by="李四",
                                     content="占用了我家出路", raised_on=TODAY())
    Application.objects.filter(pk=app.pk).update(due_at=timezone.now() - timedelta(days=1))
    app.refresh_from_db()
    with pytest.raises(ValidationError, match="未处理的公示异议"):
        step(w, "secretary", app, "publicity_end")
    svc.resolve_objection(actor=actor(w, "secretary"), objection=objection, upheld=True, resolution="属实")
    with pytest.raises(ValidationError, match="应退回申请人"):
        step(w, "secretary", app, "publicity_end")
    with pytest.raises(ValidationError, match="须填写理由"):
        step(w, "secretary", app, "village_return")
    step(w, "secretary", app, "village_return", comment="公示异议成立，请调整选址")
    assert app.state == "returned"


def test_publicity_days_come_from_the_rule(w, monkeypatch):
    from zhenxing.homestead.policies import rules

    monkeypatch.setattr(rules, "value", lambda key, on=None: 10 if key == "publicity_working_days" else 350)
    app = to_publicity(w)
    from zhenxing.core import workdays

    assert app.due_at.date() == workdays.add_working_days(TODAY(), 10)


def test_the_joint_review_needs_all_three_departments_agreeing(w):
    app = to_publicity(w)
    end_publicity(w, app)
    step(w, "secretary", app, "village_pass", review_date=str(TODAY()))
    svc.sign_opinion(actor=actor(w, "nr"), application=app, agree=True, opinion="符合国土空间规划")
    with pytest.raises(ValidationError, match="尚待住房和城乡建设、农业农村部门签署"):
        step(w, "street", app, "joint_pass", survey_date=str(TODAY()), surveyors="张三")
    with pytest.raises(ValidationError, match="已签署本轮意见"):
        svc.sign_opinion(actor=actor(w, "nr"), application=app, agree=True, opinion="再签")
    with pytest.raises(ValidationError, match="不参加宅基地联审"):
        svc.sign_opinion(actor=actor(w, "water"), application=app, agree=True, opinion="同意")
    svc.sign_opinion(actor=actor(w, "housing"), application=app, agree=False, opinion="层数超标")
    svc.sign_opinion(actor=actor(w, "agri"), application=app, agree=True, opinion="符合一户一宅")
    with pytest.raises(ValidationError, match="住房和城乡建设部门不同意"):
        step(w, "street", app, "joint_pass", survey_date=str(TODAY()), surveyors="张三")
    step(w, "street", app, "street_return", comment="住建部门意见：层数超标")
    # Back through the village: a new round, in which every department signs again.
    svc.attach(actor=actor(w, "villager"), application=app, upload=upload("修改后.png"))
    step(w, "villager", app, "submit")
    step(w, "secretary", app, "group_agree", meeting_date=str(TODAY()), attendance="20", votes_for="15")
    end_publicity(w, app)
    step(w, "secretary", app, "village_pass", review_date=str(TODAY()))
    app.refresh_from_db()
    assert app.review_round == 2
    sign_all(w, app)
    step(w, "street", app, "joint_pass", survey_date=str(TODAY()), surveyors="张三")
    assert app.state == "approval"


def test_signing_outside_the_joint_review_is_refused(w):
    app = file_(w)
    with pytest.raises(ValidationError, match="不在街道联审阶段"):
        svc.sign_opinion(actor=actor(w, "nr"), application=app, agree=True, opinion="同意")


def test_rejection_needs_a_reason_and_ends_the_application(w):
    app = factories.application(w.home, w.users["secretary"], state="approval")
    with pytest.raises(ValidationError, match="须填写理由"):
        step(w, "street", app, "reject")
    step(w, "street", app, "reject", comment="占用永久基本农田")
    assert app.state == "rejected" and APPLICATION.available("rejected", {"street"}) == []


def test_registering_checks_the_parcel_code(w):
    app = factories.application(w.home, w.users["secretary"], state="accepted")
    taken = factories.parcel(w.units["village_a1"])
    for code, message in (("123", "应为19位"), ("210113002201JC00001", "应以村代码"),
                          (taken.code, "已登记")):
        with pytest.raises(ValidationError, match=message):
            step(w, "street", app, "register", certificate_number="证1", parcel_code=code)
    assert Parcel.objects.count() == 1


def test_a_rebuild_keeps_the_parcel_and_a_relocation_returns_the_old_one(w):
    old = factories.parcel(w.units["village_a1"], w.home, area_m2="180")
    rebuild = factories.application(w.home, w.users["secretary"], state="accepted", kind="rebuild",
                                    old_parcel=old)
    step(w, "street", rebuild, "register", certificate_number="证2")
    old.refresh_from_db()
    assert rebuild.parcel == old and old.geometry == rebuild.geometry and old.certificate_number == "证2"
    second = factories.parcel(w.units["village_a1"], w.home)
    move = factories.application(w.home, w.users["secretary"], state="accepted", kind="relocate",
                                 old_parcel=second, lon=123.7)
    step(w, "street", move, "register", certificate_number="证3", parcel_code="210113001201JC90002")
    second.refresh_from_db()
    assert (second.household, second.use_status) == (None, "idle")
    assert move.parcel.household == w.home


def test_scope_a_villager_sees_their_own_and_another_street_nothing(w):
    mine = file_(w)
    other_home = factories.household(w.units["village_a1"])
    theirs = factories.application(other_home, w.users["secretary"])
    assert list(sel.applications(actor=actor(w, "villager"))) == [mine]
    with pytest.raises(Http404):
        sel.application(actor=actor(w, "villager"), pk=theirs.pk)
    with pytest.raises(Http404):
        sel.application(actor=actor(w, "street_b"), pk=mine.pk)
    with pytest.raises(Http404):  # a department sees an application only in its step, the joint review
        sel.application(actor=actor(w, "nr"), pk=mine.pk)


def test_overdue_and_near_lists_per_street(w):
    late = factories.application(w.home, w.users["secretary"], state="village_review",
                                 due_at=timezone.now() - timedelta(days=3))
    factories.application(w.home, w.users["secretary"], state="joint_review",
                          due_at=timezone.now() + timedelta(days=1))
    factories.application(w.home, w.users["secretary"], state="draft",
                          due_at=timezone.now() - timedelta(days=3))  # a draft is the applicant's own
    rows = sel.deadlines_by_street(actor=actor(w, "street"))
    assert [(r["street"], r["open"], r["overdue"], r["near"]) for r in rows] == [
        (w.units["street_a"], 2, 1, 1)]
    listed = sel.applications(actor=actor(w, "street"), filters=sel.ApplicationFilter(deadline="overdue"))
    assert list(listed) == [late]


def test_an_objection_upheld_in_an_earlier_publicity_does_not_block_the_next(w):
    app = to_publicity(w)
    objection = svc.record_objection(actor=actor(w, "secretary"), application=app, raised_by="李四",
                                     content="占路", raised_on=TODAY())
    svc.resolve_objection(actor=actor(w, "secretary"), objection=objection, upheld=True, resolution="属实")
    step(w, "secretary", app, "village_return", comment="请调整选址")
    step(w, "villager", app, "submit")
    step(w, "secretary", app, "group_agree", meeting_date=str(TODAY()), attendance="20", votes_for="15")
    end_publicity(w, app)
    assert app.state == "village_review"


def test_registration_refuses_an_old_parcel_the_household_no_longer_holds(w):
    old = factories.parcel(w.units["village_a1"], w.home)
    app = factories.application(w.home, w.users["secretary"], state="accepted", kind="rebuild",
                                old_parcel=old)
    Parcel.objects.filter(pk=old.pk).update(household=None)  # recovered by the collective meanwhile
    with pytest.raises(ValidationError, match="已不属于申请户"):
        step(w, "street", app, "register", certificate_number="证9")
    old.refresh_from_db()
    assert old.household is None and old.certificate_number == ""


def test_odd_digits_in_the_meeting_figures_are_refused_not_crashed_on(w):
    app = factories.application(w.home, w.users["secretary"], state="group_review")
    for attendance, votes, message in (("²0", "15", "应为整数"), ("20", "25", "不能多于到会人数")):
        with pytest.raises(ValidationError, match=message):
            step(w, "secretary", app, "group_agree", meeting_date=str(TODAY()), attendance=attendance,
                 votes_for=votes)
