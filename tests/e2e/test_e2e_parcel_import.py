"""Importing parcels from a GeoJSON file through the import page: a bad file lists every problem by
feature and column and writes nothing; the corrected file is written, and the parcels open on the
register."""

import json

import pytest
import shapely
from playwright.sync_api import expect
from tests.e2e.test_e2e_imports import upload

from zhenxing.homestead.parcels.models import Parcel
from zhenxing.testing import factories

pytestmark = pytest.mark.browser


def geojson(path, features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": json.loads(shapely.to_geojson(g))}
        for props, g in features]}, ensure_ascii=False), encoding="utf-8")
    return path


def feature(n: int, lon: float, **extra):
    props = {"宗地代码": f"210113001201JC{n:05d}", "坐落": f"A街1村{n}号", "建设状态": "已批已建"} | extra
    return props, factories.site(lon, 42.101, 20)


def errors_on(page) -> dict:
    rows = page.locator("table.import-errors tbody tr")
    return {(rows.nth(i).locator("td").nth(0).inner_text(), rows.nth(i).locator("td").nth(1).inner_text()):
            rows.nth(i).locator("td").nth(2).inner_text() for i in range(rows.count())}


def test_a_bad_geojson_is_refused_by_feature_then_the_good_one_is_written(world, as_user, live_server,
                                                                          tmp_path):
    factories.square_boundary(world.units["village_a1"], 123.600, 42.100, 0.004)
    page = as_user(world.users.district_admin)
    page.goto(f"{live_server.url}/imports/")
    bad = geojson(tmp_path / "宗地-有错.geojson", [
        feature(1, 123.6010),
        feature(1, 123.6020),  # the same code again
        feature(3, 123.6011),  # overlaps feature 1
        feature(4, 123.6100),  # outside every village
        feature(5, 123.6030, 建设状态="盖好了"),
    ])
    upload(page, "宗地", bad)
    expect(page.get_by_role("alert")).to_contain_text("处错误，未写入任何数据", timeout=20_000)
    found = errors_on(page)
    assert "与第1个要素重复" in found[("2", "宗地代码")]
    assert "与本文件第1个要素重叠" in found[("3", "图形")]
    assert "不在任何村的边界内" in found[("4", "村代码")]
    assert "建设状态" in " ".join(column for _, column in found) and ("1", "图形") not in found
    assert not Parcel.objects.exists()

    page.goto(f"{live_server.url}/imports/")
    good = geojson(tmp_path / "宗地.geojson", [feature(1, 123.6010), feature(2, 123.6020)])
    upload(page, "宗地", good)
    expect(page.locator("#job-status")).to_contain_text("已导入 2 条宗地记录。", timeout=20_000)
    assert Parcel.objects.filter(village=world.units["village_a1"]).count() == 2
    page.goto(f"{live_server.url}/homestead/parcels/?q=210113001201JC00002")
    expect(page.locator("table.register tbody")).to_contain_text("A街1村2号")
