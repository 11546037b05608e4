"""The sheet's words in the chosen language, through one helper.

Every label is written ``words.translate("DoseSheet", "English text")`` so that
``pyside6-lupdate`` collects it (context ``DoseSheet``). English is the source language:

- ``en``: the English text, even when the application runs with another translator installed
  (a sheet asked for in English must be English);
- ``zh_CN``: ``QCoreApplication.translate("DoseSheet", text)``, i.e. whatever Simplified Chinese
  translator the application has installed (English until one exists);
- ``bilingual``: the Chinese text first and the English beneath in smaller type; when no
  translation exists the English is shown once.

Numbers, units, dates, hashes and drug names are never translated (conventions.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .model import Lang

Translate = Callable[[str, str], str]


@dataclass(frozen=True)
class Text:
    """A label: the primary line and, on a bilingual sheet, the English beneath it."""

    primary: str
    secondary: str | None = None

    def __str__(self) -> str:
        return self.primary if self.secondary is None else f"{self.primary} / {self.secondary}"

    def format(self, **values: object) -> "Text":
        return Text(self.primary.format(**values),
                    None if self.secondary is None else self.secondary.format(**values))


def _qt_translate(context: str, text: str) -> str:
    # The shipped Chinese translation whatever the window's language: a sheet asked for in
    # Chinese (or bilingual) from an English window, or from the CLI, is Chinese.
    from ..i18n.qt import translate_in

    return translate_in("zh_CN", context, text)


class Words:
    """The one translation helper of the sheet."""

    def __init__(self, lang: Lang, translate: Translate | None = None) -> None:
        self.lang = lang
        self._translate = translate or _qt_translate

    def translate(self, context: str, text: str) -> Text:
        if self.lang == "en":
            return Text(text)
        local = self._translate(context, text)
        if self.lang == "zh_CN" or local == text:
            return Text(local)
        return Text(local, text)
