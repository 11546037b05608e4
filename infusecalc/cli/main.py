"""The ``infusecalc`` command. Sub-commands import only what they need: ``check`` never loads Qt.

Exit codes, for every command: 0 and 1 only for a computed result (1: not cleared, not
verified), 2 for anything refused (input, a file that cannot be read, an output that cannot be
written), 3 for an internal error: one line on stderr, the traceback only with --debug.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
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
    "infusecalc.cli.protocol_cmd",
]


# The options ``infusecalc`` takes without a command (the window), as _window_args reads them.
_WINDOW_FLAGS = {"--debug", "--verify-mode"}
_WINDOW_VALUES = {"--lang", "--data-dir", "--database", "--protocol"}


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; ``commands=False``: the global options only (no help, no
    version, no sub-commands), for _window_args."""
    parser = argparse.ArgumentParser(
        prog="infusecalc",
        description="ct1190b (NCT07470073) dose calculator and pre-infusion washout checker. "
                    "With no command, opens the window.", add_help=commands, exit_on_error=commands)
    if commands:
        parser.add_argument("--version", action="version", version=f"infusecalc {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="on an internal error (exit 3), print the traceback")
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
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _window_args(args_list: list[str]) -> argparse.Namespace | None:
    """The arguments of ``infusecalc`` opening the window (no command; only the global options,
    spelled in full), read without importing and registering every command: that took tens of
    milliseconds before the window's first paint. None for anything else (a command, --help,
    an abbreviation, a mistake): the whole parser reads those, and says what is wrong."""
    i = 0
    while i < len(args_list):
        arg = args_list[i]
        if arg in _WINDOW_FLAGS:
            i += 1
        elif arg.split("=", 1)[0] in _WINDOW_VALUES:
            i += 1 if "=" in arg else 2
        else:
            return None
    if i != len(args_list):
        return None    # an option without its value
    try:
        args, rest = build_parser(commands=False).parse_known_args(args_list)
    except argparse.ArgumentError:
        return None
    return None if rest else args


EXIT_REFUSED, EXIT_INTERNAL = 2, 3
INTERNAL_ERROR = "internal error, nothing was changed; please report"


def main(argv: list[str] | None = None) -> int:
    """Run a command; whatever happens, exit with a code of the contract and no stray traceback."""
    args_list = sys.argv[1:] if argv is None else argv
    _reopen_closed_std_streams()
    _utf8_stdout()
    real_stdout = sys.stdout
    sys.stdout = _Output(real_stdout)
    try:
        refused = _refuse_nul(args_list)
        if refused is not None:
            return refused
        code = _run(args_list)
        sys.stdout.flush()    # a full disk or a closed pipe shows here, not at interpreter exit
        return code
    except (KeyboardInterrupt, SystemExit):
        raise
    except (OutputError, BrokenPipeError) as exc:
        _silence_stdout(real_stdout)
        _say(f"infusecalc: cannot write to standard output: {exc.strerror or exc}")
        return EXIT_REFUSED
    except Exception:
        return _internal_error(args_list)
    finally:
        sys.stdout = real_stdout


class OutputError(OSError):
    """Standard output cannot be written (closed pipe, full disk)."""


class _Output:
    """Standard output, with a failure to write it told apart from every other OSError."""

    def __init__(self, stream: object):
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))  # type: ignore[attr-defined]
        except OSError as exc:
            raise OutputError(exc.errno, exc.strerror or str(exc)) from exc

    def flush(self) -> None:
        try:
            self._stream.flush()  # type: ignore[attr-defined]
        except OSError as exc:
            raise OutputError(exc.errno, exc.strerror or str(exc)) from exc

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def print_result(text: str, code: int) -> int:
    """Print a command's computed result and return its exit code ``code`` (0 or 1).

    The rule for a closed pipe: when the reader goes away after the result was computed
    (``infusecalc check case.json | head -1``: EPIPE), the exit code stays the result's and
    nothing is added to stderr - the reader has taken what it wanted, as with any Unix filter.
    Any other failure to write (a full disk, an I/O error) means the result was not delivered
    and is exit 2 with a message (main() handles it)."""
    try:
        print(text)
        sys.stdout.flush()
    except OSError as exc:   # _Output turns every write failure into OutputError, an OSError
        if exc.errno != errno.EPIPE:
            raise
        _silence_stdout(sys.stdout)
    return code


def _internal_error(args_list: list[str]) -> int:
    if "--debug" in args_list:
        import traceback

        traceback.print_exc()
    _say(f"infusecalc: {INTERNAL_ERROR} (run again with --debug for the details)")
    return EXIT_INTERNAL


