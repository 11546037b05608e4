"""The printed and PDF dose sheet: lays out what the core computed (no clinical logic here).

``model`` holds plain options (no Qt); ``render`` writes the PDF, prints, or renders PNGs.
Import ``render`` lazily: it loads QtGui and QtPrintSupport.
"""

from .model import SheetOptions, Signature

__all__ = ["SheetOptions", "Signature"]
