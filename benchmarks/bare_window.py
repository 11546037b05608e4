"""A bare PySide6 "hello window": the yardstick for bundle size and frozen start-up.

benchmarks/bundle_size.py freezes it with PyInstaller's defaults; benchmarks/frozen_startup.py
starts it with INFUSECALC_STARTUP_PROBE=1, which makes it print the monotonic time at which the
window was first shown and quit (the same hook the app has).
"""

import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("Hello")
    window.setCentralWidget(QLabel("Hello"))
    window.show()
    if os.environ.get("INFUSECALC_STARTUP_PROBE"):
        def shown() -> None:
            print(f"INFUSECALC_WINDOW_SHOWN {time.monotonic():.6f}", flush=True)
            app.quit()
        # Runs once the event loop has processed the show (first event-loop turn).
        QTimer.singleShot(0, shown)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
