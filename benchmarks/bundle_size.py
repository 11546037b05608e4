"""Bundle size budget: the lean InfuseCalc bundle against a bare PySide6 window frozen with
PyInstaller's defaults, built in the same run on the same machine.

Run: python benchmarks/bundle_size.py [--out DIR] [--json]
Budget (issue 6): unpacked bundle <= the bare bundle, archive < 45 MB.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE_SCRIPT = ROOT / "benchmarks" / "bare_window.py"
ARCHIVE_BUDGET = 45e6


def _load_build():
    spec = importlib.util.spec_from_file_location("infusecalc_build", ROOT / "packaging" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build()


def build_app(out: Path) -> tuple[Path, Path, float]:
    """(folder, archive, seconds): exactly what packaging/build.py produces."""
    started = time.monotonic()
    archive, _ = build.build(out / "dist", out / "work")
    return out / "dist" / build.APP_NAME, archive, time.monotonic() - started


def build_bare(out: Path) -> tuple[Path, Path, float]:
    """The bare window with PyInstaller's defaults (one folder, no excludes, no strip)."""
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--onedir", "--distpath", str(out / "bare-dist"), "--workpath", str(out / "bare-work"),
                    "--specpath", str(out / "bare-work"), str(BARE_SCRIPT)], check=True)
    folder = out / "bare-dist" / BARE_SCRIPT.stem
    archive = build.write_archive(folder, out / "bare-dist" / "bare_window.tar.gz")
    return folder, archive, time.monotonic() - started


def measure(out: Path) -> dict[str, float]:
    app, app_archive, app_s = build_app(out)
    bare, bare_archive, bare_s = build_bare(out)
    r = {
        "app_unpacked_mb": build.folder_size(app) / 1e6,
        "app_archive_mb": app_archive.stat().st_size / 1e6,
        "app_build_s": app_s,
        "bare_unpacked_mb": build.folder_size(bare) / 1e6,
        "bare_archive_mb": bare_archive.stat().st_size / 1e6,
        "bare_build_s": bare_s,
    }
    r["unpacked_ratio"] = r["app_unpacked_mb"] / r["bare_unpacked_mb"]
    r["archive_ratio"] = r["app_archive_mb"] / r["bare_archive_mb"]
    return r


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, help="keep the builds here (default: a temporary folder)")
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        r = measure(args.out.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="infusecalc-bundle-size-") as tmp:
            r = measure(Path(tmp))
    if args.json:
        print(json.dumps(r, indent=2))
        return 0
    within = r["unpacked_ratio"] <= 1 and r["app_archive_mb"] * 1e6 < ARCHIVE_BUDGET
    print(f"InfuseCalc bundle   {r['app_unpacked_mb']:6.1f} MB unpacked  {r['app_archive_mb']:5.1f} MB archive"
          f"  built in {r['app_build_s']:.0f} s")
    print(f"bare window bundle  {r['bare_unpacked_mb']:6.1f} MB unpacked  {r['bare_archive_mb']:5.1f} MB archive"
          f"  built in {r['bare_build_s']:.0f} s")
    print(f"ratio (app / bare)  {r['unpacked_ratio']:6.2f} unpacked      {r['archive_ratio']:5.2f} archive")
    print(f"budget (unpacked <= bare, archive < {ARCHIVE_BUDGET / 1e6:.0f} MB): {'met' if within else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
