"""Make the PDF's text read as typed: correct the ToUnicode maps Qt's PDF writer builds.

A PDF shows glyphs; copying, searching and text extraction read each glyph's text from the
font's ToUnicode map. Qt builds that map by scanning code points upwards from U+0000 and
taking the first one the font maps to the glyph. Where a font gives one glyph to several code
points, the lowest wins, whatever was typed:
- Noto Sans CJK draws each Kangxi radical (U+2F00-U+2FD5) with the glyph of its ideograph, so
  行 (U+884C) reads back as the radical ⾏ (U+2F8F) and a search for "行" finds nothing;
- DejaVu Sans maps TAB (U+0009) to its space glyph, so every space reads back as a tab.

The print is right; only the map is wrong. After Qt has written the file, each font's map is
rewritten: a glyph mapped to a code point that the sheet never drew is mapped instead to the
character the sheet drew with that same glyph of that same font face (found with QRawFont, i.e.
by the font's own cmap, not by a list of known aliases). Qt writes ToUnicode streams
uncompressed and a classic cross-reference table, so the file is rebuilt with the new streams
and the table's offsets moved; nothing else in it changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

GlyphOf = Callable[[str], int]      # a face's glyph index for one character, 0 if it has none


class TextMapError(ValueError):
    """The PDF is not laid out as Qt writes it; the caller keeps the file as it is."""


# ---------------------------------------------------------------------------------------------
# ToUnicode CMaps


def parse_cmap(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's glyph code -> text (bfchar and both bfrange forms)."""
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[int(src, 16)] = _utf16(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)",
                                      block):
            first, last = int(lo, 16), int(hi, 16)
            if dst.startswith(b"["):
                for i, d in enumerate(re.findall(rb"<([0-9A-Fa-f]*)>", dst)):
                    out[first + i] = _utf16(d)
            else:
                start = _utf16(dst[1:-1])
                for i in range(last - first + 1):   # the last UTF-16 unit counts up
                    out[first + i] = start[:-1] + chr(ord(start[-1]) + i) if start else ""
    return out


def _utf16(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode("ascii")).decode("utf-16-be", "surrogatepass")


def write_cmap(mapping: Mapping[int, str]) -> bytes:
    """A ToUnicode CMap (two-byte codes, as Qt's Identity-H fonts use) with one bfchar a glyph."""
    head = (b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
    entries = [(code, text) for code, text in sorted(mapping.items()) if text]
    body = b""
    for i in range(0, len(entries), 100):          # a CMap block holds at most 100 entries
        chunk = entries[i:i + 100]
        body += b"%d beginbfchar\n" % len(chunk)
        for code, text in chunk:
            body += b"<%04X> <%s>\n" % (code, text.encode("utf-16-be", "surrogatepass").hex().upper().encode())
        body += b"endbfchar\n"
    return head + body + b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"


def corrected(mapping: Mapping[int, str], drawn: Iterable[str], glyph: GlyphOf) -> dict[int, str]:
    """``mapping`` with each glyph's text replaced by the character drawn with that glyph.

    A glyph whose text the sheet drew keeps it. Otherwise its text is a code point the font
    aliases to a glyph the sheet drew for another character: the drawn character with the same
    glyph in this face replaces it (of several, a canonical one before a compatibility form,
    U+0020 before U+00A0: what a reader would search for).
    """
    drawn_set = {ch for ch in drawn if ch}
    by_glyph: dict[int, list[str]] = {}
    for ch in drawn_set:
        g = glyph(ch)
        if g:
            by_glyph.setdefault(g, []).append(ch)
    out = dict(mapping)
    for code, text in mapping.items():
        if not text or text in drawn_set:
            continue
        candidates = by_glyph.get(glyph(text), []) if glyph(text) else []
        if candidates:
            out[code] = min(candidates, key=lambda c: (unicodedata.normalize("NFKC", c) != c, c))
    return out


# ---------------------------------------------------------------------------------------------
# The file Qt wrote


@dataclass(frozen=True)
class _Xref:
    at: int                              # offset of the "xref" keyword
    end: int                             # offset just after the last entry (the trailer follows)
    offsets: dict[int, int]              # object number -> byte offset (objects in use)
    size: int


def _xref(pdf: bytes) -> _Xref:
    m = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf)
    if m is None:
        raise TextMapError("no startxref at the end of the PDF")
    at = int(m.group(1))
    head = re.compile(rb"xref\s+0 (\d+)\s*?\n").match(pdf, at)
    if head is None:
        raise TextMapError("the cross-reference table is not a single classic section")
    size = int(head.group(1))
    offsets: dict[int, int] = {}
    pos = head.end()
    for number in range(size):
        entry = re.compile(rb"(\d{10}) (\d{5}) ([nf])\s*?\n").match(pdf, pos)
        if entry is None:
            raise TextMapError(f"cross-reference entry {number} unreadable")
        if entry.group(3) == b"n":
            offsets[number] = int(entry.group(1))
        pos = entry.end()
    if b"trailer" not in pdf[pos:pos + 16]:
        raise TextMapError("more than one cross-reference section")
    return _Xref(at, pos, offsets, size)


