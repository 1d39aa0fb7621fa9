"""An audit event as people read it (core.audit_labels): its action and object by their Chinese names, its
changes as rows of 原值/新值 with the fields' own names, and every value spelt out (no Python dict)."""

from zhenxing.core import audit_labels
from zhenxing.core.audit_labels import Row


def rows(action, object_type, changes):
    return [(r.label, r.before, r.after, r.change) for r in
            audit_labels.change_rows(action=action, object_type=object_type, changes=changes)]


def test_an_action_is_named_by_its_module_its_workflow_or_its_import():
    assert audit_labels.action_label("person.reveal") == "查看身份证号和电话"
    assert audit_labels.action_label("governance.case.resolve") == "吹哨报到：办结"
    assert audit_labels.action_label("homestead.application.submit") == "宅基地申请审批：提交申请"
    assert audit_labels.action_label("import.persons") == "人员导入"
    assert audit_labels.action_label("no.such.action") == ""


def test_an_object_type_is_named_by_its_model_or_its_declaration():
    assert audit_labels.object_label("governance.case") == "案件"
    assert audit_labels.object_label("auth.user") == "用户账号"
    assert audit_labels.object_label("orgs.export") == "台账导出"
    assert audit_labels.object_label("nothing.here") == ""


def test_a_person_types_part_of_a_chinese_name_to_find_the_actions():
    found = audit_labels.actions_matching("办结")
    assert "governance.case.resolve" in found and "governance.case.village_close" in found
    assert audit_labels.actions_matching("身份证") == ["person.reveal"]
    assert audit_labels.actions_matching("  ") == []


def test_a_change_is_a_row_with_the_fields_name_before_and_after():
    assert rows("homestead.fee.pay", "homestead.feebill",
                {"paid_yuan": ["0.00", "120.00"], "receipt_number": "SJ-1", "paid_on": "2024-03-05"}) == [
        ("已缴金额（元）", "0.00", "120.00", True), ("收据号", "", "SJ-1", False),
        ("缴费日期", "", "2024-03-05", False)]


def test_a_workflow_step_shows_its_states_by_name():
    assert rows("governance.case.resolve", "governance.case",
                {"state": ["handling", "resolved"], "comment": "已修复"}) == [
        ("状态", "办理中", "已办结（待反馈）", True), ("意见", "", "已修复", False)]


def test_before_and_after_mappings_become_one_row_per_key():
    got = rows("points.rules.book", "points.rulebook", {"before": {"title": "旧细则", "bases": {"party": 60}},
                                                        "after": {"title": "新细则", "bases": {"party": 70}}})
    assert got == [("名称", "旧细则", "新细则", True), ("基础分", "party：60", "party：70", True)]


def test_a_record_saved_with_its_old_values_shows_what_changed_and_what_was_told():
    got = rows("governance.category.save", "governance.dispatchcategory",
               {"before": {"name": "旧名"}, "name": "新名", "departments": ["水务局", "住建局"]})
    assert got[0][1:] == ("旧名", "新名", True)
    assert got[1] == ("责任部门", "", "水务局、住建局", False)  # two departments, not a change


def test_values_are_spelt_out_for_people():
    got = rows("calendar.enter", "core.holiday",
               {"is_workday": True, "date": None, "fields": ["id_number", "phone"]})
    assert got == [("调休上班日", "", "是", False), ("日期", "", "", False),
                   ("查看的字段", "", "身份证号、电话", False)]
    moment = rows("x", "", {"started": "2024-03-05T01:02:03+00:00"})
    assert moment == [("开始时间", "", "2024-03-05 09:02:03", False)]  # in Beijing time
    assert rows("homestead.fee.issue", "orgs.orgunit", {"by_reason": {"超占": 2}}) == [
        ("按收费原因", "", "超占：2", False)]


def test_a_modules_names_of_keys_hold_for_its_own_actions_only():
    """Two modules may mean different things by one key: 派单目录事项's departments are 责任部门."""
    saved = rows("governance.category.save", "governance.dispatchcategory", {"departments": ["水务局"]})
    assert saved[0][0] == "责任部门"
    assert rows("x", "", {"departments": 18})[0][0] == "departments"


def test_a_choice_shows_its_label_and_a_json_list_field_changes_as_a_whole():
    got = rows("points.rules.item.change", "points.ruleitem",
               {"proposers": [["grid_worker"], ["grid_worker", "villager"]]})
    assert got[0][0] == "可申报角色" and got[0][3] is True
    added = rows("points.rules.item.add", "points.ruleitem", {"proposers": ["grid_worker", "villager"]})
    assert added[0][3] is False  # the two roles proposing, not a change from one role to another
    assert "网格员" in added[0][2] and "村民" in added[0][2]


def test_a_key_named_like_a_relation_to_the_object_is_a_plain_value():
    """A load may record counts under names that are relations declared on the unit (departments)."""
    assert rows("x.count", "orgs.orgunit", {"departments": 18, "persons": 5}) == [
        ("departments", "", "18", False), ("persons", "", "5", False)]


def test_nothing_recorded_shows_no_rows():
    assert audit_labels.change_rows(action="login", object_type="auth.user", changes={}) == []
    assert isinstance(audit_labels.change_rows(action="x", object_type="", changes={"a": 1})[0], Row)
