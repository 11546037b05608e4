"""Audit export (CSV or JSON) and reading it back: the chain recomputed from an export must match."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO

from .chain import Event
from .schema import EVENT_COLUMNS

JSON_FORMAT = "infusecalc-audit-1"
# A cell a spreadsheet would run as a formula gets an apostrophe in front (OWASP "CSV
# injection"); reading the export back takes it off again, so the chain still recomputes.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def write_csv(events: Iterable[Event], out: IO[str]) -> int:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(EVENT_COLUMNS)
    n = 0
    for ev in events:
        d = ev.as_dict()
        w.writerow([_cell(d[c]) for c in EVENT_COLUMNS])
        n += 1
    return n


def write_json(events: Iterable[Event], out: IO[str]) -> int:
    # Streamed one event a line, so 100,000 events never sit in memory as one document.
    out.write('{"format": "%s", "events": [\n' % JSON_FORMAT)
    n = 0
    for ev in events:
        out.write(("," if n else "") + json.dumps(ev.as_dict(), ensure_ascii=False) + "\n")
        n += 1
    out.write("]}\n")
    return n


def read_export(text: str) -> Iterator[Event]:
    """Events from a CSV or JSON export (as written above)."""
    if text.lstrip().startswith("{"):
        doc = json.loads(text)
        if doc.get("format") != JSON_FORMAT:
            raise ValueError("not an InfuseCalc audit export")
        for d in doc["events"]:
            yield Event(**d)
        return
    rows = csv.DictReader(text.splitlines())
    for d in rows:
        d = {k: _uncell(v or "") for k, v in d.items()}
        yield Event(**{**d, "seq": int(d["seq"])})
