"""Start the window: ``infusecalc`` with no arguments, or ``python -m infusecalc``.

The window is shown first (menus, tool bar, "Loading…"); on the next turn of the event loop
its order form and results are built, then the core (pint, pydantic, protocol) is loaded in a
worker thread.

For ``benchmarks/startup.py``: with ``INFUSECALC_STARTUP_MARK=FILE`` set, the app appends
``shown <ns>`` when the window first paints, ``built <ns>`` when the form is in place and
``ready <ns>`` when the core is loaded (``time.time_ns()``), then quits; with ``ready``, the
garbage collector's state (``collector enabled=1 frozen=N``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def _mark_collector(path: str) -> None:
    import gc

    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"collector enabled={int(gc.isenabled())} frozen={gc.get_freeze_count()}\n")


def _mark(path: str, what: str) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"{what} {time.time_ns()}\n")


def skip_pyside_source_scan() -> None:
    """PySide6 replaces ``__import__`` and, after every import of a module that is new to the
    process, reads the module's whole source file (``inspect.getsource``) to see whether it
    uses PySide's opt-in ``__feature__`` syntax. InfuseCalc never uses it, and the core, the
    records and the sheet are imported after Qt (in the background, once the window is shown):
    the scan cost hundreds of milliseconds of start-up, holding the interpreter's lock against
    the GUI thread. With every module reported as not using PySide, modules keep Qt's default
    (no feature), which is what they get anyway."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and hasattr(feature, "_mod_uses_pyside"):
        if not hasattr(feature, "infusecalc_scan"):
            feature.infusecalc_scan = feature._mod_uses_pyside   # kept (a test puts it back)
        feature._mod_uses_pyside = lambda _module: False


# The garbage collector waits until start-up has built its long-lived objects (see run), at most
# this long.
GC_HELD_AT_MOST_MS = 10_000


class _CollectorHold:
    """Python's cyclic garbage collector held off while the program starts, then let go with
    everything made so far set aside (``gc.freeze``).

    Starting creates hundreds of thousands of objects that live as long as the program (modules,
    pydantic's validators, pint's registry, the protocol, Qt wrappers); every so often the
    collector walks all of them, once in a start-up at about 550 ms, for 30 to 40 ms of the GUI
    thread: the longest stall of the start (benchmarks/startup.py). Frozen, they are never
    walked again; what start-up left as garbage in cycles is small and stays until exit."""

    def __init__(self) -> None:
        import gc

        self.held = gc.isenabled()   # a collector turned off by an embedder is left off
        gc.disable()

    def release(self) -> None:
        import gc

        if self.held:
            self.held = False
            gc.freeze()
            gc.enable()


def run(args: argparse.Namespace | None = None) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    skip_pyside_source_scan()
    collector = _CollectorHold()
    # The GUI thread runs Python in many short pieces (an event filter, a slot); while a worker
    # runs Python (the core's load, the records), each piece waits up to this long for the
    # interpreter's lock. At Python's 5 ms a paint of the form stalled 90 ms; at 1 ms, 60.
    sys.setswitchinterval(0.001)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("InfuseCalc")
    app.setApplicationName("InfuseCalc")

    from ..i18n.qt import gui_language, install

    install(gui_language(getattr(args, "ui_lang", None)), app)   # before any widget exists
    data_dir = getattr(args, "data_dir", None)
    if getattr(args, "verify_mode", False):  # a nurse station: the verification window only
        from .records_actions import start_verify_mode

        # The records open in the background; the window appears when they are open (or the
        # program ends with 2 and says why).
        collector.release()
        opening = start_verify_mode(data_dir, getattr(args, "database", None))
        code = int(app.exec())
        del opening
        return code

    from .main_window import MainWindow

    window = MainWindow(build=False)
    window.protocol_path = getattr(args, "window_protocol", None)
    window.records.set_data_dir(data_dir, getattr(args, "database", None))
    # Everything start-up makes to keep is made once the core is in; the fallback lets the
    # collector go whatever happens (a protocol that failed to load, a window never exposed).
    window.core_ready.connect(collector.release)
    QTimer.singleShot(GC_HELD_AT_MOST_MS, collector.release)
    mark = os.environ.get("INFUSECALC_STARTUP_MARK")
    if mark:
        window.core_ready.connect(lambda: _mark_collector(mark))
        window.first_painted.connect(lambda: _mark(mark, "shown"))
        window.body_built.connect(lambda: _mark(mark, "built"))
        window.core_ready.connect(lambda: (_mark(mark, "ready"), QTimer.singleShot(0, app.quit)))
    # Once the window has painted, build the form, then start the core loader thread
    # (start_loading does both, once). The fallback covers a window that is not exposed.
    window.first_painted.connect(lambda: QTimer.singleShot(0, window.start_loading))
    QTimer.singleShot(500, window.start_loading)
    if not mark:  # the records open once the core is ready and the window quiet (open_when_quiet)
        window.core_ready.connect(lambda: window.records.open_when_quiet(window.evaluated))
    window.show()
    return int(app.exec())
