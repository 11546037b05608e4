"""Which language: --lang, then the remembered choice, then INFUSECALC_LANG, then the locale."""

import pytest

from infusecalc import i18n


@pytest.mark.parametrize("name, lang", [
    ("zh_CN.UTF-8", "zh_CN"), ("zh_TW", "zh_CN"), ("zh-Hans-CN", "zh_CN"),
    ("Chinese (Simplified)_China", "zh_CN"), ("en_US.UTF-8", "en"), ("de_DE", "en"), ("", "en"),
    (None, "en"),
])
def test_language_from_locale_name(name, lang):
    assert i18n.language_from_locale_name(name) == lang


def test_system_language_follows_the_locale_when_not_pinned(monkeypatch):
    monkeypatch.delenv("INFUSECALC_LANG", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.system_language() == "zh_CN"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert i18n.system_language() == "en"
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")  # LC_ALL wins over LANG
    assert i18n.system_language() == "zh_CN"


def test_precedence(monkeypatch):
    monkeypatch.delenv("INFUSECALC_LANG", raising=False)
    assert i18n.resolve("en", "zh_CN", "zh_CN") == "en"
    assert i18n.resolve(None, "zh_CN", "en_US") == "zh_CN"
    assert i18n.resolve(None, None, "zh_CN") == "zh_CN"
    assert i18n.resolve(None, "nonsense", "de_DE") == "en"
    monkeypatch.setenv("INFUSECALC_LANG", "zh_CN")
    assert i18n.resolve(None, None, "en_US") == "zh_CN"
    assert i18n.resolve(None, "en", "en_US") == "en"


def test_cli_refuses_an_unknown_language(capsys):
    from infusecalc.cli.main import main

    with pytest.raises(SystemExit) as exc:
        main(["--lang", "fr", "check", "x.json"])
    assert exc.value.code == 2
