"""Build the site bundle: dist/InfuseCalc/, its versioned archive, and dist/SHA256SUMS.

    python packaging/build.py            # from a checkout with `pip install -e ".[bundle]"`

The archive is ``infusecalc-<version>-<os>-<arch>.tar.gz`` (``.zip`` on Windows) holding the
folder ``InfuseCalc/``; SHA256SUMS is in sha256sum's format (``sha256sum -c SHA256SUMS``).
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "infusecalc.spec"
APP_NAME = "InfuseCalc"

_OS_NAMES = {"linux": "linux", "win32": "windows", "darwin": "macos"}
_ARCH_NAMES = {"amd64": "x86_64", "x86_64": "x86_64", "x64": "x86_64",
               "aarch64": "arm64", "arm64": "arm64"}


def os_name(plat: str = sys.platform) -> str:
    return _OS_NAMES.get("linux" if plat.startswith("linux") else plat, plat)


def arch_name(machine: str | None = None) -> str:
    machine = (machine or platform.machine()).lower()
    return _ARCH_NAMES.get(machine, machine)


def archive_name(version: str, plat: str = sys.platform, machine: str | None = None) -> str:
    ext = "zip" if os_name(plat) == "windows" else "tar.gz"
    return f"infusecalc-{version}-{os_name(plat)}-{arch_name(machine)}.{ext}"


def project_version() -> str:
    """The version of the checkout being built (infusecalc/__init__.py), not of an install."""
    for line in (ROOT / "infusecalc" / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise SystemExit("infusecalc/__init__.py has no __version__")


def _tar_filter(info: tarfile.TarInfo) -> tarfile.TarInfo:
    # Same archive from the same files whoever builds it: no build user, no build time zone.
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def write_archive(folder: Path, out: Path) -> Path:
    """Archive ``folder`` (kept as the top-level directory) to ``out`` (.tar.gz or .zip)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in folder.rglob("*"))
    if out.name.endswith(".zip"):
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            for p in files:
                z.write(p, p.relative_to(folder.parent).as_posix())
    else:
        with tarfile.open(out, "w:gz", compresslevel=9) as t:
            t.add(folder, arcname=folder.name, recursive=False, filter=_tar_filter)
            for p in files:
                t.add(p, arcname=p.relative_to(folder.parent).as_posix(), recursive=False,
                      filter=_tar_filter)
    return out


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_sha256sums(files: list[Path], out: Path) -> Path:
    """``<sha256>  <name>`` per file, names relative to ``out``'s folder (sha256sum -c reads it)."""
    lines = [f"{sha256_file(f)}  {f.relative_to(out.parent).as_posix()}\n" for f in files]
    out.write_text("".join(lines), encoding="utf-8", newline="\n")
    return out


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def run_pyinstaller(spec: Path, dist: Path, work: Path, extra: list[str] | None = None) -> None:
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), *(extra or []), str(spec)]
    subprocess.run(cmd, check=True, cwd=ROOT)


def build(dist: Path, work: Path) -> tuple[Path, Path]:
    """Freeze the app into dist/InfuseCalc, archive it, and write SHA256SUMS; return both paths."""
    run_pyinstaller(SPEC, dist, work)
    folder = dist / APP_NAME
    archive = write_archive(folder, dist / archive_name(project_version()))
    sums = write_sha256sums([archive], dist / "SHA256SUMS")
    return archive, sums


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    p.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                   help="PyInstaller's work folder (default: build/pyinstaller/)")
    args = p.parse_args(argv)
    started = time.monotonic()
    # A stale archive of another version must not sit beside the new SHA256SUMS.
    for old in args.dist.glob("infusecalc-*"):
        old.unlink()
    archive, sums = build(args.dist.resolve(), args.work.resolve())
    folder = args.dist / APP_NAME
    print(f"bundle   {folder}  {folder_size(folder) / 1e6:.1f} MB unpacked")
    print(f"archive  {archive}  {archive.stat().st_size / 1e6:.1f} MB")
    print(f"checksum {sums}")
    print(f"built in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
