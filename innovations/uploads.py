"""Checks of uploaded files and video links: what is kept is rebuilt or verified here.

- The type is what the content is, never what the name or the browser says.
- An image is decoded by Pillow (JPEG, PNG, WebP, GIF only) after its pixel count is
  checked from the header (decompression bombs are refused before decoding), then
  re-encoded from its pixels alone: metadata (EXIF, GPS, comments) and anything appended
  (HTML or script in a polyglot) are gone. SVG is refused (it can carry script).
- A PDF must look like one (header, cross-reference, end marker) and carry no script,
  launch action, embedded file or rich media, also inside compressed streams.
- A video is a link to a few known hosts, over https; it is shown as a link.
"""

import re
import warnings
import zlib
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

VIDEO_HOSTS = {
    "youtube.com": "YouTube",
    "www.youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "vimeo.com": "Vimeo",
    "www.vimeo.com": "Vimeo",
    "dailymotion.com": "Dailymotion",
    "www.dailymotion.com": "Dailymotion",
    "peertube.tv": "PeerTube",
}
# PDF names that run something or carry something else (after #xx escapes are decoded).
PDF_DANGERS = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia", b"/XFA")
# How much a PDF's compressed streams may inflate to while they are scanned.
PDF_INFLATE_LIMIT = 64 * 1024 * 1024


# Web page code inside an "image": a polyglot, refused even though re-encoding would drop it.
MARKUP = re.compile(rb"<(script|html|!doctype|iframe|svg|\?php|body|object|embed)[\s>/]", re.I)


@dataclass
class Checked:
    data: bytes
    content_type: str
    width: int | None = None
    height: int | None = None


def limits() -> dict:
    return settings.OPSI_MEDIA


def _read(upload, limit: int) -> bytes:
    if upload is None:
        raise ValidationError(_("Choose a file."))
    if upload.size is not None and upload.size > limit:
        raise ValidationError(_too_big(limit))
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_too_big(limit))
    if not data:
        raise ValidationError(_("This file is empty."))
    return data


def _too_big(limit: int) -> str:
    return _("This file is too large: at most %(mb)s MB.") % {"mb": limit // (1024 * 1024)}


def _looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head


def check_image(upload) -> Checked:
    from PIL import Image, ImageOps, UnidentifiedImageError

    data = _read(upload, limits()["IMAGE_BYTES"])
    if _looks_like_svg(data):
        raise ValidationError(_("SVG images are not accepted: send a JPEG, PNG or WebP."))
    if MARKUP.search(data):
        raise ValidationError(
            _("This image also holds web page code (HTML or script); send a plain image.")
        )
    max_pixels = limits()["IMAGE_PIXELS"]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data), formats=["JPEG", "PNG", "WEBP", "GIF"])
            width, height = image.size
            if width * height > max_pixels or not width or not height:
                raise ValidationError(_bomb())
            image.load()  # the whole decode: a truncated or damaged file fails here
            image = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(_bomb()) from error
    except UnidentifiedImageError as error:
        raise ValidationError(
            _("This file is not an image we accept: send a JPEG, PNG or WebP.")
        ) from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(_("This image is damaged or incomplete.")) from error
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    return _encode(image.convert("RGBA" if transparent else "RGB"))


def _encode(image) -> Checked:
    """The pixels alone, as a PNG if they have transparency, else as a JPEG."""
    out = BytesIO()
    if image.mode == "RGBA":
        image.save(out, "PNG", optimize=True)
        content_type = "image/png"
    else:
        image.save(out, "JPEG", quality=85, optimize=True)
        content_type = "image/jpeg"
    return Checked(out.getvalue(), content_type, image.width, image.height)


def resized(checked: Checked, widths) -> list[Checked]:
    """Smaller copies of an accepted image (`check_image`'s output), one per width
    narrower than it (never enlarged), re-encoded the same way, without metadata."""
    from PIL import Image

    with Image.open(BytesIO(checked.data), formats=["JPEG", "PNG"]) as image:
        image.load()
        mode = "RGBA" if checked.content_type == "image/png" else "RGB"
        image = image.convert(mode)
        copies = []
        for width in sorted(set(widths)):
            if width >= image.width:
                continue
            height = max(1, round(image.height * width / image.width))
            copies.append(_encode(image.resize((width, height), Image.Resampling.LANCZOS)))
    return copies


def _bomb() -> str:
    return _("This image has too many pixels: at most %(mp)s million.") % {
        "mp": limits()["IMAGE_PIXELS"] // 1_000_000
    }


def _unescape_names(data: bytes) -> bytes:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), data)


def _inflated(data: bytes):
    """The contents of the PDF's Flate-compressed streams, within a total budget."""
    budget = PDF_INFLATE_LIMIT
    for match in re.finditer(rb"stream\r?\n", data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        inflater = zlib.decompressobj()
        try:
            chunk = inflater.decompress(data[start:end], budget)
        except zlib.error:
            continue
        budget -= len(chunk)
        if budget <= 0 or inflater.unconsumed_tail:
            raise ValidationError(_("This PDF is too complex to check."))
        yield chunk


def check_pdf(upload) -> Checked:
    data = _read(upload, limits()["DOCUMENT_BYTES"])
    if not data.startswith(b"%PDF-") or b"startxref" not in data[-4096:]:
        raise ValidationError(_("This file is not a PDF, or it is incomplete."))
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(_("This file is not a PDF, or it is incomplete."))
    for part in (data, *_inflated(data)):
        plain = _unescape_names(part)
        if any(re.search(re.escape(name) + rb"(?![A-Za-z])", plain) for name in PDF_DANGERS):
            raise ValidationError(
                _("This PDF contains scripts, attachments or actions; send a plain PDF.")
            )
    return Checked(data, "application/pdf")


def check_video_url(url: str) -> str:
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or host not in VIDEO_HOSTS:
        hosts = ", ".join(sorted(set(VIDEO_HOSTS.values())))
        raise ValidationError(
            _("Give an https:// link to a video on one of these sites: %(hosts)s.")
            % {"hosts": hosts}
        )
    return url


def video_host(url: str) -> str:
    return VIDEO_HOSTS.get((urlsplit(url).hostname or "").lower(), "")
