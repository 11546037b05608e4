"""What the bundle leaves out: Qt modules, plugins and translations InfuseCalc never uses.

Imported by infusecalc.spec (and by tests). PyInstaller's Qt hooks collect every plugin a Qt
module *might* load; a desktop dose calculator needs far fewer. Entries are PyInstaller TOC
tuples ``(destination name, source path, typecode)``.

Kept on purpose:
- platforms: offscreen (self-test, headless sheet) and xcb on Linux; windows on Windows
  (wayland desktops run the xcb plugin through XWayland; the wayland plugin would add its own
  libraries for little gain). Windows also keeps ``styles`` (the native widget style).
- platforminputcontexts: compose and ibus, so accented and Chinese input methods keep working.
- printsupport: CUPS printing of the dose sheet on Linux.
- imageformats / iconengines: only svg, and only when the program ships an SVG file.
- translations: Qt's own catalogues for the languages the program ships (en, zh_CN).

ICU's data (libicudata, in the Linux wheels) is filtered, not dropped: see ICU_DATA_DROP.
"""

from __future__ import annotations

import re
import struct
import sys
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

TocEntry = tuple[str, str, str]

# Python-level modules never imported at run time (PyInstaller would follow optional imports).
EXCLUDED_MODULES = [
    # Qt modules the program does not use (it uses QtCore, QtGui, QtWidgets, QtPrintSupport).
    *(f"PySide6.{m}" for m in (
        "QtNetwork", "QtDBus", "QtQml", "QtQuick", "QtQuickControls2", "QtQuickWidgets",
        "QtQuickTest", "QtQmlFeatures", "QtOpenGL", "QtOpenGLWidgets", "QtSql", "QtTest",
        "QtUiTools", "QtDesigner", "QtHelp", "QtXml", "QtConcurrent", "QtSvgWidgets",
        "QtLabsStyleKit", "QtMultimedia", "QtMultimediaWidgets", "QtPdf", "QtPdfWidgets",
        "QtWebEngineCore", "QtWebEngineWidgets", "QtWebChannel", "QtWebSockets", "Qt3DCore",
        "QtCharts", "QtDataVisualization", "QtBluetooth", "QtPositioning", "QtSerialPort")),
    # Optional back ends of pint and pydantic, and build/test tools.
    "tkinter", "_tkinter", "numpy", "pandas", "babel", "uncertainties", "xarray", "dask",
    "matplotlib", "PIL", "IPython", "pytest", "hypothesis", "setuptools", "pkg_resources",
    "pydantic.v1", "email_validator", "PyInstaller",
    # pydantic's debugging pretty-printer imports rich (and rich pygments and markdown-it) inside
    # a function nothing here calls: 2.5 MB of the archive (measured 2026-12-02, issue 12).
    "rich", "pygments", "markdown_it", "mdurl",
    # Nothing is fetched from a network and no process pool is started at run time
    # (multiprocessing: concurrent.futures' process pool only). ssl stays: psycopg's pure-Python
    # libpq wrapper imports it to set up OpenSSL before libpq does (a site-server workstation).
    # asyncio, http and urllib.request stay: SQLAlchemy and segno (through xml.sax.saxutils)
    # import them at start-up. A module left out here that something imports for real fails
    # the bundle's --self-test (tests/packaging/test_bundle.py), which prints an issued sheet.
    "multiprocessing", "xmlrpc", "socketserver",
    # Fallbacks and codecs never used: decimal's pure-Python twin (the C _decimal is used),
    # compression formats we never read, East Asian codecs other than Chinese.
    "_pydecimal", "lzma", "_lzma", "bz2", "_bz2", "_codecs_jp", "_codecs_kr", "_codecs_hk",
    "_codecs_tw", "_codecs_iso2022", "pydantic.mypy", "pint.testing",
    # SQLAlchemy: PyInstaller's hook adds every dialect and the ORM's "baked" extension; the
    # records use the Core with SQLite. The Core never
    # imports the ORM (only under TYPE_CHECKING); the records tests run without it loaded.
    # PostgreSQL (a site database) stays, through psycopg 3's pure-Python layer: psycopg_binary
    # would add its own libpq and OpenSSL (9 MB, past the archive budget), so a workstation
    # that uses a site server loads the system's libpq (Debian: libpq5; Windows: beside the exe).
    "sqlalchemy.dialects.mysql", "sqlalchemy.dialects.mssql", "sqlalchemy.dialects.oracle",
    "psycopg_binary", "psycopg_pool",
    "sqlalchemy.orm", "sqlalchemy.ext", "sqlalchemy.testing", "MySQLdb", "pysqlite2",
]

