"""The ToUnicode rewrite on its own: CMaps read and written, glyph aliases resolved, a PDF rebuilt."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infusecalc.sheet.textmap import (TextMapError, corrected, font_maps, parse_cmap, postscript_name,
                                      replace_streams, write_cmap)

# What Qt writes (qfontsubset.cpp): ranges of arrays, and linear ranges.
QT_CMAP = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
3 beginbfrange
<0000> <0000> <0000>
<0001> <0004> [<0053> <0009> <2F8F> <0065> ]
<0005> <0007> <0041>
endbfrange
1 beginbfchar
<0008> <D83DDE00>
endbfchar
endcmap
"""


def test_a_qt_cmap_is_read_whole():
    assert parse_cmap(QT_CMAP) == {0: "\x00", 1: "S", 2: "\t", 3: "\u2f8f", 4: "e", 5: "A", 6: "B", 7: "C",
                                   8: "\U0001F600"}


@given(st.dictionaries(st.integers(1, 0xFFFF),
                       st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=3),
                       max_size=250))
def test_a_written_cmap_reads_back_the_same(mapping):
    assert parse_cmap(write_cmap(mapping)) == mapping


def test_a_written_cmap_keeps_to_100_entries_a_block():
    data = write_cmap({i: chr(0x4E00 + i) for i in range(1, 251)})
    assert [int(n) for n in re.findall(rb"(\d+) beginbfchar", data)] == [100, 100, 50]


GLYPHS = {" ": 3, "\t": 3, "\xa0": 3, "行": 500, "\u2f8f": 500, "e": 7, "龟": 900, "\u2ef3": 900, "X": 0}


def glyph(ch: str) -> int:
    return GLYPHS.get(ch, 0)


def test_an_alias_is_replaced_by_the_character_drawn_with_that_glyph():
    mapping = {1: "\t", 2: "\u2f8f", 3: "e", 4: "\u2ef3"}
    assert corrected(mapping, "e 行龟", glyph) == {1: " ", 2: "行", 3: "e", 4: "龟"}


def test_what_was_drawn_is_kept_and_of_two_drawn_aliases_the_canonical_one_wins():
    # A sheet that printed both a space and a no-break space with one glyph reads back a space.
    assert corrected({1: "\t"}, " \xa0", glyph) == {1: " "}
    # A glyph whose text was itself drawn is never changed, even if an alias was drawn too.
    assert corrected({2: "\u2f8f"}, "\u2f8f行", glyph) == {2: "\u2f8f"}


def test_an_alias_of_nothing_drawn_is_left_alone():
    assert corrected({2: "\u2f8f", 5: "X"}, "e", glyph) == {2: "\u2f8f", 5: "X"}


def _name_table(ps_name: str) -> bytes:
    raw = ps_name.encode("utf-16-be")
    header = (0).to_bytes(2, "big") + (2).to_bytes(2, "big") + (6 + 24).to_bytes(2, "big")
    family = b"".join(v.to_bytes(2, "big") for v in (3, 1, 0x409, 1, 2, 0))
    ps = b"".join(v.to_bytes(2, "big") for v in (3, 1, 0x409, 6, len(raw), 2))
    return header + family + ps + b"\x00F" + raw


def test_the_postscript_name_is_read_from_the_name_table():
    assert postscript_name(_name_table("NotoSansCJKsc-Regular")) == "NotoSansCJKsc-Regular"
    assert postscript_name(b"") is None


def _pdf(objects: list[bytes]) -> bytes:
    """A minimal PDF laid out as Qt lays it out (classic xref, direct stream lengths)."""
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<<\n/Size %d\n/Root 1 0 R\n>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _offsets_point_at_their_objects(pdf: bytes) -> None:
    at = int(re.search(rb"startxref\s+(\d+)", pdf).group(1))
    assert pdf[at:at + 4] == b"xref"
    entries = re.findall(rb"(\d{10}) (\d{5}) n", pdf[at:])
    for n, (offset, _) in enumerate(entries, 1):
        assert pdf[int(offset):].startswith(b"%d 0 obj" % n), n


def test_streams_are_replaced_and_every_offset_moves_with_them():
    cmap = write_cmap({1: "\t", 2: "\u2f8f"})
    pdf = _pdf([b"<< /Type /Catalog >>", _stream(cmap),
                b"<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /ToUnicode 2 0 R >>",
                _stream(b"BT /F1 9 Tf <0001> Tj ET")])
    assert font_maps(pdf) == {2: ("DejaVuSans", {1: "\t", 2: "\u2f8f"})}
    longer = write_cmap({1: " ", 2: "行", 3: "\U0001F600"})
    fixed = replace_streams(pdf, {2: longer})
    assert len(fixed) > len(pdf)
    _offsets_point_at_their_objects(fixed)
    assert font_maps(fixed) == {2: ("DejaVuSans", {1: " ", 2: "行", 3: "\U0001F600"})}
    assert b"BT /F1 9 Tf <0001> Tj ET" in fixed                 # other objects untouched
    shorter = replace_streams(pdf, {2: write_cmap({1: " "})})
    _offsets_point_at_their_objects(shorter)


@pytest.mark.parametrize("damage", [
    lambda p: p.replace(b"startxref", b"startxrof"),
    lambda p: re.sub(rb"xref\n0 (\d+)", lambda m: b"xref\n0 %d" % (int(m[1]) - 1), p),   # two sections
    lambda p: re.sub(rb"<< /Length \d+ >>\nstream\n/CIDInit", b"<< /Filter /FlateDecode >>\nstream\n/CIDInit", p),
])
def test_a_pdf_not_laid_out_as_qt_writes_it_is_refused_not_guessed(damage):
    pdf = _pdf([b"<< /Type /Catalog >>", _stream(write_cmap({1: "\t"})),
                b"<< /Type /Font /BaseFont /DejaVuSans /ToUnicode 2 0 R >>"])
    with pytest.raises(TextMapError):
        font_maps(damage(pdf))
