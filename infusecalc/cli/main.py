"""The ``infusecalc`` command. Sub-commands import only what they need: ``check`` never loads Qt."""

from __future__ import annotations

import argparse
import importlib
import sys

from .. import __version__
from ..i18n import add_global_option as add_lang_option

# Each module exposes register(subparsers); importing it must stay cheap (no Qt, no pint).
COMMAND_MODULES = [
    "infusecalc.cli.check",
    "infusecalc.cli.sheet_cmd",
    "infusecalc.cli.records_cmd",
    "infusecalc.cli.db_cmd",
    "infusecalc.cli.escalation_cmd",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="infusecalc",
        description="ct1190b (NCT07470073) dose calculator and pre-infusion washout checker. "
                    "With no command, opens the window.")
    parser.add_argument("--version", action="version", version=f"infusecalc {__version__}")
    add_lang_option(parser)
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation (data files, known doses, sheet, records, "
                             "fonts) and exit 0 if every check passes")
    parser.add_argument("--data-dir", metavar="DIR", help="records database folder (default: "
                        "INFUSECALC_DATA_DIR, else the user data folder)")
    parser.add_argument("--verify-mode", action="store_true",
                        help="open the bedside verification window instead of the order window "
                             "(nurse stations)")
    parser.add_argument("--database", metavar="URL", help="records database: postgresql://USER@HOST/DB "
                        "(password from ~/.pgpass or PGPASSFILE, never here) or sqlite:///PATH "
                        "(default: INFUSECALC_DATABASE_URL, else the SQLite file in --data-dir)")
    parser.add_argument("--protocol", dest="window_protocol", metavar="TOML",
                        help="window: compute with this protocol file (an amendment or a label example) "
                             "instead of the shipped one")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.self_test:
        from ..selftest import main as self_test

        return self_test()
    if args.command is None:
        return launch_gui(args)
    return int(args.func(args) or 0)


def launch_gui(args: argparse.Namespace) -> int:
    try:
        gui = importlib.import_module("infusecalc.gui.app")
    except ModuleNotFoundError:
        print("infusecalc: the window is not built yet in this version; use "
              "'infusecalc check CASE.json' (see 'infusecalc --help').", file=sys.stderr)
        return 2
    return int(gui.run(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
