import hashlib
import shutil
import subprocess
import tarfile
import zipfile

import pytest

from .helpers import load

build = load("build")


@pytest.mark.parametrize("plat, machine, name", [
    ("linux", "x86_64", "infusecalc-1.2.3-linux-x86_64.tar.gz"),
    ("linux", "aarch64", "infusecalc-1.2.3-linux-arm64.tar.gz"),
    ("win32", "AMD64", "infusecalc-1.2.3-windows-x86_64.zip"),
    ("win32", "ARM64", "infusecalc-1.2.3-windows-arm64.zip"),
    ("darwin", "arm64", "infusecalc-1.2.3-macos-arm64.tar.gz"),
])
def test_archive_name(plat, machine, name):
    assert build.archive_name("1.2.3", plat, machine) == name


def test_version_is_the_checkouts():
    from infusecalc import __version__
    assert build.project_version() == __version__


def _folder(tmp_path):
    app = tmp_path / "InfuseCalc"
    (app / "_internal" / "sub").mkdir(parents=True)
    (app / "InfuseCalc").write_bytes(b"\x7fELF fake")
    (app / "_internal" / "sub" / "data.toml").write_text("x = 1\n", encoding="utf-8")
    return app


@pytest.mark.parametrize("suffix", ["tar.gz", "zip"])
def test_archive_holds_the_folder_under_its_name(tmp_path, suffix):
    app = _folder(tmp_path)
    out = build.write_archive(app, tmp_path / "dist" / f"a.{suffix}")
    if suffix == "zip":
        with zipfile.ZipFile(out) as z:
            names = set(z.namelist())
            assert z.read("InfuseCalc/_internal/sub/data.toml") == b"x = 1\n"
    else:
        with tarfile.open(out) as t:
            names = set(t.getnames())
            assert t.extractfile("InfuseCalc/_internal/sub/data.toml").read() == b"x = 1\n"
            assert {m.uname for m in t.getmembers()} == {""}
    assert {"InfuseCalc/InfuseCalc", "InfuseCalc/_internal/sub/data.toml"} <= names
    assert all(n.startswith("InfuseCalc") for n in names)


def test_sha256sums_is_in_sha256sum_format(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    archive = dist / "infusecalc-0-linux-x86_64.tar.gz"
    archive.write_bytes(b"archive bytes")
    sums = build.write_sha256sums([archive], dist / "SHA256SUMS")
    expected = hashlib.sha256(b"archive bytes").hexdigest()
    assert sums.read_text(encoding="utf-8") == f"{expected}  infusecalc-0-linux-x86_64.tar.gz\n"
    if shutil.which("sha256sum"):
        assert subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True).returncode == 0
        archive.write_bytes(b"archive bytez")
        assert subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True).returncode != 0
