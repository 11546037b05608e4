import pytest


@pytest.fixture(autouse=True, scope="session")
def _widgets_application(qapp):
    """A QApplication before anything else: the sheet command would otherwise create a bare
    QGuiApplication, and a window test after it could not make widgets."""
    return qapp
