"""A guard for the Qt binding the sheet draws with."""

import sys

from PySide6.QtGui import QFont


def test_void_qt_calls_keep_the_reference_count_of_none():
    # PySide6-Essentials 6.12.0 drops one reference to None on every call of a method that
    # returns nothing. On Python 3.11 (None not yet immortal) a process then aborts with
    # "none_dealloc" after a few thousand calls: drawing one sheet makes more than that.
    font = QFont()
    before = sys.getrefcount(None)
    for _ in range(200):
        font.setPointSizeF(9.0)
    assert sys.getrefcount(None) - before > -20, "this PySide6 build corrupts None's reference count"
