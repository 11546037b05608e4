"""The one Qt-free text layer between the core and its front ends (CLI, sheet, window).

The core decides and carries codes with typed params; this package words them in English or
Simplified Chinese from the catalogues in resources/translations (core_en.toml, core_zh_CN.toml).
Layers: core < text < sheet, records < gui, cli.
"""

from __future__ import annotations

from .catalogue import LANGUAGES, Language, catalogue
from .words import Words, words

__all__ = ["LANGUAGES", "Language", "Words", "catalogue", "words"]