_OBJ_END = re.compile(rb"endobj\r?\n?")
_STREAM = re.compile(rb"(\d+) 0 obj\s*<<\s*/Length (\d+)\s*>>\s*stream\r?\n")


def _object(pdf: bytes, offset: int) -> tuple[bytes, int]:
    """The object starting at ``offset`` and the offset just after its ``endobj``."""
    m = _STREAM.match(pdf, offset)
    search_from = m.end() + int(m.group(2)) if m else offset   # a stream may hold "endobj" bytes
    end = _OBJ_END.search(pdf, search_from)
    if end is None:
        raise TextMapError(f"object at byte {offset} has no endobj")
    return pdf[offset:end.end()], end.end()


def font_maps(pdf: bytes) -> dict[int, tuple[str, dict[int, str]]]:
    """Each ToUnicode stream's object number -> (the font's BaseFont name, its map)."""
    xref = _xref(pdf)
    out: dict[int, tuple[str, dict[int, str]]] = {}
    for offset in xref.offsets.values():
        body, _ = _object(pdf, offset)
        if b"/ToUnicode" not in body or b"stream" in body:
            continue
        base = re.search(rb"/BaseFont\s*/([^\s/\[\]<>()]+)", body)
        ref = re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", body)
        if base is None or ref is None:
            continue
        number = int(ref.group(1))
        if number not in xref.offsets:
            raise TextMapError(f"ToUnicode object {number} is not in the cross-reference table")
        stream, _ = _object(pdf, xref.offsets[number])
        m = _STREAM.match(stream)
        if m is None or int(m.group(1)) != number:
            raise TextMapError(f"ToUnicode object {number} is not an uncompressed stream")
        data = stream[m.end():m.end() + int(m.group(2))]
        out[number] = (base.group(1).decode("latin-1"), parse_cmap(data))
    return out


def replace_streams(pdf: bytes, streams: Mapping[int, bytes]) -> bytes:
    """The PDF with the given objects' stream data replaced, the cross-reference table moved."""
    if not streams:
        return pdf
    xref = _xref(pdf)
    spans: list[tuple[int, int, bytes]] = []
    for number, data in streams.items():
        start = xref.offsets[number]
        _, end = _object(pdf, start)
        spans.append((start, end, b"%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n"
                      % (number, len(data), data)))
    spans.sort()
    pieces: list[bytes] = []
    shifts: list[tuple[int, int]] = []            # (old offset from which, cumulative shift)
    pos, shift = 0, 0
    for start, end, new in spans:
        if start < pos or end > xref.at:
            raise TextMapError("overlapping objects")
        pieces += [pdf[pos:start], new]
        shift += len(new) - (end - start)
        shifts.append((end, shift))
        pos = end
    pieces.append(pdf[pos:xref.at])

    def moved(offset: int) -> int:
        return offset + max((s for at, s in shifts if offset >= at), default=0)

    lines = [b"xref\n0 %d\n" % xref.size]
    for number in range(xref.size):
        lines.append(b"%010d 00000 n \n" % moved(xref.offsets[number]) if number in xref.offsets
                     else b"0000000000 65535 f \n")
    table = b"".join(lines)
    trailer = pdf[xref.end:]
    trailer = re.sub(rb"startxref\s+\d+", b"startxref\n%d" % moved(xref.at), trailer)
    return b"".join(pieces) + table + trailer


def fix_text_maps(pdf: bytes, drawn: Iterable[str], faces: Mapping[str, GlyphOf]) -> bytes:
    """The PDF with every font's ToUnicode map corrected (``faces``: BaseFont name -> glyphs)."""
    chars = {ch for text in drawn for ch in text}
    streams: dict[int, bytes] = {}
    for number, (base, mapping) in font_maps(pdf).items():
        glyph = faces.get(base)
        if glyph is None:
            continue
        fixed = corrected(mapping, chars, glyph)
        if fixed != mapping:
            streams[number] = write_cmap(fixed)
    return replace_streams(pdf, streams)


def postscript_name(name_table: bytes) -> str | None:
    """The PostScript name (name ID 6) in an OpenType 'name' table: the PDF's BaseFont."""
    try:
        count, strings = int.from_bytes(name_table[2:4], "big"), int.from_bytes(name_table[4:6], "big")
        for i in range(count):
            rec = name_table[6 + 12 * i:18 + 12 * i]
            platform, _enc, _lang, name_id, length, offset = (int.from_bytes(rec[j:j + 2], "big")
                                                              for j in range(0, 12, 2))
            if name_id != 6:
                continue
            raw = name_table[strings + offset:strings + offset + length]
            return raw.decode("utf-16-be") if platform in (0, 3) else raw.decode("latin-1")
    except (UnicodeDecodeError, ValueError):
        return None
    return None
