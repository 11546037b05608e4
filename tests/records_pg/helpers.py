"""Shared by the PostgreSQL tests: a site's people, the example case, a workstation process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "issue-example.json"
WORKER = Path(__file__).with_name("sheet_worker.py")


def add_people(store) -> None:
    """Admin, pharmacist and nurse (the same as tests/records' ``people``)."""
    from tests.records.conftest import add_people as add

    add(store)


def example_case():
    from infusecalc.core.case import parse_case_json

    return parse_case_json(EXAMPLE.read_text(encoding="utf-8"))


def example_entry():
    from infusecalc.records.service import NurseEntry

    return NurseEntry.from_case_data(json.loads(EXAMPLE.read_text(encoding="utf-8")))


def spawn_worker(url: str, name: str, count: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, str(WORKER), url, name, str(count), str(EXAMPLE)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def parse_worker(out: str) -> tuple[list[tuple[int, str, str]], list[tuple[int, str]]]:
    """(issued: [(seq, sheet_id, anchor)], verified: [(seq, sheet_id)]) from a worker's stdout."""
    issued, verified = [], []
    for line in out.splitlines():
        parts = line.split()
        if parts[:1] == ["issued"] and len(parts) == 4:
            issued.append((int(parts[1]), parts[2], parts[3]))
        elif parts[:1] == ["verified"] and len(parts) == 3:
            verified.append((int(parts[1]), parts[2]))
    return issued, verified
