"""Django loads the homestead app's tables from here; each is declared in its module (import a model from
there, e.g. `zhenxing.homestead.parcels.models`). The tables keep the app label `homestead`."""

from zhenxing.homestead.applications import models as applications_models  # noqa: F401
from zhenxing.homestead.enforcement import models as enforcement_models  # noqa: F401
from zhenxing.homestead.exits import models as exits_models  # noqa: F401
from zhenxing.homestead.fees import models as fees_models  # noqa: F401
from zhenxing.homestead.parcels import models as parcels_models  # noqa: F401
from zhenxing.homestead.policies import models as policies_models  # noqa: F401
from zhenxing.homestead.revitalise import models as revitalise_models  # noqa: F401
from zhenxing.homestead.transfers import models as transfers_models  # noqa: F401