def _say(line: str) -> None:
    try:
        print(line, file=sys.stderr, flush=True)
    except (OSError, ValueError, AttributeError):
        pass   # stderr closed too: the exit code still says it


def _silence_stdout(stream: object) -> None:
    """Point standard output at the null device so the interpreter's final flush stays quiet."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())  # type: ignore[attr-defined]
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def _utf8_stdout() -> None:
    """Standard output and error are UTF-8 whatever the locale says.

    Under a latin-1 or cp1252 locale (a redirected Windows console, PYTHONIOENCODING=latin-1) a
    Chinese agent name or a Chinese summary could not be encoded: a computed result became an
    internal error (exit 3), and `--json` errors on stderr became invalid JSON ("\\xb5" escapes).
    Both found by the fuzz suite. JSON is UTF-8 by its standard (RFC 8259), and a Windows
    console is written in Unicode by Python itself."""
    for name, errors in (("stdout", "strict"), ("stderr", "backslashreplace")):
        stream = getattr(sys, name)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding in ("utf8", "utf8sig") or not hasattr(stream, "reconfigure"):
            continue
        try:
            stream.reconfigure(encoding="utf-8", errors=errors)
        except (OSError, ValueError, AttributeError):
            pass   # a stream that cannot change (already written to): left as it is


def _reopen_closed_std_streams() -> None:
    """A process started with stdin/stdout/stderr closed gets the null device in their place:
    otherwise the next file opened (the records database) would take descriptor 1 and
    receive what is printed."""
    from . import caseinput

    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                null = os.open(os.devnull, os.O_RDWR)
            except OSError:
                continue
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            if fd == 0:
                caseinput.stdin_closed = True
    if sys.stdout is None:
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)   # noqa: SIM115 - lives as long as the process
    if sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)   # noqa: SIM115


def _refuse_nul(args_list: list[str]) -> int | None:
    """A NUL character cannot be in a file name or an option value (the operating system's own
    argument list cannot hold one, but main() is also called with a list): refused here, once,
    instead of a ValueError ("embedded null byte") deep in whatever command first opens it."""
    for number, arg in enumerate(args_list, start=1):
        if "\0" in arg:
            _say(f"infusecalc: argument {number} contains a NUL character (\\0), which no file name or "
                 f"value can hold; nothing was done. Give the argument without it.")
            return EXIT_REFUSED
    return None


# Options naming a file or folder: the operating system's names are bytes, and Python keeps a
# name that is not UTF-8 as lone surrogates, which open() turns back into the same bytes.
PATH_OPTIONS = frozenset({"case", "data_dir", "file", "formulary", "out", "path", "pdf", "protocol",
                          "window_protocol"})


def _refuse_undecodable(args: argparse.Namespace) -> int | None:
    """Every other value is text that is recorded, signed, compared or printed (a user ID, a
    reason, a URL...): bytes that are not UTF-8 arrive as lone surrogates, which no UTF-8 record
    can hold (they ended in an internal error deep in the records). Refused here, naming the option."""
    for dest, value in vars(args).items():
        if not isinstance(value, str):
            continue
        if dest in PATH_OPTIONS:
            try:
                os.fsencode(value)   # what open() will do with it
            except UnicodeError:     # a surrogate no byte decodes to: only from a list given to main()
                _say(f"infusecalc: the file name given for {_shown(dest)} cannot be a "
                     f"file name on this system (it holds {_first_surrogate(value)}); nothing was done.")
                return EXIT_REFUSED
            continue
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            _say(f"infusecalc: the value given for {_shown(dest)} is not UTF-8 text (bytes "
                 f"that are not UTF-8: set the terminal or script to UTF-8); nothing was done.")
            return EXIT_REFUSED
    return None


def _shown(dest: str) -> str:
    """How the user typed the argument: a positional by its name, an option by its flag."""
    if dest in ("name", "sheet", "days", "case", "file", "path"):
        return dest.upper()
    return "--" + {"window_protocol": "protocol"}.get(dest, dest).replace("_", "-")


def _first_surrogate(value: str) -> str:
    return next((f"U+{ord(ch):04X}" for ch in value if "\ud800" <= ch <= "\udfff"), "a character it cannot encode")


def _run(args_list: list[str]) -> int:
    args = _window_args(args_list)
    if args is None:
        args = build_parser().parse_args(args_list)
    refused = _refuse_undecodable(args)
    if refused is not None:
        return refused
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
