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
