"""Which language a person reads: English or Simplified Chinese (issue 7).

Qt-free, so ``infusecalc check`` can use it without loading Qt. The order of precedence is
the command line (``--lang``), then the choice remembered by the window (QSettings, see
``infusecalc.i18n.qt``), then the environment variable INFUSECALC_LANG, then the system
locale (zh* -> zh_CN, anything else -> en).

Numbers, units (mL, kg), dates (ISO) and IDs are written identically in both languages:
only words are translated, never a figure.
"""

from __future__ import annotations

import argparse
import locale
import os
from typing import Literal

Language = Literal["en", "zh_CN"]
SheetLanguage = Literal["en", "zh_CN", "bilingual"]

LANGUAGES: tuple[Language, ...] = ("en", "zh_CN")
SHEET_LANGUAGES: tuple[SheetLanguage, ...] = ("en", "zh_CN", "bilingual")
DEFAULT: Language = "en"
ENV_VAR = "INFUSECALC_LANG"


def language_from_locale_name(name: str | None) -> Language:
    """'zh_CN.UTF-8', 'zh-Hans', 'zh_TW', 'Chinese (Simplified)_China' -> zh_CN; else en.

    Only Simplified Chinese is translated; a reader of Traditional Chinese is better served
    by it than by English, so every zh* locale gets zh_CN.
    """
    if not name:
        return DEFAULT
    key = name.strip().casefold()
    if key.startswith("zh") or key.startswith("chinese"):
        return "zh_CN"
    return DEFAULT


def system_language() -> Language:
    """The language of the user's locale, read without Qt (the window uses QLocale instead)."""
    chosen = normalize(os.environ.get(ENV_VAR))
    if chosen:  # a site or a test can pin the language without touching the locale
        return chosen
    # POSIX order of precedence for messages; LANGUAGE is a list ("zh_CN:en").
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            if value in ("C", "POSIX") or value.startswith("C."):
                break
            return language_from_locale_name(value)
    language_list = os.environ.get("LANGUAGE")
    if language_list:
        return language_from_locale_name(language_list.split(":")[0])
    try:
        loc = locale.getlocale()[0]
    except ValueError:  # pragma: no cover - malformed locale settings
        loc = None
    return language_from_locale_name(loc)


def normalize(lang: str | None) -> Language | None:
    """'zh_CN', 'zh-CN', 'zh', 'ZH_cn' -> 'zh_CN'; 'en', 'en_US' -> 'en'; '' / None -> None."""
    if not lang:
        return None
    key = lang.strip().replace("-", "_").casefold()
    if key.startswith("zh"):
        return "zh_CN"
    if key.startswith("en"):
        return "en"
    return None


def resolve(cli_choice: str | None = None, remembered: str | None = None,
            system_locale: str | None = None) -> Language:
    """The language to use: the command line wins, then the remembered choice, then the system
    locale (``system_locale`` when given, e.g. Qt's QLocale.system().name(), else the environment)."""
    if normalize(cli_choice):
        return normalize(cli_choice)  # type: ignore[return-value]
    if normalize(remembered):
        return normalize(remembered)  # type: ignore[return-value]
    pinned = normalize(os.environ.get(ENV_VAR))
    if pinned:
        return pinned
    return language_from_locale_name(system_locale) if system_locale else system_language()


def add_global_option(parser: argparse.ArgumentParser) -> None:
    """``infusecalc --lang en|zh_CN``: the language of the window and of every message a person reads.

    Stored as ``args.ui_lang`` so that a sub-command's own ``--lang`` (the sheet's
    ``en|zh_CN|bilingual``) never collides with it.
    """
    parser.add_argument("--lang", dest="ui_lang", choices=LANGUAGES, default=None,
                        help="language of the window and messages: en or zh_CN "
                             "(default: the remembered choice, else the system locale)")


def add_command_option(parser: argparse.ArgumentParser) -> None:
    """The same option accepted after a sub-command (``infusecalc check CASE --lang zh_CN``)."""
    parser.add_argument("--lang", dest="ui_lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                        help="language of the messages: en or zh_CN (default: the system locale)")


def cli_language(args: argparse.Namespace) -> Language:
    """The language of a CLI command's readable output; with --json, the language of the JSON's
    sentences (its keys, codes, statuses and numbers are the same in every language)."""
    return resolve(getattr(args, "ui_lang", None))


def message(lang: Language, en: str, zh_cn: str) -> str:
    """A short CLI message written in both languages at the call site.

    Lives here, not in i18n.report, so that building the command's parser (which every start
    of the window does) never imports pydantic through the report module.
    """
    return zh_cn if lang == "zh_CN" else en
