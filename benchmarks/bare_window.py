"""A bare PySide6 "hello window": the yardstick for bundle size and frozen start-up.

benchmarks/bundle_size.py freezes it with PyInstaller's defaults; benchmarks/frozen_startup.py
starts it with INFUSECALC_STARTUP_MARK=FILE, the app's own start-up hook (infusecalc/gui/app.py):
on first paint it appends "shown <time.time_ns()>" to FILE, then quits.
"""

import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class Window(QMainWindow):
    def __init__(self, mark: str | None):
        super().__init__()
        self._mark = mark
        self.setWindowTitle("Hello")
        self.setCentralWidget(QLabel("Hello"))

    def paintEvent(self, event):  # noqa: N802 - Qt naming
        super().paintEvent(event)
        if self._mark:
            with open(self._mark, "a", encoding="utf-8") as fh:
                fh.write(f"shown {time.time_ns()}\n")
            self._mark = None
            QTimer.singleShot(0, QApplication.instance().quit)


def main() -> int:
    app = QApplication(sys.argv)
    window = Window(os.environ.get("INFUSECALC_STARTUP_MARK"))
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
