"""基础信息's register, declared once: the page (with its GeoJSON export), the Excel export and the API's
data-exchange stream beside the hand-written list and detail of parcels/api.py."""

from zhenxing.homestead.parcels import selectors
from zhenxing.homestead.parcels.indicators import PARCEL_COLUMNS, parcel_url
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.orgs.registers import Filter, Register

PARCELS = Register(
    name="parcels", title="宅基地宗地台账", item="宗地", rows=selectors.parcels,
    filter_class=selectors.ParcelFilter,
    filters=(
        Filter("q", "宗地代码或坐落"),
        Filter("village", "村/社区", "village"),
        Filter("build_status", "建设状态", "select", Parcel.BUILD_STATUS),
        Filter("use_status", "利用状态", "select", Parcel.USE_STATUS),
        Filter("certification", "确权登记", "select", Parcel.CERT_STATUS),
        Filter("flag", "资格权标记", "select", tuple(selectors.FLAGS)),
    ),
    columns=PARCEL_COLUMNS, url_of=parcel_url, exports=("xlsx", "geojson"),
)
