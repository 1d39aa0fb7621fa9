"""plotly.min.js is served from the installed plotly package, never from a copy in the repository: the
staticfiles finder names it vendor/plotly.min.js for the finders, WhiteNoise and collectstatic."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.management import call_command

from zhenxing.core import vendor

REPO = Path(__file__).resolve().parents[4]


def test_the_finder_finds_the_packages_file():
    found = finders.find("vendor/plotly.min.js")
    assert found and Path(found).name == "plotly.min.js" and "site-packages" in found
    assert Path(found).read_text(encoding="utf-8", errors="ignore")[:200].lstrip().startswith("/**")
    assert finders.find("vendor/nothing.js") is None


def test_the_page_gets_it_from_the_static_url(client):
    response = client.get("/static/vendor/plotly.min.js")
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
    assert b"plotly.js" in b"".join(response.streaming_content)[:400]


def test_collectstatic_copies_it(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "vendor" / "plotly.min.js").stat().st_size > 1_000_000


def test_no_copy_lives_in_the_repository():
    assert not list((REPO / "src").rglob("plotly*.js"))


def test_a_missing_package_is_a_warning_not_a_crash(monkeypatch):
    monkeypatch.setitem(vendor.VENDORED, "vendor/absent.js", ("no_such_package_here", "x.js"))
    finder = vendor.PackageFileFinder()
    assert [w.id for w in finder.check()] == ["zhenxing.W001"]
    assert finder.find("vendor/absent.js") == []
    assert [name for name, _ in finder.list(None)] == ["plotly.min.js"]
