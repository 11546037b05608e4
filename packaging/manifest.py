"""resources/MANIFEST.sha256: the SHA-256 of each clinical data file the program ships.

``infusecalc --self-test`` checks the installed files against it, so a bundle whose protocol
or formulary was damaged or swapped in transit fails before anyone relies on it. A change to
a data file is a reviewed event: regenerate with ``python packaging/manifest.py`` and commit
both (tests/packaging/test_manifest.py fails until you do).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
MANIFEST = RESOURCES / "MANIFEST.sha256"
PATTERNS = ("protocols/*.toml", "formulary/*.toml", "units/*.txt")


def manifest_text(resources: Path = RESOURCES) -> str:
    files = sorted({p for pattern in PATTERNS for p in resources.glob(pattern)})
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(resources).as_posix()}"
             for p in files]
    return "\n".join(lines) + "\n"


def main() -> int:
    MANIFEST.write_text(manifest_text(), encoding="utf-8", newline="\n")
    print(f"wrote {MANIFEST}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
