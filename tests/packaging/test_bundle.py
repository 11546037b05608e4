"""Build the real bundle, unpack its archive into an empty folder, and run its self-test there.

Slow (about a minute or two of PyInstaller); select it alone with ``pytest -m bundle``.
"""

import os
import subprocess
import sys
import tarfile
import zipfile

import pytest

from .helpers import load

build = load("build")

pytest.importorskip("PyInstaller", reason="the bundle test needs pyinstaller (the `bundle` extra)")


def _clean_env(home):
    """The user's environment without anything that points at this checkout's Python."""
    drop = ("PYTHON", "VIRTUAL_ENV", "QT_", "CONDA")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env.update(HOME=str(home), PATH=os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                                 if ".venv" not in p and "site-packages" not in p))
    return env


@pytest.mark.bundle
def test_bundle_builds_and_passes_its_self_test_from_an_empty_folder(tmp_path):
    dist, work = tmp_path / "dist", tmp_path / "work"
    archive, sums = build.build(dist, work)

    assert archive.name == build.archive_name(build.project_version())
    # The archive budget (benchmarks/bundle_size.py, README): 43.8 MB measured 2026-12-02.
    assert archive.stat().st_size < 45e6, f"archive {archive.stat().st_size / 1e6:.1f} MB, budget 45 MB"
    digest, name = sums.read_text(encoding="utf-8").split()
    assert name == archive.name and digest == build.sha256_file(archive)

    site = tmp_path / "site"
    site.mkdir()
    if archive.name.endswith(".zip"):
        zipfile.ZipFile(archive).extractall(site)
    else:
        with tarfile.open(archive) as t:
            t.extractall(site, filter="tar")
    exe = site / "InfuseCalc" / ("InfuseCalc-cli.exe" if sys.platform == "win32" else "InfuseCalc")
    empty, home = tmp_path / "empty", tmp_path / "home"
    empty.mkdir()
    home.mkdir()
    r = subprocess.run([str(exe), "--self-test"], cwd=empty, env=_clean_env(home),
                       capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert "(bundle," in lines[0]
    assert not [line for line in lines if line.startswith("FAIL")]
    # A bundle holds every part: nothing may be skipped there (selftest.absent fails instead).
    assert not [line for line in lines if line.startswith("SKIP")], r.stdout
    assert lines[-1].startswith("SELF-TEST PASSED")
    # Nothing was written next to where it ran.
    assert list(empty.iterdir()) == []

    # The window opens from the bundle, and its core (pint, pydantic, the protocol) loads
    # behind it: the app's start-up hook writes both marks, then quits.
    mark = tmp_path / "startup-mark.txt"
    env = {**_clean_env(home), "QT_QPA_PLATFORM": "offscreen", "INFUSECALC_STARTUP_MARK": str(mark),
           "INFUSECALC_DATA_DIR": str(tmp_path / "data")}
    r = subprocess.run([str(site / "InfuseCalc" / ("InfuseCalc.exe" if sys.platform == "win32" else "InfuseCalc"))],
                       cwd=empty, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    marks = [line.split()[0] for line in mark.read_text(encoding="utf-8").splitlines()]
    assert marks[0] == "shown" and "ready" in marks, marks
