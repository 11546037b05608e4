"""The QR payload: the sheet ID, the case inputs and the key results, signed by the preparer.

Text form: ``IC2.<SHEET ID>.<BASE32 of zlib(canonical JSON)>.<BASE32 Ed25519 signature>.<CHECK>``.
Every character is in the QR alphanumeric set (compact codes) and survives a USB scanner
"typing" it. CHECK is the first 40 bits of sha256 over everything before it, so a damaged scan
is refused rather than read as another case. The signature is the preparer's Ed25519 signature
over the canonical body (which names the preparer's public key): only a key the station trusts
(its own users', or imported with ``infusecalc keys import``) makes a sheet verifiable.
Codes of the first, unsigned form (IC1) are refused.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from typing import Any

from .canonical import canonical_json
from .sheetid import normalise_sheet_id

VERSION = "IC2"
OLD_VERSIONS = ("IC1",)


class PayloadError(ValueError):
    pass


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _unb32(text: str) -> bytes:
    return base64.b32decode(text + "=" * (-len(text) % 8))


def _check(head: str) -> str:
    return _b32(hashlib.sha256(head.encode("ascii")).digest()[:5])


def sheet_message(body: dict[str, Any]) -> bytes:
    """What the preparer signs: the canonical body."""
    return b"infusecalc-sheet-v1|" + canonical_json(body).encode("utf-8")


def encode_payload(sheet_id: str, body: dict[str, Any], signature: str) -> str:
    """signature: base64 Ed25519 signature of sheet_message(body)."""
    data = _b32(zlib.compress(canonical_json(body).encode("utf-8"), 9))
    sig = _b32(base64.b64decode(signature))
    head = f"{VERSION}.{sheet_id}.{data}.{sig}"
    return f"{head}.{_check(head)}"


def looks_like_payload(text: str) -> bool:
    first = text.strip().upper().split(".", 1)[0]
    return first == VERSION or first in OLD_VERSIONS


def decode_payload(text: str) -> tuple[str, dict[str, Any], str]:
    """(sheet ID, body, base64 signature); PayloadError when the text is not an intact payload."""
    parts = text.strip().upper().split(".")
    if parts and parts[0] in OLD_VERSIONS:
        raise PayloadError("this sheet code is of an older, unsigned kind that can no longer be "
                           "verified; ask the pharmacy to void the sheet and issue a new one")
    if len(parts) != 5 or parts[0] != VERSION:
        raise PayloadError(f"this is not an InfuseCalc sheet code (it should start with {VERSION}.)")
    head = ".".join(parts[:4])
    if _check(head) != parts[4]:
        raise PayloadError("the sheet code is damaged (its checksum does not match); scan it again "
                           "or type the sheet ID")
    try:
        sheet_id = normalise_sheet_id(parts[1])
        body = json.loads(zlib.decompress(_unb32(parts[2])).decode("utf-8"))
        signature = base64.b64encode(_unb32(parts[3])).decode("ascii")
    except (ValueError, zlib.error, UnicodeDecodeError) as exc:
        raise PayloadError(f"the sheet code is damaged ({exc})") from None
    if not isinstance(body, dict) or body.get("sheet_id") != sheet_id:
        raise PayloadError("the sheet code is damaged (its sheet ID does not match its content)")
    return sheet_id, body, signature


def qr_modules(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The QR matrix (dark = True, no quiet zone) for SheetOptions.qr_modules."""
    import segno

    code = segno.make_qr(payload, error="m")
    return tuple(tuple(bool(m) for m in row) for row in code.matrix)
