"""Sheets at the case file's limits: the widest identifiers and names a case can hold."""

from __future__ import annotations

import datetime as dt
from typing import Any

from infusecalc.core.case import MAX_BAG_IDS
from infusecalc.sheet.model import SheetOptions, Signature

from .helpers import GENERATED, group_b

# The limits of core/case.py (SubjectId 32, LabelId 40, agent names 80), in the widest Latin
# letter and with the break opportunities an identifier may hold (space, - / .).
SUBJECT = "W0101-WWWWWWWWWW/WWWWWWWWWW.WWWW"
LOT = "LOT-" + "W" * 16 + "/" + "M" * 10 + "-" + "W" * 8
BAGS = [f"BAG {i:02d}-" + "W" * 33 for i in range(6)]
AGENT_EN = "Investigational anti-CD22 WWWWWWWWWW-WWWWWWWWWW conjugate " + "W" * 22
AGENT_ZH = "试验用抗体药物偶联物" * 8
AGENT_W = "W" * 80
assert len(SUBJECT) == 32 and len(LOT) == 40 and all(len(b) == 40 for b in BAGS)
assert len(AGENT_EN) == len(AGENT_ZH) == len(AGENT_W) == 80
SHEET_ID = "IC-7K3M-9QX2"
SIGNED = dt.datetime(2026, 12, 9, 6, 31, tzinfo=dt.timezone.utc)


def widest(cleared: bool = True, bags: list[str] = BAGS) -> dict[str, Any]:
    """Group B at DL2 with every identifier at its longest; a vinCRIStine failure when not cleared."""
    exposures: list[dict[str, Any]] = [
        {"agent": "daunorubicin", "last_date": "2026-12-01"},
        {"agent": AGENT_EN, "class": "chemotherapy", "last_date": "2026-11-01"},
        {"agent": AGENT_ZH, "class": "chemotherapy", "last_date": "2026-11-02"},
        {"agent": AGENT_W, "class": "chemotherapy", "last_date": "2026-11-03"}]
    if not cleared:
        exposures.append({"agent": "vincristine", "last_date": "2026-12-05"})
    return group_b("42 kg", "DL2", subject_id=SUBJECT, weight_date="2026-12-08", exposures=exposures,
                   product={"concentration": "1.3e7 cell/mL", "container_volume": "10 mL", "lot": LOT,
                            "bag_ids": bags})


def every_bag() -> dict[str, Any]:
    return widest(bags=[f"BAG {i:02d}-" + "W" * 33 for i in range(MAX_BAG_IDS)])


def issued(lang: str, **changes: Any) -> SheetOptions:
    """An issued sheet: ID, QR code and text, chain anchor, the preparer's signature."""
    values: dict[str, Any] = dict(
        lang=lang, generated_at=GENERATED, sheet_id=SHEET_ID, chain_anchor="123456:" + "f" * 64,
        qr_text=f"IC1.{SHEET_ID}." + "A" * 300,
        qr_modules=tuple(tuple(bool((r * c) % 3) for c in range(41)) for r in range(41)),
        signatures=(Signature("issued", "Ouyang Wenwen", "pharm07", SIGNED),))
    values.update(changes)
    return SheetOptions(**values)
