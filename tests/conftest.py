import os
import tempfile

# Qt tests run with no display, in CI and here alike.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Tests never read or write the user's own settings (the window's remembered language).
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="infusecalc-test-config-")
# ... nor the user's own records: `check` reads the protocol in force from the data folder's
# database when there is one (records/adoption.py).
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="infusecalc-test-data-")
# English messages whatever the machine's locale, unless a test asks for another language.
os.environ["INFUSECALC_LANG"] = "en"


def pytest_collection_finish(session) -> None:
    """The first Qt application of the run is a QApplication when any test drives widgets.

    Rendering a sheet creates a bare QGuiApplication if none exists; a widget test after it (in
    `pytest tests/records`, the verify window after a sheet test) then aborted the whole run,
    since pytest-qt reuses the existing application and a QWidget needs a QApplication."""
    if any({"qtbot", "qapp"} & set(getattr(item, "fixturenames", ())) for item in session.items):
        import sys

        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is None:
            session.config._infusecalc_qapp = QApplication(sys.argv[:1])   # kept alive for the run
