"""Evidence files (佐证材料) stored once by content hash, type checked by content, size-limited.

Who may attach or read is the caller's business (the owning app's service checks scope); this
module only stores bytes safely and records whose they are.
"""

import hashlib
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse

from zhenxing.core.models import Attachment

OFFICE = {
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/"),
}


def sniff(head: bytes, name: str, path: Path | None = None) -> str | None:
    """The content type judged from the bytes, not from the name the browser sent."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    suffix = Path(name).suffix.lower()
    if head.startswith(b"PK\x03\x04") and suffix in OFFICE and path is not None:
        content_type, folder = OFFICE[suffix]
        try:
            with zipfile.ZipFile(path) as z:
                if any(n.startswith(folder) for n in z.namelist()):
                    return content_type
        except zipfile.BadZipFile:
            return None
    return None


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file on disk, read a megabyte at a time (backups, audit archives)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def blob_path(sha256: str) -> Path:
    return Path(settings.ATTACHMENT_DIR) / sha256[:2] / sha256[2:4] / sha256


def store(*, upload, owner_type: str, owner_id: str, scope_path: str, user) -> Attachment:
    """Validate and keep an uploaded file; raises ValidationError with a Chinese message."""
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        limit = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
        raise ValidationError({"file": f"文件“{upload.name}”超过 {limit} MB 的上限"})
    if upload.size == 0:
        raise ValidationError({"file": f"文件“{upload.name}”是空的"})
    digest = hashlib.sha256()
    tmp_dir = Path(settings.ATTACHMENT_DIR) / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    head = b""
    with tempfile.NamedTemporaryFile(dir=tmp_dir, delete=False) as out:
        tmp = Path(out.name)
        for chunk in upload.chunks():
            if not head:
                head = chunk[:16]
            digest.update(chunk)
            out.write(chunk)
    content_type = sniff(head, upload.name, tmp)
    if content_type is None:
        tmp.unlink(missing_ok=True)
        raise ValidationError(
            {"file": f"文件“{upload.name}”的类型不受支持（只接受 JPG、PNG、WEBP、PDF、DOCX、XLSX）"}
        )
    sha = digest.hexdigest()
    final = blob_path(sha)
    final.parent.mkdir(parents=True, exist_ok=True)
    if final.exists():
        tmp.unlink()
    else:
        tmp.replace(final)
    return Attachment.objects.create(
        sha256=sha,
        size=upload.size,
        content_type=content_type,
        name=Path(upload.name).name[:255],
        owner_type=owner_type,
        owner_id=str(owner_id),
        scope_path=scope_path,
        uploaded_by=user,
    )


# --- Thumbnails: pictures among the evidence are shown small, not as file names --------------------------
THUMB_PX = 240  # the longer side; shown at 120 px, sharp on a phone's 2x screen
THUMB_MAX_PIXELS = 60_000_000  # a larger "photo" is not decoded for a thumbnail (decompression bombs)


def is_image(att: Attachment) -> bool:
    return att.content_type.startswith("image/")


def thumbnail(att: Attachment) -> Path | None:
    """A small JPEG of an image attachment, made once per content and kept beside the blobs; None for a
    file that is not an image or that Pillow will not read."""
    if not is_image(att):
        return None
    target = Path(settings.ATTACHMENT_DIR) / "thumbs" / att.sha256[:2] / f"{att.sha256}-{THUMB_PX}.jpg"
    if target.exists():
        return target
    from PIL import Image, ImageOps

    try:
        with Image.open(blob_path(att.sha256)) as image:
            if image.width * image.height > THUMB_MAX_PIXELS:
                return None
            image = ImageOps.exif_transpose(image)  # phones store photos sideways with an orientation tag
            image.thumbnail((THUMB_PX, THUMB_PX))
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".jpg", delete=False) as out:
                image.convert("RGB").save(out, "JPEG", quality=80)
            Path(out.name).replace(target)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    return target


def response(att: Attachment, request=None, *, as_attachment: bool = True) -> FileResponse:
    """The file for a download view that has already checked who may read it; `?thumb=1` on an image
    answers its thumbnail instead (the pages' <img>), falling back to the file itself."""
    if request is not None and request.GET.get("thumb"):
        small = thumbnail(att)
        if small is not None:
            answer = FileResponse(small.open("rb"), content_type="image/jpeg")
            answer["Cache-Control"] = "private, max-age=86400"
            return answer
    return FileResponse(blob_path(att.sha256).open("rb"), content_type=att.content_type,
                        as_attachment=as_attachment, filename=att.name)


def of(owner_type: str, owner_id) -> list[Attachment]:
    return list(
        Attachment.objects.filter(owner_type=owner_type, owner_id=str(owner_id)).order_by("created_at")
    )
