"""The bundle's ICU data is filtered (packaging/lean.py, ICU_DATA_DROP) without changing what Qt
does with ICU: the filter keeps every item Qt Core's ICU calls reach, and Qt gives the same
collation, time-zone names, codecs and case mapping with the filtered data as with the wheel's.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import load

lean = load("lean")


def _common_data(items: dict[str, bytes]) -> bytes:
    """A small ICU common-data image like libicudata's: some bytes, the header, the table, the
    names, the items (16-aligned), some bytes after."""
    names = sorted(items)
    header = bytearray(32)
    struct.pack_into("<HBB", header, 0, 32, 0xDA, 0x27)
    struct.pack_into("<HH4B4s4B4B", header, 4, 20, 0, 0, 0, 2, 0, b"CmnD", 1, 0, 0, 0, 73, 1, 0, 0)
    table_size = 4 + 8 * len(names)
    blob_names = b"".join(n.encode() + b"\0" for n in names)
    offset = (table_size + len(blob_names) + 15) // 16 * 16
    table, data, name_at = struct.pack("<I", len(names)), b"", table_size
    for n in names:
        table += struct.pack("<II", name_at, offset + len(data))
        name_at += len(n) + 1
        data += items[n] + bytes(-len(items[n]) % 16)
    toc = table + blob_names
    toc += bytes(offset - len(toc))
    return b"\x7fELF-prefix-" + bytes(4) + bytes(header) + toc + data


def test_the_filter_takes_items_out_of_the_table_and_zeroes_only_their_bytes():
    items = {"icudt73l/coll/zh.res": b"C" * 40, "icudt73l/curr/zh.res": b"U" * 50,
             "icudt73l/brkitr/cjdict.dict": b"D" * 70, "icudt73l/brkitr/word.brk": b"W" * 20,
             "icudt73l/gb18030.cnv": b"G" * 30, "icudt73l/lang/en.res": b"L" * 16, "icudt73l/zone/zh.res": b"Z" * 24,
             "icudt73l/zz_last.res": b"E" * 8}
    image = _common_data(items)
    filtered, dropped = lean.filter_icu_data(image)
    assert sorted(dropped) == ["icudt73l/brkitr/cjdict.dict", "icudt73l/curr/zh.res", "icudt73l/lang/en.res"]
    assert len(filtered) == len(image)
    kept = lean.icu_data_items(filtered)
    assert [n for n, _ in kept] == sorted(set(items) - set(dropped))   # still sorted for the binary search
    for name in items:
        chunk = items[name]
        if name in dropped:
            assert chunk not in filtered
        else:
            assert filtered.count(chunk) == image.count(chunk) == 1
    # Outside the table of contents, a byte is either as it was or zeroed.
    base = lean._icu_common_data_start(image) + 32
    table_end = base + 4 + 8 * len(items)
    changed = [i for i, (a, b) in enumerate(zip(image, filtered, strict=True)) if a != b]
    assert changed and all(filtered[i] == 0 for i in changed if not base <= i < table_end)


def test_an_image_without_or_with_two_blocks_of_data_is_refused():
    with pytest.raises(ValueError, match="found 0"):
        lean.filter_icu_data(b"\0" * 1000)
    one = _common_data({"icudt73l/a.res": b"A" * 16})
    with pytest.raises(ValueError, match="found 2"):
        lean.filter_icu_data(one + one)


def _wheel_icu_data() -> Path | None:
    try:
        import PySide6
    except ImportError:
        return None
    found = sorted(Path(PySide6.__file__).parent.glob("Qt/lib/libicudata.so.*"))
    return found[0] if found else None


WHEEL_ICU = _wheel_icu_data()
needs_wheel_icu = pytest.mark.skipif(WHEEL_ICU is None or not sys.platform.startswith("linux"),
                                     reason="PySide6's wheel ships its own ICU on Linux only")

# What Qt asks ICU for (nm -D libQt6Core: ucol_*, ucal_*, ucnv_*, u_strToUpper/Lower), printed.
QT_ICU_PROBE = r'''
import functools
from PySide6.QtCore import (QCollator, QCoreApplication, QLocale, QStringConverter,
                            QStringDecoder, QTimeZone)
app = QCoreApplication([])
words = ["Zebra", "äpfel", "apple", "Éclair", "10 mg", "9 mg", "柔红霉素", "地塞米松", "氟达拉滨", "ångström",
         "Ölfeld", "cytarabine", "Cytarabine", "ｆｕｌｌ", "İstanbul", "ひらがな", "한국어", "ĳssel", "ǆ"]
for loc in ["en_US", "zh_CN", "zh_TW", "de_DE", "sv_SE", "ja_JP", "tr_TR", "C"]:
    for numeric in (False, True):
        c = QCollator(QLocale(loc))
        c.setNumericMode(numeric)
        print(loc, numeric, sorted(words, key=functools.cmp_to_key(c.compare)))
types = [QTimeZone.TimeType.StandardTime, QTimeZone.TimeType.DaylightTime, QTimeZone.TimeType.GenericTime]
names = [QTimeZone.NameType.LongName, QTimeZone.NameType.ShortName, QTimeZone.NameType.DefaultName]
for tz in [b"Asia/Shanghai", b"Asia/Taipei", b"Europe/Berlin", b"America/New_York", b"UTC", b"Asia/Kolkata"]:
    z = QTimeZone(tz)
    for loc in ["en_US", "zh_CN", "de_DE"]:
        print(tz, loc, [z.displayName(t, n, QLocale(loc)) for t in types for n in names])
print(QStringConverter.availableCodecs())
for enc in ["GB18030", "GBK", "GB2312", "Big5", "Shift_JIS", "EUC-KR", "windows-1252", "KOI8-R", "IBM037",
            "x-no-such-codec"]:
    d = QStringDecoder(enc)   # opens ICU's converter (PySide6 exposes no decoding call on it)
    print(enc, d.isValid(), d.name())
for loc in ["tr_TR", "en_US", "zh_CN", "lt_LT", "el_GR", "de_DE"]:
    print(loc, QLocale(loc).toUpper("istanbul ǆ ß ﬁ"), QLocale(loc).toLower("İSTANBUL ΟΔΟΣ"))
'''


def _probe(preload: Path | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    if preload:
        env["LD_PRELOAD"] = str(preload)   # the filtered file stands in for the wheel's (same soname)
    r = subprocess.run([sys.executable, "-c", QT_ICU_PROBE], env=env, capture_output=True, text=True,
                       encoding="utf-8", timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout


@needs_wheel_icu
def test_qt_computes_the_same_with_the_filtered_icu_data(tmp_path):
    image = WHEEL_ICU.read_bytes()
    filtered, dropped = lean.filter_icu_data(image)
    kept = [n for n, _ in lean.icu_data_items(filtered)]
    assert dropped and not [n for n in kept if lean.ICU_DATA_DROP.match(n)]
    # What Qt's calls read is all there: collation, zones, converters, the locale files.
    for needed in (r"/coll/ucadata\.icu$", r"/coll/zh\.res$", r"/zone/zh\.res$", r"/zoneinfo64\.res$",
                   r"/metaZones\.res$", r"/cnvalias\.icu$", r"/gb18030\.cnv$", r"/zh\.res$", r"/root\.res$",
                   r"/brkitr/word\.brk$"):
        assert any(re.search(needed, n) for n in kept), needed
    path = tmp_path / WHEEL_ICU.name
    path.write_bytes(filtered)
    # The probe notices a real change (the check is not vacuous)...
    broken = tmp_path / "broken" / WHEEL_ICU.name
    broken.parent.mkdir()
    broken.write_bytes(lean.filter_icu_data(image, re.compile(r"icudt\d+[lb]/(coll/zh|zone/)"))[0])
    original = _probe(None)
    assert _probe(broken) != original
    # ...and finds none with the filter the bundle uses.
    assert _probe(path) == original


def test_the_spec_filters_the_bundles_icu_data():
    spec = (Path(lean.__file__).parent / "infusecalc.spec").read_text(encoding="utf-8")
    assert "lean.filter_icu_in_toc(a.binaries" in spec