# Qt libraries that only the excluded modules or plugins load.
_QT_LIB_DROP = re.compile(
    r"Qt6(Network|OpenGL|OpenGLWidgets|Qml\w*|Quick\w*|Sql|Test|UiTools|Designer\w*|Help|Xml|"
    r"Concurrent|SvgWidgets|Labs\w*|Lottie\w*|Pdf\w*|Multimedia\w*|WebEngine\w*|Wayland\w*|"
    r"WlShellIntegration|EglFS\w*|EglFsKmsSupport|VirtualKeyboard\w*|ShaderTools)\b",
    re.IGNORECASE)

_KEEP_PLUGINS_LINUX = {
    "platforms": {"libqoffscreen.so", "libqxcb.so"},
    "platforminputcontexts": {"libcomposeplatforminputcontextplugin.so",
                              "libibusplatforminputcontextplugin.so"},
    "printsupport": None,   # None: the whole folder
}
_KEEP_PLUGINS_WINDOWS = {
    "platforms": {"qoffscreen.dll", "qwindows.dll"},
    "styles": None,
    "printsupport": None,
}
_KEEP_PLUGINS_MACOS = {
    "platforms": {"libqoffscreen.dylib", "libqcocoa.dylib"},
    "styles": None,
    "printsupport": None,
}
_SVG_PLUGINS = {"imageformats": {"libqsvg.so", "qsvg.dll", "libqsvg.dylib"},
                "iconengines": {"libqsvgicon.so", "qsvgicon.dll", "libqsvgicon.dylib"}}

# Qt's own translations for the languages InfuseCalc ships (English needs none, but the
# small en catalogues are harmless and keep the set symmetrical).
QT_LANGUAGES = ("en", "zh_CN")
_QT_TRANSLATION = re.compile(r"^(qt|qtbase)_(?P<lang>[A-Za-z_]+)\.qm$")


# Linux libraries taken from the workstation, never bundled. The rule: what PySide6 installed
# from PyPI needs from the system anyway (everything its Qt links to that its wheel does not
# ship: GLib, zlib, zstd, libstdc++/libgcc_s, fontconfig/freetype, xkbcommon, X11/xcb, D-Bus,
# EGL/GL, CUPS for printing; CI installs the same for the tests in .ci/run), plus OpenSSL 3's
# libcrypto (hashlib.scrypt for signatures; every desktop with a glibc as new as the build
# machine's has it). Several must match the host's own configuration or service anyway
# (fonts.conf, the X server, the system bus, the printing system), as AppImage's excludelist
# says. Whatever only they needed (GnuTLS, Kerberos, systemd... pulled in by libcups and
# libdbus) is then pruned as unreferenced. The xcb utility libraries (icccm, keysyms,
# cursor...) and xkbcommon-x11 are bundled: minimal systems lack them and Qt's xcb plugin
# cannot start without them.
HOST_LIBRARIES_LINUX = re.compile(
    r"^lib(fontconfig|freetype|X11|X11-xcb|xcb|Xau|Xdmcp|Xext|Xrender|dbus-1|cups|systemd|udev|"
    r"glib-2\.0|gthread-2\.0|gobject-2\.0|gio-2\.0|z|zstd|xkbcommon|stdc\+\+|gcc_s|crypto|"
    r"GL|EGL|GLX|GLdispatch|OpenGL|drm|gbm|asound)\.so(\.\d+)*$")


def keep_host_library(dest: str, platform: str = sys.platform) -> bool:
    """False for a library the Linux workstation provides (see HOST_LIBRARIES_LINUX)."""
    if not platform.startswith("linux"):
        return True
    return not HOST_LIBRARIES_LINUX.match(PurePosixPath(dest.replace("\\", "/")).name)


def _platform_plugins(platform: str, svg: bool) -> dict[str, set[str] | None]:
    keep = dict({"win32": _KEEP_PLUGINS_WINDOWS, "darwin": _KEEP_PLUGINS_MACOS}.get(platform,
                                                                                  _KEEP_PLUGINS_LINUX))
    if svg:
        keep.update(_SVG_PLUGINS)
    return keep


