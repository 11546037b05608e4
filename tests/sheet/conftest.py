import pytest


@pytest.fixture(autouse=True)
def _app(qapp):
    """The sheet needs a Qt application: use pytest-qt's QApplication, never a bare
    QGuiApplication that would break the widget tests later in the same run."""
    return qapp
