"""How pytest-xdist shares the suite between workers: a file at a time (`--dist loadfile`), so that a
module-scoped fixture is built once and a file's tests run in their written order — except the files
named in the `xdist_split_files` ini option, whose tests are cut into one shard per worker.

The access matrix is such a file: it holds most of the suite's tests, so as one unit it would keep one
worker busy long after the other has finished everything else. Each shard is a unit of its own; a
worker that runs one builds the file's module-scoped world once for it, in its own database.

Units are handed out largest first; the files named in `xdist_first_files` (one long test each: a demo load
and what it checks) go before them all, so that no such file starts last while the other worker idles.
"""

import zlib
from collections import OrderedDict

from xdist.scheduler import LoadFileScheduling


class SplitFileScheduling(LoadFileScheduling):
    def __init__(self, config, log=None):
        super().__init__(config, log)
        self.split_files = set(config.getini("xdist_split_files"))
        self.workqueue = _LongFirst(config.getini("xdist_first_files"))

    def _split_scope(self, nodeid: str) -> str:
        path = super()._split_scope(nodeid)
        if path not in self.split_files or self.numnodes < 2:
            return path
        # A stable hash (not hash(), which is salted per process) so that a test's shard is the same in
        # every run; the shards come out within a few per cent of each other in size.
        return f"{path}#shard{zlib.crc32(nodeid.encode()) % self.numnodes}"


class _LongFirst(OrderedDict):
    """The work queue, with the units of the long files moved to its front as they are put in."""

    def __init__(self, first):
        super().__init__()
        self.first = set(first)

    def __setitem__(self, scope, value):
        super().__setitem__(scope, value)
        if scope.split("#")[0] in self.first:
            self.move_to_end(scope, last=False)