def _qt_parts(dest: str) -> tuple[str, ...] | None:
    """The path parts after PySide6/Qt (or PySide6 on Windows), or None if not a Qt file."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if len(parts) >= 2 and parts[0] == "PySide6":
        return parts[2:] if len(parts) > 2 and parts[1] == "Qt" else parts[1:]
    return None


def keep_plugin(dest: str, platform: str = sys.platform, svg: bool = False) -> bool:
    """False for a Qt plugin outside the kept set; True for anything that is not a plugin."""
    parts = _qt_parts(dest)
    if not parts or parts[0] != "plugins" or len(parts) < 3:
        return True
    wanted = _platform_plugins(platform, svg).get(parts[1], set())
    return wanted is None or parts[-1] in wanted


def keep_translation(dest: str) -> bool:
    parts = _qt_parts(dest)
    if not parts or parts[0] != "translations":
        return True
    m = _QT_TRANSLATION.match(parts[-1])
    return bool(m) and m.group("lang") in QT_LANGUAGES


def keep_qt_library(dest: str, svg: bool = False) -> bool:
    name = PurePosixPath(dest.replace("\\", "/")).name
    if "Qt6Svg" in name and "Widgets" not in name:
        return svg
    if name.startswith(("Qt", "PySide6")) and name.endswith((".pyd", ".abi3.so")):
        # The binding modules (PySide6/QtNetwork.abi3.so ...) of excluded Qt modules.
        module = name.split(".")[0]
        return f"PySide6.{module}" not in EXCLUDED_MODULES
    return not _QT_LIB_DROP.search(name)


def keep_package_data(dest: str) -> bool:
    """False for test suites shipped inside libraries (pint's testsuite images)."""
    return "testsuite" not in PurePosixPath(dest.replace("\\", "/")).parts


def lean_toc(entries: Iterable[TocEntry], platform: str = sys.platform, svg: bool = False) -> list[TocEntry]:
    """The entries to keep (binaries or datas) after the Qt plugin, library and translation cuts."""
    return [e for e in entries
            if keep_plugin(e[0], platform, svg) and keep_translation(e[0]) and keep_qt_library(e[0], svg)
            and keep_host_library(e[0], platform) and keep_package_data(e[0])]


def prune_unreferenced_libraries(binaries: list[TocEntry],
                                 imports_of: Callable[[str], Iterable[str]]) -> list[TocEntry]:
    """Drop shared libraries that no kept binary needs any more.

    Dropping a plugin (the GTK platform theme, the TLS back end) leaves the host libraries it
    pulled in (GTK, cairo, glib, OpenSSL, Kerberos...) behind as orphans. Roots are Python
    extension modules, Qt plugins and the Python library; everything else is kept only if a root
    links to it, directly or through another kept library. ``imports_of(source path)`` returns
    the base names a binary links to.
    """
    def base(dest: str) -> str:
        return PurePosixPath(dest.replace("\\", "/")).name

    def is_root(e: TocEntry) -> bool:
        parts = _qt_parts(e[0]) or ()
        return (e[2] == "EXTENSION" or "plugins" in parts[:1] or base(e[0]).startswith("libpython")
                or base(e[0]).lower().startswith("python3"))

    by_name: dict[str, list[TocEntry]] = {}
    for e in binaries:
        by_name.setdefault(base(e[0]), []).append(e)
    keep = {id(e) for e in binaries if is_root(e)}
    todo = [e for e in binaries if id(e) in keep]
    while todo:
        entry = todo.pop()
        for needed in imports_of(entry[1]):
            for dep in by_name.get(base(needed), []):
                if id(dep) not in keep:
                    keep.add(id(dep))
                    todo.append(dep)
    return [e for e in binaries if id(e) in keep]


def elf_needed(path: str) -> list[str]:
    """The libraries an ELF file links to directly (DT_NEEDED), read with binutils' readelf.

    Not ldd: ldd lists the whole transitive closure as seen on this host, which would keep
    everything a host library (libcups, say) drags in.
    """
    import subprocess

    out = subprocess.run(["readelf", "-d", "-W", path], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def drop_dangling_symlinks(datas: list[TocEntry], binaries: list[TocEntry]) -> list[TocEntry]:
    """PyInstaller records top-level aliases of libraries as SYMLINK datas: drop those whose
    target is no longer collected."""
    kept = {b[0].replace("\\", "/") for b in binaries} | {d[0].replace("\\", "/") for d in datas
                                                          if d[2] != "SYMLINK"}
    return [d for d in datas if d[2] != "SYMLINK" or d[1].replace("\\", "/") in kept]


# ICU's data: libicudata.so.73 (Linux wheels) holds ICU's whole common data, 32 MB unpacked and
# 12.3 MB of the 49.8 MB archive (measured 2026-12-02). Qt Core is the only library in the bundle
# that calls ICU (nm -D: nothing else imports an ICU symbol), and it calls only case mapping
# (u_strToUpper/Lower: built into libicuuc, no data), collation (ucol_*: coll/, kept whole),
# time-zone names (ucal_getTimeZoneDisplayName, standard and daylight names only: zone/, the zone
# tables and the locale files, kept) and named text codecs (ucnv_*: the .cnv converters and their
# aliases, kept). None of them reaches the items below: unit, currency, language and region
# display names (unit/, curr/, lang/, region/: region names serve only ICU's "generic location"
# zone names and LocaleDisplayNames, which Qt does not call), transliteration (translit/),
# spelled-out numbers (rbnf/) and the word-break dictionaries for Chinese, Japanese, Thai, Lao,
# Khmer and Burmese (brkitr/*.dict; the break rules stay). They are removed from the data's table
# of contents (ICU then reports them missing, as in any filtered ICU build) and their bytes
# zeroed: the library keeps its size, layout and symbols, and the archive shrinks by 6 MB.
# Checked: QCollator (numeric, 7 locales), QTimeZone display names (5 zones, 3 locales, every
# type), QStringDecoder (9 codecs) and QLocale case mapping give the same results before and
# after (tests/packaging/test_icu_data.py runs Qt against the filtered file).
ICU_DATA_DROP = re.compile(r"icudt\d+[lb]/(?:brkitr/[^/]+\.dict|unit/|curr/|lang/|region/|translit/|rbnf/)")
_ICU_DATA_LIBRARY = re.compile(r"^libicudata\.so\.\d+$")


def _icu_common_data_start(image: bytes) -> int:
    """Where ICU's common data (a DataHeader: magic 0xda27, format "CmnD") starts in the image."""
    found = [m.start() - 12 for m in re.finditer(b"CmnD", image)
             if m.start() >= 12 and image[m.start() - 10:m.start() - 8] == b"\xda\x27"]
    if len(found) != 1:
        raise ValueError(f"expected one block of ICU common data, found {len(found)}")
    return found[0]


def icu_data_items(image: bytes) -> list[tuple[str, int]]:
    """The (name, data offset) entries of the common data's table of contents, in order."""
    start = _icu_common_data_start(image)
    base = start + struct.unpack_from("<H", image, start)[0]
    count = struct.unpack_from("<I", image, base)[0]
    items = []
    for i in range(count):
        name_at, data_at = struct.unpack_from("<II", image, base + 4 + 8 * i)
        end = image.index(b"\0", base + name_at)
        items.append((image[base + name_at:end].decode("ascii"), data_at))
    return items


def filter_icu_data(image: bytes, drop: re.Pattern[str] = ICU_DATA_DROP) -> tuple[bytes, list[str]]:
    """``image`` (a libicudata file) with the items whose name ``drop`` matches taken out of the
    table of contents and their bytes zeroed; every other byte as it was. Returns the new image
    and the names dropped. ICU's format: a DataHeader of ``headerSize`` bytes, then the table of
    contents (uint32 count, then count x (name offset, data offset), relative to the table's
    start, sorted by name for ICU's binary search), then the names, then the items."""
    start = _icu_common_data_start(image)
    if image[start + 8] != 0:
        raise ValueError("big-endian ICU data is not filtered")
    base = start + struct.unpack_from("<H", image, start)[0]
    items = icu_data_items(image)
    names = [n for n, _ in items]
    if names != sorted(names):
        raise ValueError("the ICU table of contents is not sorted by name")
    entries = [struct.unpack_from("<II", image, base + 4 + 8 * i) for i in range(len(items))]
    starts = sorted(d for _, d in entries)
    following = dict(zip(starts, starts[1:], strict=False))   # an item ends where the next starts
    kept = [e for (name, _), e in zip(items, entries, strict=True) if not drop.match(name)]
    dropped = [name for name, _ in items if drop.match(name)]
    out = bytearray(image)
    struct.pack_into("<I", out, base, len(kept))
    for i, (name_at, data_at) in enumerate(kept):
        struct.pack_into("<II", out, base + 4 + 8 * i, name_at, data_at)
    table_end = base + 4 + 8 * len(entries)
    out[base + 4 + 8 * len(kept):table_end] = bytes(table_end - (base + 4 + 8 * len(kept)))
    for (name, data_at) in items:
        if drop.match(name) and data_at in following:   # the last item's end is unknown: left
            out[base + data_at:base + following[data_at]] = bytes(following[data_at] - data_at)
    return bytes(out), dropped


def filter_icu_in_toc(binaries: list[TocEntry], workdir: Path) -> list[TocEntry]:
    """Point the bundle's libicudata at a filtered copy written to ``workdir`` (the wheel's own
    file is never changed)."""
    out = []
    for dest, source, kind in binaries:
        if _ICU_DATA_LIBRARY.match(PurePosixPath(dest.replace("\\", "/")).name):
            filtered, dropped = filter_icu_data(Path(source).read_bytes())
            target = Path(workdir) / "icu" / PurePosixPath(dest.replace("\\", "/")).name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(filtered)
            print(f"lean: {dest}: {len(dropped)} ICU data items left out (ICU_DATA_DROP)")
            source = str(target)
        out.append((dest, source, kind))
    return out
