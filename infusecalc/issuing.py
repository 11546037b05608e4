"""Printing issued sheets: where the records (signed sheets) meet the sheet (PDF) package.

The records package never imports the sheet package (it must run without Qt); the CLI, the
window and the self-test print an issued sheet through here. A reprint prints the evaluation
stored when the sheet was signed (records.service.reprint_sheet), never a new computation.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .core.evaluate import evaluate
from .core.result import Evaluation
from .records.service import IssuedSheet


def sheet_options(sheet: IssuedSheet, reprint: bool = False, lang: str = "en"):
    """SheetOptions for an issued sheet: ID, QR code, its anchor and the preparer's signature."""
    from .records.qr import qr_modules
    from .sheet.model import SheetOptions, Signature

    s = sheet.signature
    signed_at = dt.datetime.strptime(s.signed_utc, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)
    return SheetOptions(sheet_id=sheet.sheet_id, qr_modules=qr_modules(sheet.payload),
                        qr_text=sheet.payload, chain_anchor=sheet.anchor or None,
                        signatures=(Signature(meaning="issued", name=s.full_name, user_id=s.user_id,
                                              signed_at=signed_at),),
                        reprint_of=sheet.sheet_id if reprint else None, lang=lang)


def write_sheet_pdf(sheet: IssuedSheet, path: str | Path, evaluation: Evaluation | None = None,
                    reprint: bool = False, protocol=None, formulary=None, lang: str = "en") -> int:
    """Write an issued sheet as PDF. ``evaluation``: what was signed (issue_sheet's outcome, or
    the stored one for a reprint); without it the sheet's case is computed again (self-test)."""
    from .sheet.render import write_pdf

    if reprint and evaluation is None:
        raise ValueError("a reprint prints the stored evaluation; pass it")
    ev = evaluation if evaluation is not None else evaluate(sheet.case, protocol, formulary)
    return write_pdf(ev, sheet.case, path, sheet_options(sheet, reprint, lang))
