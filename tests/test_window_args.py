"""``infusecalc`` with no command reads its options without building every command's parser
(gui start-up: benchmarks/startup.py); what it reads is what the whole parser reads."""

from __future__ import annotations

import pytest

from infusecalc.cli.main import _window_args, build_parser


@pytest.mark.parametrize("argv", [
    [], ["--data-dir", "d"], ["--data-dir=d", "--lang", "zh_CN"], ["--lang=en", "--verify-mode"],
    ["--database", "sqlite:///x.db", "--protocol", "p.toml", "--debug"],
])
def test_the_window_s_options_read_as_the_whole_parser_reads_them(argv):
    fast = _window_args(argv)
    assert fast is not None
    full = build_parser().parse_args(argv)
    assert fast.command is None and full.command is None
    for key, value in vars(fast).items():
        assert getattr(full, key) == value, key
    assert not {k for k in vars(full) if k != "command"} - set(vars(fast))


@pytest.mark.parametrize("argv", [
    ["check", "case.json"], ["--help"], ["-h"], ["--version"], ["--data"], ["--lang", "fr"],
    ["--data-dir"], ["--self-test"], ["--data-dir", "d", "check", "x.json"], ["--debug", "--", "x"],
])
def test_anything_else_goes_to_the_whole_parser(argv):
    assert _window_args(argv) is None
