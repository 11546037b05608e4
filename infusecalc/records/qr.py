"""The QR payload: the sheet ID, the case inputs and the key results, compressed, with a checksum.

Text form: ``IC1.<SHEET ID>.<BASE32 of zlib(canonical JSON)>.<CHECK>``. Every character is in
the QR alphanumeric set (compact codes) and survives a USB scanner "typing" it. CHECK is the
first 40 bits of sha256 over everything before it, so a corrupted scan is refused rather than
read as another case.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from typing import Any

from .canonical import canonical_json
from .sheetid import normalise_sheet_id

VERSION = "IC1"


class PayloadError(ValueError):
    pass


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _unb32(text: str) -> bytes:
    return base64.b32decode(text + "=" * (-len(text) % 8))


def _check(head: str) -> str:
    return _b32(hashlib.sha256(head.encode("ascii")).digest()[:5])


def encode_payload(sheet_id: str, body: dict[str, Any]) -> str:
    data = _b32(zlib.compress(canonical_json(body).encode("utf-8"), 9))
    head = f"{VERSION}.{sheet_id}.{data}"
    return f"{head}.{_check(head)}"


def looks_like_payload(text: str) -> bool:
    return text.strip().upper().startswith(VERSION + ".")


def decode_payload(text: str) -> tuple[str, dict[str, Any]]:
    """(sheet ID, body); PayloadError when the text is not an intact payload."""
    parts = text.strip().upper().split(".")
    if len(parts) != 4 or parts[0] != VERSION:
        raise PayloadError("this is not an InfuseCalc sheet code (it should start with IC1.)")
    head = ".".join(parts[:3])
    if _check(head) != parts[3]:
        raise PayloadError("the sheet code is damaged (its checksum does not match); scan it again "
                           "or type the sheet ID")
    try:
        sheet_id = normalise_sheet_id(parts[1])
        body = json.loads(zlib.decompress(_unb32(parts[2])).decode("utf-8"))
    except (ValueError, zlib.error, UnicodeDecodeError) as exc:
        raise PayloadError(f"the sheet code is damaged ({exc})") from None
    if not isinstance(body, dict) or body.get("sheet_id") != sheet_id:
        raise PayloadError("the sheet code is damaged (its sheet ID does not match its content)")
    return sheet_id, body


def qr_modules(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The QR matrix (dark = True, no quiet zone) for SheetOptions.qr_modules."""
    import segno

    code = segno.make_qr(payload, error="m")
    return tuple(tuple(bool(m) for m in row) for row in code.matrix)
