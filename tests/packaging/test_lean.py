from .helpers import load

lean = load("lean")

Q = "PySide6/Qt/"


def test_linux_keeps_offscreen_xcb_input_and_print_plugins_only():
    kept = [f"{Q}plugins/platforms/libqoffscreen.so", f"{Q}plugins/platforms/libqxcb.so",
            f"{Q}plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
            f"{Q}plugins/printsupport/libcupsprintersupport.so"]
    dropped = [f"{Q}plugins/platforms/libqwayland.so", f"{Q}plugins/platformthemes/libqgtk3.so",
               f"{Q}plugins/tls/libqopensslbackend.so", f"{Q}plugins/imageformats/libqjpeg.so",
               f"{Q}plugins/imageformats/libqsvg.so", f"{Q}plugins/sqldrivers/libqsqlite.so",
               f"{Q}plugins/xcbglintegrations/libqxcb-glx-integration.so"]
    assert all(lean.keep_plugin(p, "linux") for p in kept)
    assert not any(lean.keep_plugin(p, "linux") for p in dropped)
    assert lean.keep_plugin(f"{Q}plugins/imageformats/libqsvg.so", "linux", svg=True)
    assert lean.keep_plugin("libglib-2.0.so.0", "linux")   # not a plugin: not this filter's business


def test_windows_keeps_its_platform_and_style():
    assert lean.keep_plugin("PySide6/plugins/platforms/qwindows.dll", "win32")
    assert lean.keep_plugin("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", "win32")
    assert not lean.keep_plugin("PySide6/plugins/platforms/qminimal.dll", "win32")


def test_only_shipped_languages_of_qt_translations():
    assert lean.keep_translation(f"{Q}translations/qtbase_zh_CN.qm")
    assert lean.keep_translation(f"{Q}translations/qt_en.qm")
    assert not lean.keep_translation(f"{Q}translations/qtbase_de.qm")
    assert not lean.keep_translation(f"{Q}translations/qtmultimedia_zh_CN.qm")
    assert lean.keep_translation("infusecalc/resources/translations/infusecalc_zh_CN.qm")


def test_unused_qt_libraries_and_bindings_go():
    assert lean.keep_qt_library(f"{Q}lib/libQt6Widgets.so.6")
    assert lean.keep_qt_library(f"{Q}lib/libQt6PrintSupport.so.6")
    assert lean.keep_qt_library(f"{Q}lib/libQt6DBus.so.6")     # QtGui links it on Linux
    assert lean.keep_qt_library("PySide6/QtWidgets.abi3.so")
    for name in ("lib/libQt6Network.so.6", "lib/libQt6Quick.so.6", "lib/libQt6QmlModels.so.6",
                 "lib/libQt6WaylandClient.so.6", "lib/libQt6OpenGL.so.6", "lib/libQt6Pdf.so.6"):
        assert not lean.keep_qt_library(Q + name), name
    assert not lean.keep_qt_library("PySide6/QtNetwork.abi3.so")
    assert not lean.keep_qt_library("PySide6/Qt6Network.dll")
    assert not lean.keep_qt_library(f"{Q}lib/libQt6Svg.so.6")
    assert lean.keep_qt_library(f"{Q}lib/libQt6Svg.so.6", svg=True)


def test_orphaned_libraries_are_pruned_with_their_symlinks():
    binaries = [
        ("PySide6/QtGui.abi3.so", "/src/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
        ("libglib-2.0.so.0", "/src/libglib-2.0.so.0", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        ("libX11.so.6", "/src/libX11.so.6", "BINARY"),
        ("libgtk-3.so.0", "/src/libgtk-3.so.0", "BINARY"),      # only the dropped GTK theme used it
        ("libcairo.so.2", "/src/libcairo.so.2", "BINARY"),
    ]
    links = {"/src/QtGui.abi3.so": ["libQt6Gui.so.6"], "/src/libQt6Gui.so.6": ["libglib-2.0.so.0", "libc.so.6"],
             "/src/libqxcb.so": ["libX11.so.6"], "/src/libgtk-3.so.0": ["libcairo.so.2"]}
    kept = lean.prune_unreferenced_libraries(binaries, lambda src: links.get(src, []))
    assert [b[0] for b in kept] == [b[0] for b in binaries[:5]]
    datas = [("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
             ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
             ("infusecalc/resources/x.toml", "/src/x.toml", "DATA")]
    assert [d[0] for d in lean.drop_dangling_symlinks(datas, kept)] == ["libQt6Gui.so.6", "infusecalc/resources/x.toml"]


def test_host_libraries_come_from_the_linux_workstation():
    # What PySide6 from PyPI needs from the system anyway, and OpenSSL 3's libcrypto.
    for name in ("libfontconfig.so.1", "libfreetype.so.6", "libX11.so.6", "libxcb.so.1", "libcups.so.2",
                 "libdbus-1.so.3", "libglib-2.0.so.0", "libz.so.1", "libzstd.so.1", "libEGL.so.1",
                 "libxkbcommon.so.0", "libstdc++.so.6", "libgcc_s.so.1", "libcrypto.so.3"):
        assert not lean.keep_host_library(name, "linux"), name
    # Bundled: what minimal systems lack (xcb utilities for Qt's xcb plugin), what comes with the
    # wheels (ICU) and what the records need at a known version (SQLite).
    for name in ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxkbcommon-x11.so.0",
                 "libicudata.so.73", "libsqlite3.so.0", "libpython3.11.so.1.0"):
        assert lean.keep_host_library(name, "linux"), name
    assert lean.keep_host_library("libz.so.1", "win32")


def test_library_test_suites_are_not_shipped():
    assert not lean.keep_package_data("pint/testsuite/baseline/test_basic_plot.png")
    assert lean.keep_package_data("pint/default_en.txt")
