"""The bundle's entry point: the same ``infusecalc`` command as the source install."""

import sys

# A Windows console with a legacy code page cannot print "×" or Chinese: replace, never crash.
for stream in (sys.stdout, sys.stderr):
    if stream is not None and hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="replace")

from infusecalc.cli.main import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
