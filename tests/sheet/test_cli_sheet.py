"""`infusecalc sheet CASE.json --pdf OUT.pdf`: exit codes as `check`, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .helpers import EXAMPLE, capped_not_cleared, page_texts


def sheet(tmp_path, data, *extra):
    case = tmp_path / "case.json"
    case.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    out = tmp_path / "out.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    r = subprocess.run([sys.executable, "-m", "infusecalc", "sheet", str(case), "--pdf", str(out), *extra],
                       capture_output=True, text=True, env=env, timeout=120)
    return r, out


def test_cleared_case_exits_0_and_writes_the_sheet(tmp_path):
    # No display and no QT_QPA_PLATFORM: the command must pick the offscreen platform itself.
    r, out = sheet(tmp_path, EXAMPLE.read_text(encoding="utf-8"))
    assert r.returncode == 0, r.stderr
    text = "".join(page_texts(out))   # bilingual may take two pages now that the Chinese exists
    assert "CLEARED FOR INFUSION" in text and "252,000,000" in text and "0101-007" in text


def test_not_cleared_case_exits_1_and_still_writes_a_marked_sheet(tmp_path):
    r, out = sheet(tmp_path, capped_not_cleared(), "--lang", "bilingual")
    assert r.returncode == 1, r.stderr
    text = "".join(page_texts(out))   # bilingual may take two pages now that the Chinese exists
    assert "NOT CLEARED — DO NOT INFUSE" in text and "150,000,000" in text


def test_invalid_input_exits_2_and_writes_nothing(tmp_path):
    r, out = sheet(tmp_path, {"subject_id": "0101-001", "group": "A", "age_years": 40, "weight": "70",
                              "dose_level": "DL1", "infusion_date": "2026-12-10"})
    assert r.returncode == 2
    assert "weight" in r.stderr
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["case.json"]


def test_a_pdf_path_naming_a_pipe_is_refused_and_the_pipe_stays_a_pipe(tmp_path):
    # The sheet is written beside its target and renamed over it: run as root with
    # "--pdf /dev/null", that rename put a PDF where the device was.
    import stat

    case = tmp_path / "case.json"
    case.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    r = subprocess.run([sys.executable, "-m", "infusecalc", "sheet", str(case), "--pdf", str(fifo)],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 2, r.stderr
    assert r.stdout == "" and "device, not a file" in r.stderr and "Traceback" not in r.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
