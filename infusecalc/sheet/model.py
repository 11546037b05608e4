"""What a caller tells the sheet besides the evaluation: plain frozen dataclasses, no Qt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Lang = Literal["en", "zh_CN", "bilingual"]
LANGS: tuple[str, ...] = ("en", "zh_CN", "bilingual")


@dataclass(frozen=True)
class Signature:
    meaning: Literal["issued", "verified"]   # printed "Prepared by" / "Verified by" + meaning
    name: str                                # printed full name
    user_id: str
    signed_at: datetime                      # timezone-aware (UTC); printed local + UTC

    def __post_init__(self) -> None:
        if self.meaning not in ("issued", "verified"):
            raise ValueError(f"signature meaning must be 'issued' or 'verified', not {self.meaning!r}")
        # A naive time on a signed clinical record is ambiguous by hours: refuse it.
        if self.signed_at.tzinfo is None or self.signed_at.utcoffset() is None:
            raise ValueError("signed_at must be timezone-aware (UTC)")


@dataclass(frozen=True)
class SheetOptions:
    lang: Lang = "en"
    sheet_id: str | None = None              # issued sheets: printed large
    qr_modules: tuple[tuple[bool, ...], ...] | None = None   # QR matrix (records builds it with segno)
    qr_text: str | None = None               # the payload, printed at the end of the sheet (compose.payload_block)
    chain_anchor: str | None = None          # "N:HASH" audit chain head at issue time
    signatures: tuple[Signature, ...] = ()   # empty: blank lines to sign by hand
    reprint_of: str | None = None            # prints "REPRINT of <id>"
    voided_reason: str | None = None         # prints "VOIDED: <reason>"
    generated_at: datetime | None = None     # default: now (UTC)

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {self.lang!r}")
        if self.qr_modules is not None:
            size = len(self.qr_modules)
            if size == 0 or any(len(row) != size for row in self.qr_modules):
                raise ValueError("qr_modules must be a non-empty square matrix")
        if self.generated_at is not None and self.generated_at.tzinfo is None:
            raise ValueError("generated_at must be timezone-aware (UTC)")
