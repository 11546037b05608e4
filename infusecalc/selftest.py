"""``infusecalc --self-test``: prove that this installation computes, prints and records.

Site IT runs it after unpacking or installing (``InfuseCalc --self-test`` in the bundle). Each
check is a small function that returns a one-line detail, raises :class:`Skip` when the part it
tests is not in this build, or raises anything else to fail. One line is printed per check
(PASS / FAIL / SKIP), then a summary; the exit status is 0 when nothing failed, else 1.

It needs no display (it sets QT_QPA_PLATFORM=offscreen unless told otherwise), writes only to
a temporary folder it removes, and reads nothing from the network.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import os
import re
import sys
import tempfile
import traceback
import zlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Literal

MANIFEST = "MANIFEST.sha256"
CJK_SAMPLE = "柔"   # in 柔红霉素 (daunorubicin): a glyph the Chinese sheet and window need


class Skip(Exception):
    """The part this check tests is not in this build."""


class CheckFailed(Exception):
    """A check found something wrong (its message is the one-line reason)."""


def expect(condition: bool, message: str) -> None:
    # Not ``assert``: a frozen or optimised interpreter must never drop a safety check.
    if not condition:
        raise CheckFailed(message)


@dataclass
class Context:
    """What checks share: one temporary folder, one Qt application, the sample case."""

    tmp: Path
    _app: Any = None
    _sample: Any = None

    def qt_app(self) -> Any:
        if self._app is None:
            from PySide6.QtGui import QGuiApplication

            self._app = QGuiApplication.instance() or QGuiApplication(["infusecalc-self-test"])
        return self._app

    def sample(self) -> tuple[Any, Any]:
        """(case, evaluation) of a capped Group B order: what the sheet and records checks use."""
        if self._sample is None:
            from .core.case import parse_case
            from .core.evaluate import evaluate

            case = parse_case(_case("B", "55 kg", "DL1", subject_id="SELFTEST-01", product={
                "concentration": "1.3e7 cell/mL", "container_volume": "10 mL",
                "lot": "SELFTEST-LOT", "bag_ids": ["ST-1", "ST-2"]}))   # a sheet is issued only with both
            self._sample = (case, evaluate(case))
        return self._sample


@dataclass(frozen=True)
class Outcome:
    name: str
    status: Literal["PASS", "FAIL", "SKIP"]
    detail: str


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[Context], str]


CHECKS: list[Check] = []


def check(name: str) -> Callable[[Callable[[Context], str]], Callable[[Context], str]]:
    """Register a check; they run in the order they are defined."""
    def register(fn: Callable[[Context], str]) -> Callable[[Context], str]:
        CHECKS.append(Check(name, fn))
        return fn
    return register


# --- data files -------------------------------------------------------------------------------

def read_manifest() -> dict[str, str]:
    """{relative path: sha256} from resources/MANIFEST.sha256 (sha256sum's format)."""
    from .core.datafile import resource_path

    entries: dict[str, str] = {}
    for line in resource_path(MANIFEST).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, rel = line.split(maxsplit=1)
            entries[rel.strip().lstrip("*")] = digest.lower()
    return entries


def _manifest_digest(rel: str) -> str:
    digest = read_manifest().get(rel)
    expect(digest is not None, f"{rel} is not listed in {MANIFEST}")
    return digest


def _expect_as_shipped(sha256: str, parts: tuple[str, ...], name: str) -> None:
    """A data file the program loaded is byte for byte the one the manifest lists."""
    expected = _manifest_digest("/".join(parts))
    expect(sha256 == expected, f"{name} loaded with sha256 {sha256[:12]}…, expected {expected[:12]}…")


@check("data files match manifest")
def check_manifest(ctx: Context) -> str:
    from .core.datafile import resource_path

    entries = read_manifest()
    expect(bool(entries), f"{MANIFEST} lists no file")
    for rel, digest in entries.items():
        path = resource_path(*rel.split("/"))
        expect(path.is_file(), f"{rel} is missing")
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        expect(actual == digest, f"{rel} has sha256 {actual[:12]}…, the manifest says {digest[:12]}…")
    return f"{len(entries)} files, sha256 as in {MANIFEST}"


@check("protocol loads")
def check_protocol(ctx: Context) -> str:
    from .core.protocol import DEFAULT_PROTOCOL, default_protocol

    loaded = default_protocol()
    _expect_as_shipped(loaded.sha256, DEFAULT_PROTOCOL, loaded.file_name)
    return f"{loaded.protocol.id} {loaded.file_name} sha256 {loaded.sha256[:16]}…"


@check("formulary loads")
def check_formulary(ctx: Context) -> str:
    from .core.formulary import DEFAULT_FORMULARY, default_formulary

    loaded = default_formulary()
    _expect_as_shipped(loaded.sha256, DEFAULT_FORMULARY, "formulary")
    agent = loaded.lookup("daunorubicin")
    expect(agent is not None and agent.display_name == "DAUNOrubicin",
           "daunorubicin is not found under its tall-man name DAUNOrubicin")
    return f"{len(loaded.formulary.agents)} agents, sha256 {loaded.sha256[:16]}…"


@check("units (pint definitions)")
def check_units(ctx: Context) -> str:
    from .core.units import parse_concentration, parse_weight_kg

    kg = parse_weight_kg("110 lb")
    expect(kg == Decimal("49.8951607"), f"110 lb gave {kg} kg, expected 49.8951607 kg exactly")
    conc = parse_concentration("1.3e7 cell/mL")
    expect(conc == Decimal("1.3e7"), f"1.3e7 cell/mL gave {conc} cells per mL")
    return "110 lb = 49.8951607 kg; 1.3e7 cell/mL"


# --- known cases (conventions.md worked examples) ---------------------------------------------

def _case(group: str, weight: str, level: str, **extra: Any) -> dict[str, Any]:
    age = 15 if group == "B" else 40
    data = {"subject_id": "SELFTEST", "group": group, "age_years": age, "weight": weight,
            "dose_level": level, "infusion_date": "2026-12-10", "consent_date": "2026-11-20"}
    data.update(extra)
    return data


def _dose_check(group: str, weight: str, level: str, cells: int, capped: bool) -> Callable[[Context], str]:
    def run(ctx: Context) -> str:
        from .core.case import parse_case
        from .core.evaluate import evaluate
        from .core.formatting import cells as format_cells

        dose = evaluate(parse_case(_case(group, weight, level))).dose
        expect(dose.cells == cells, f"computed {dose.cells:,} cells, expected {cells:,}")
        expect(dose.cap_applied == capped,
               f"cap {'applied' if dose.cap_applied else 'not applied'}, expected the opposite")
        return format_cells(dose.cells) + (" (capped)" if capped else "")
    return run


DOSE_CASES = [
    ("B", "40 kg", "DL1", 120_000_000, False),
    ("B", "50 kg", "DL1", 150_000_000, False),   # equal to the cap: not "capped"
    ("B", "55 kg", "DL1", 150_000_000, True),
    ("B", "62 kg", "DL2", 300_000_000, True),
    ("A", "70 kg", "DL2", 450_000_000, False),
]
for _g, _w, _l, _cells, _capped in DOSE_CASES:
    check(f"dose Group {_g} {_w} {_l}")(_dose_check(_g, _w, _l, _cells, _capped))


@check("washout cytarabine 6 days")
def check_washout(ctx: Context) -> str:
    from .core.case import parse_case
    from .core.evaluate import evaluate

    ev = evaluate(parse_case(_case("A", "70 kg", "DL1", exposures=[
        {"agent": "cytarabine", "last_date": "2026-12-04"}])))
    finding = ev.washout.findings[0]
    expect(finding.status == "fail" and not ev.cleared, "a 6-day-old cytarabine exposure was cleared")
    expect(finding.earliest_date == dt.date(2026, 12, 12),
           f"earliest date {finding.earliest_date}, expected 2026-12-12")
    return "NOT CLEARED, earliest infusion 2026-12-12"


# --- printing, records, fonts -----------------------------------------------------------------

def absent(part: str) -> None:
    """A part this build does not contain: a SKIP from a source install that lacks it, but a
    FAIL in a bundle, which is always built with every part (a SKIP there would pass a site
    installation that cannot print or record)."""
    if getattr(sys, "frozen", False):
        raise CheckFailed(f"{part} is missing from this bundle; it must not be used until rebuilt")
    raise Skip(f"{part} is not in this build")


def _has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def qt_pdf_text(data: bytes) -> str:
    """The text of a PDF written by Qt's QPdfWriter, one line per text object.

    Not a general PDF reader: just enough to read the program's own sheet back in a bundle
    that ships no PDF library. Qt writes objects uncompressed except streams (FlateDecode),
    Type0 fonts with Identity-H codes, a ToUnicode CMap per font, and glyphs as ``<hex> Tj``.
    tests/packaging/test_selftest.py checks it against pypdf on a real sheet.
    """
    objects = {int(n): body for n, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", data, re.S)}

    def stream(body: bytes) -> bytes:
        head, _, rest = body.partition(b"stream")
        raw = rest.lstrip(b"\r").lstrip(b"\n").rsplit(b"endstream", 1)[0]
        return zlib.decompress(raw) if b"/FlateDecode" in head else raw

    def cmap(text: bytes) -> dict[int, str]:
        out: dict[int, str] = {}
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
            for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                out[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
            for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
                lo_i, hi_i = int(lo, 16), int(hi, 16)
                if dst.startswith(b"["):
                    for i, d in enumerate(re.findall(rb"<([0-9A-Fa-f]+)>", dst)):
                        out[lo_i + i] = bytes.fromhex(d.decode()).decode("utf-16-be")
                else:
                    first = int(dst[1:-1], 16)
                    for i in range(hi_i - lo_i + 1):
                        out[lo_i + i] = chr(first + i)
        return out

    fonts: dict[bytes, dict[int, str]] = {}   # resource name (/F12) -> code -> text
    for body in objects.values():
        for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", body):
            font = objects.get(int(ref), b"")
            m = re.search(rb"/ToUnicode (\d+) 0 R", font)
            if m:
                fonts[name] = cmap(stream(objects[int(m.group(1))]))
    lines: list[str] = []
    for body in objects.values():
        if b"stream" not in body or b"/Length1" in body:   # skip embedded font programs
            continue
        try:
            content = stream(body)
        except zlib.error:
            continue
        for block in re.findall(rb"BT(.*?)ET", content, re.S):
            font: dict[int, str] = {}
            chars: list[str] = []
            for name, codes in re.findall(rb"/(F\d+) [\d.]+ Tf|<([0-9A-Fa-f]+)> Tj", block):
                if name:
                    font = fonts.get(name, {})
                else:
                    chars += [font.get(int(codes[i:i + 4], 16), "") for i in range(0, len(codes), 4)]
            lines.append("".join(chars))
    return "\n".join(lines)


@check("dose sheet PDF")
def check_sheet(ctx: Context) -> str:
    if not _has_module("infusecalc.sheet"):
        absent("the dose sheet")
    from .sheet.render import write_pdf

    ctx.qt_app()
    case, ev = ctx.sample()
    out = ctx.tmp / "self-test-sheet.pdf"
    pages = write_pdf(ev, case, out)
    data = out.read_bytes()
    expect(pages >= 1, f"{pages} pages written")
    expect(data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:], "the file written is not a whole PDF")
    expect(data.count(b"/Type /Page\n") == pages, f"the PDF does not hold the {pages} page(s) reported")
    from .core.formatting import cells

    text = " ".join(qt_pdf_text(data).split())
    # The subject, the dose exactly as the core formats it, and the cap this case hits.
    for needle in ("SELFTEST-01", cells(ev.dose.cells), "CAP APPLIED"):
        expect(needle in text, f"'{needle}' not found in the PDF's text")
    return f"{pages} page(s), {len(data):,} bytes, read back: subject, dose and cap found"


@check("records database chain")
def check_records(ctx: Context) -> str:
    if not _has_module("infusecalc.records"):
        absent("the records")
    import secrets

    from .records.chain import Anchor
    from .records.escalation import record_decision
    from .records.service import IssuedSheet, issue_sheet
    from .records.store import open_store
    from .records.users import Credentials, add_user, change_password

    case, _ev = ctx.sample()
    password = secrets.token_urlsafe(24)   # throw-away users in a throw-away database
    with open_store(ctx.tmp / "records") as store:
        add_user(store, "selftest-admin", "admin", password, "InfuseCalc self-test admin")
        admin = Credentials("selftest-admin", password)
        temporary = secrets.token_urlsafe(24)
        add_user(store, "selftest", "pharmacist", temporary, "InfuseCalc self-test", by=admin)
        change_password(store, "selftest", temporary, password)   # as every user must, first
        # The sample's level opens only by a recorded decision (the escalation ledger), as at a site.
        record_decision(store, case.group, case.dose_level, True, "self-test", admin)
        outcome = issue_sheet(store, case, Credentials("selftest", password))
        issued = outcome.sheet
        report = store.verify()
        expect(report.ok, f"the new chain does not verify: {report.problem}")
        expect(report.checked >= 6, f"only {report.checked} events recorded for two users, a "
                                    f"password change, a decision and an issue")
        head = store.head()
        expect(head is not None and store.verify(head).ok, "the chain does not match its own head")
        # The verifier can say no: a chain head it was not given is refused.
        expect(not store.verify(Anchor(head.seq, "0" * 64)).ok, "a false chain anchor was accepted")
        back = IssuedSheet.from_payload(issued.payload)
        expect(back.sheet_id == issued.sheet_id, "the sheet's QR payload does not read back")
    if _has_module("infusecalc.sheet"):
        # The issued sheet as a site prints it: QR code (segno), sheet ID, signature.
        from .issuing import write_sheet_pdf

        ctx.qt_app()
        out = ctx.tmp / "self-test-issued.pdf"
        write_sheet_pdf(issued, out, evaluation=outcome.evaluation)
        text = " ".join(qt_pdf_text(out.read_bytes()).split())
        expect(issued.sheet_id in text, f"the issued sheet's PDF does not show {issued.sheet_id}")
    return (f"{report.checked} events chained and verified; sheet {issued.sheet_id} issued "
            f"and printed to PDF, its QR payload reads back")


@check("Chinese glyph renders")
def check_cjk_glyph(ctx: Context) -> str:
    ctx.qt_app()
    from PySide6.QtGui import QFont, QFontDatabase, QRawFont

    _load_shipped_fonts()
    if _has_module("infusecalc.sheet"):
        # The families the dose sheet draws with, in its order: one of them must have the glyph.
        from .sheet.qt import families

        candidates = [QRawFont.fromFont(QFont(f)) for f in families("sans")]
    else:
        # The font Qt falls back to for Simplified Chinese text.
        candidates = [QRawFont.fromFont(QFont(), QFontDatabase.WritingSystem.SimplifiedChinese)]
    for raw in candidates:
        if raw.isValid() and raw.supportsCharacter(CJK_SAMPLE):
            glyphs = raw.glyphIndexesForString(CJK_SAMPLE)
            if glyphs and glyphs[0] != 0:
                return f"{CJK_SAMPLE} in '{raw.familyName()}'"
    names = ", ".join(repr(r.familyName()) for r in candidates if r.isValid()) or "no font"
    raise CheckFailed(f"no installed font draws {CJK_SAMPLE} (tried {names}); install a Simplified "
                      "Chinese font such as Noto Sans CJK SC")


def _load_shipped_fonts() -> None:
    """Register any font the program ships (resources/fonts), as the sheet does."""
    from PySide6.QtGui import QFontDatabase

    from .core.datafile import resource_path

    folder = resource_path("fonts")
    if folder.is_dir():
        for f in sorted(folder.iterdir()):
            if f.suffix.lower() in (".ttf", ".otf", ".ttc"):
                QFontDatabase.addApplicationFont(str(f))


# --- running ----------------------------------------------------------------------------------

def run_checks(checks: list[Check] | None = None,
               report: Callable[[Outcome], None] = lambda o: None) -> list[Outcome]:
    """Run every check (or ``checks``), calling ``report`` as each one ends."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="infusecalc-self-test-") as tmp:
        ctx = Context(tmp=Path(tmp))
        for c in CHECKS if checks is None else checks:
            try:
                outcomes.append(Outcome(c.name, "PASS", c.run(ctx)))
            except Skip as exc:
                outcomes.append(Outcome(c.name, "SKIP", str(exc)))
            except CheckFailed as exc:
                outcomes.append(Outcome(c.name, "FAIL", str(exc)))
            except Exception as exc:  # anything unexpected is a failure, said in one line
                where = traceback.extract_tb(exc.__traceback__)[-1]
                outcomes.append(Outcome(c.name, "FAIL", f"{type(exc).__name__}: {exc} "
                                        f"({Path(where.filename).name}:{where.lineno})"))
            report(outcomes[-1])
    return outcomes


def format_line(o: Outcome) -> str:
    return f"{o.status:<4}  {o.name:<28} {o.detail}"


def main() -> int:
    from . import __version__

    frozen = "bundle" if getattr(sys, "frozen", False) else "source"
    print(f"InfuseCalc {__version__} self-test ({frozen}, Python {sys.version.split()[0]})", flush=True)
    outcomes = run_checks(report=lambda o: print(format_line(o), flush=True))
    failed = [o for o in outcomes if o.status == "FAIL"]
    skipped = [o for o in outcomes if o.status == "SKIP"]
    verdict = "FAILED" if failed else "PASSED"
    print(f"SELF-TEST {verdict}: {len(outcomes) - len(failed) - len(skipped)} of {len(outcomes)} "
          f"checks passed, {len(failed)} failed, {len(skipped)} skipped", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
