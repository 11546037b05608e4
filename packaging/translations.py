"""Keep the Chinese translation current: lupdate (code -> .ts), then lrelease (.ts -> .qm).

    python packaging/translations.py           # update the .ts from the code, compile the .qm
    python packaging/translations.py --check   # exit 1 if the .ts is stale or anything is untranslated

Run it after changing any tr()/translate() string, translate what it reports as unfinished
(Qt Linguist: pyside6-linguist resources/translations/infusecalc_zh_CN.ts, using
glossary_zh_CN.md), run it again, and commit both files. The .ts has no line numbers
(-locations none), so code edits that move strings do not churn it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease beside this Python (the venv's bin), else on PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6-Essentials into this Python")
    return found


def sources() -> list[Path]:
    """Every Python file of the program that may hold a user-visible Qt string."""
    files = sorted(p for p in (ROOT / "infusecalc").rglob("*.py") if "__pycache__" not in p.parts)
    return [p for p in files if "tr(" in p.read_text(encoding="utf-8")
            or "translate(" in p.read_text(encoding="utf-8")]


def ts_path(lang: str) -> Path:
    return TRANSLATIONS / f"infusecalc_{lang}.ts"


def qm_path(lang: str) -> Path:
    return TRANSLATIONS / f"infusecalc_{lang}.qm"


def lupdate(ts: Path, lang: str) -> None:
    files = [str(p.relative_to(ROOT)) for p in sources()]
    subprocess.run([tool("pyside6-lupdate"), *files, "-ts", str(ts), "-no-obsolete", "-locations", "none",
                    "-tr-function-alias", "tr+=_tr",
                    "-source-language", "en", "-target-language", lang],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, stdout=subprocess.DEVNULL)


def messages(ts: Path) -> list[ET.Element]:
    return list(ET.parse(ts).getroot().iter("message"))


def keys(ts: Path) -> set[tuple[str, str, str]]:
    """(context, source, disambiguation comment) of every message."""
    out = set()
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            out.add((name, m.findtext("source") or "", m.findtext("comment") or ""))
    return out


def problems(ts: Path) -> list[str]:
    """Untranslated, unfinished, obsolete or vanished messages (each one a defect)."""
    bad = []
    for m in messages(ts):
        tr = m.find("translation")
        source = m.findtext("source")
        kind = tr.get("type") if tr is not None else "missing"
        forms = [f.text for f in tr.iter("numerusform")] if tr is not None else []
        text = "".join(forms) if m.get("numerus") == "yes" else (tr.text if tr is not None else "")
        if kind or not (text or "").strip():
            bad.append(f"{kind or 'empty'}: {source!r}")
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="change nothing; fail if stale or untranslated")
    args = ap.parse_args(argv)
    failed = False
    for lang in LANGUAGES:
        ts, qm = ts_path(lang), qm_path(lang)
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                fresh = Path(tmp) / ts.name
                shutil.copy(ts, fresh)
                lupdate(fresh, lang)
                if keys(fresh) != keys(ts):
                    print(f"{ts.name} is stale: run python packaging/translations.py", file=sys.stderr)
                    failed = True
        else:
            lupdate(ts, lang)
            lrelease(ts, qm)
        for line in problems(ts):
            print(f"{ts.name}: {line}", file=sys.stderr)
            failed = True
        print(f"{ts.name}: {len(messages(ts))} messages" + ("" if args.check else f"; wrote {qm.name}"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
