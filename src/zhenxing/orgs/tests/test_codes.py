import pytest

from zhenxing.orgs import codes


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("210000000000", "province"),
        ("210100000000", "city"),
        ("210113000000", "county"),
        ("210113001000", "town"),
        ("210113001201", "village"),
        ("210113001201Z001", "group"),
        ("210113001201G012", "grid"),
    ],
)
def test_levels(code, level):
    assert codes.level_of(code) == level


@pytest.mark.parametrize(
    "code",
    [
        "21011300120",
        "2101130012011",
        "210113001401",
        "210113400000",
        "210113001000G001",
        "210113001201G000",
        "21011300120A",
    ],
)
def test_bad_codes_are_rejected_in_chinese(code):
    with pytest.raises(codes.CodeError, match="代码"):
        codes.level_of(code)


def test_paths_are_prefixes_of_their_descendants_and_fixed_width_per_level():
    village = codes.path_for("210113001201")
    assert village == "21/2101/210113/210113001/210113001201/"
    assert codes.path_for("210113001201G001").startswith(village)
    assert len(codes.path_for("210113002000")) == len(codes.path_for("210113001000"))
    assert len(codes.path_for("210113001201Z001")) == len(codes.path_for("210113001201G001"))


def test_kinds_follow_the_statistical_rules():
    assert codes.town_kind("210113001000") == "街道"
    assert codes.town_kind("210113101000") == "镇"
    assert codes.town_kind("210113201000") == "乡"
    assert codes.village_kind("210113001001") == "社区"
    assert codes.village_kind("210113001201") == "村"
