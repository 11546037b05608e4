import pytest


@pytest.fixture(autouse=True, scope="session")
def _widgets_application(qapp):
    """A QApplication before anything else: the sheet command would otherwise create a bare
    QGuiApplication, and a window test after it could not make widgets."""
    return qapp


@pytest.fixture(autouse=True)
def _no_operation_outlives_its_test(_widgets_application):
    """Each test ends with no background operation pending (infusecalc.gui.background)."""
    from infusecalc.gui.background import wait_idle

    yield
    wait_idle()
