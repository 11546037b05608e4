import os

# Qt tests run with no display, in CI and here alike.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
