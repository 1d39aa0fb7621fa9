"""Browser files that ship inside installed Python packages, served as our own static files without a copy
in the repository: plotly's wheel carries the whole `plotly.min.js` (its package_data), which the charts of
统计分析 draw with. A staticfiles finder names each under `vendor/`, so runserver, WhiteNoise (which reads
the finders: WHITENOISE_USE_FINDERS) and collectstatic all find it; the package is an ordinary dependency
in pyproject.toml, so an install brings the file and no npm build or CDN is needed.
"""

import importlib.util
from pathlib import Path

from django.contrib.staticfiles import utils
from django.contrib.staticfiles.finders import BaseFinder
from django.core import checks
from django.core.files.storage import FileSystemStorage

# static path -> (installed package, file inside it)
VENDORED = {
    "vendor/plotly.min.js": ("plotly", "package_data/plotly.min.js"),
}


def package_file(package: str, inner: str) -> Path | None:
    """The file inside an installed package, found without importing the package; None when absent."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        candidate = Path(root) / inner
        if candidate.is_file():
            return candidate
    return None


class PackageFileFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.files = {name: package_file(*where) for name, where in VENDORED.items()}

    def check(self, **kwargs):
        return [
            checks.Warning(f"静态文件 {name} 找不到：请安装依赖包 {VENDORED[name][0]}（pip install -e .）",
                           id="zhenxing.W001")
            for name, found in self.files.items() if found is None
        ]

    def find(self, path, find_all=False, **kwargs):
        found = self.files.get(path)
        if found is None:
            return []
        return [str(found)] if find_all else str(found)

    def list(self, ignore_patterns):
        for name, found in self.files.items():
            if found is None or (ignore_patterns and utils.matches_patterns(name, ignore_patterns)):
                continue
            storage = FileSystemStorage(location=str(found.parent))
            storage.prefix = str(Path(name).parent)
            yield found.name, storage
