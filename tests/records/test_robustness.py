"""Writers killed with SIGKILL, and writers racing, never lose an event they reported saved."""

from __future__ import annotations

import itertools
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from infusecalc.records.store import open_store

WRITER = Path(__file__).with_name("writer.py")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def _spawn(data_dir: Path, writer: str, count: int = 0, wait: bool = False) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    argv = [sys.executable, str(WRITER), str(data_dir), writer, str(count)] + (["wait", "0.003"] if wait else [])
    return subprocess.Popen(argv, stdin=subprocess.PIPE if wait else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)


def _saved_lines(out: str) -> dict[int, str]:
    saved = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0].isdigit():
            saved[int(parts[0])] = parts[1]
    return saved


def _kill_writers(data_dir: Path, kills: int, seed: int = 1190) -> dict[int, str]:
    rng = random.Random(seed)
    reported: dict[int, str] = {}
    for k in range(kills):
        proc = _spawn(data_dir, f"w{k}")
        if rng.random() < 0.1:
            # Sometimes while it starts: opening, migrating or writing its first event.
            time.sleep(rng.uniform(0, 0.4))
        else:
            assert proc.stdout is not None
            proc.stdout.readline()  # "ready"
            time.sleep(rng.uniform(0, 0.03))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        assert proc.returncode == -signal.SIGKILL, "the writer ended by itself (crashed?)"
        reported.update(_saved_lines(out))
    return reported


def _check_after_kills(data_dir: Path, kills: int) -> None:
    reported = _kill_writers(data_dir, kills)
    with open_store(data_dir) as store:  # the killed database opens...
        report = store.verify()          # ...and its chain verifies
        stored = {ev.seq: ev.hash for ev in store.iter_events()}
    assert report.ok, report.problem
    assert reported, "no writer reported an event: the test proved nothing"
    lost = {seq: h for seq, h in reported.items() if stored.get(seq) != h}
    assert not lost, f"events reported saved but lost or changed: {sorted(lost)[:10]}"


def test_sigkilled_writers_lose_no_reported_event(data_dir):
    _check_after_kills(data_dir, 100)


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("INFUSECALC_SLOW_TESTS"),
                    reason="1,000 kills take about 10 minutes; set INFUSECALC_SLOW_TESTS=1")
def test_thousand_sigkills_lose_no_reported_event(data_dir):
    _check_after_kills(data_dir, 1000)


def test_two_processes_writing_at_once_lose_nothing(data_dir):
    open_store(data_dir).close()  # create the schema first, so both start writing at once
    procs = [_spawn(data_dir, name, 150, wait=True) for name in ("left", "right")]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    reported = [_saved_lines(o) for o in outs]
    assert [len(r) for r in reported] == [150, 150]
    with open_store(data_dir) as store:
        report = store.verify()
        stored = {ev.seq: (ev.hash, ev.user_id) for ev in store.iter_events()}
    assert report.ok and report.checked == 300
    for name, r in zip(("left", "right"), reported, strict=True):
        assert all(stored[seq] == (h, name) for seq, h in r.items())
    # The two writers really interleaved (else this test would not test concurrency).
    owners = [stored[s][1] for s in sorted(stored)]
    assert sum(a != b for a, b in itertools.pairwise(owners)) > 2
