"""Writes of homestead parcels (宗地).

Stored geometry is derived in one place (`parcel_record`): GeoJSON in EPSG:4490, its bounding box in
indexed columns, and the area measured in the parcel's Gauss–Krüger zone.
"""

from django.db import transaction

from zhenxing.core import attachments, audit, audit_labels
from zhenxing.core.models import Attachment
from zhenxing.homestead import geo
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.orgs import access
from zhenxing.orgs.importers import check_scope, chunks

audit_labels.declare({"homestead.parcel.attach": "宗地上传附件"})

BATCH = 500


def parcel_record(*, geometry, village_id: int, village_path: str, **fields) -> Parcel:
    """An unsaved Parcel for a checked polygon in EPSG:4490, with area, bounding box and path set."""
    min_x, min_y, max_x, max_y = (float(v) for v in geometry.bounds)
    return Parcel(
        village_id=village_id, path=village_path, geometry=geo.to_geojson(geometry),
        area_m2=geo.area_m2(geometry), min_x=min_x, min_y=min_y, max_x=max_x, max_y=max_y, **fields,
    )


@transaction.atomic
def add_parcels(*, actor, scope_path: str, parcels: list[Parcel]) -> int:
    """Insert checked parcels in bulk (the parcel import). The caller records the audit event: one
    per import, since one per parcel would serialise the whole file on the audit chain's head row."""
    check_scope(actor, scope_path)
    if any(not p.path.startswith(scope_path) for p in parcels):
        raise ValueError("parcel outside the import scope")
    written = 0
    for part in chunks(parcels, BATCH):
        Parcel.objects.bulk_create(part)
        written += len(part)
    return written


PARCEL_DOCUMENTS = "homestead.parcel"  # owner type of a parcel's documents


@transaction.atomic
def attach_to_parcel(*, actor, parcel: Parcel, upload) -> Attachment:
    """A parcel's documents (权属来源证明、宗地图、证书扫描件 …), readable by whoever sees the parcel."""
    access.require(actor, access.ATTACH, parcel.path)
    attachment = attachments.store(upload=upload, owner_type=PARCEL_DOCUMENTS, owner_id=str(parcel.pk),
                                   scope_path=parcel.path, user=actor.user)
    audit.record(actor=actor.user, action="homestead.parcel.attach", obj=parcel,
                 changes={"file": attachment.name, "sha256": attachment.sha256, "size": attachment.size})
    return attachment
