"""A records folder driven through the command line in-process, for the fuzz tests of the
commands (tests/records/test_fuzz_commands.py) and of the nurse's `verify`
(tests/core/test_fuzz_verify.py): an administrator, a pharmacist and a nurse who have set their
own passwords, and Group B DL2 opened by a recorded decision, so a sheet can be issued."""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

from infusecalc.cli.main import main

PASSWORDS = {"admin": "admin-pass-1", "wang": "pharm-pass-1", "li": "nurse-pass-1"}
_SET_UP = [
    (("users", "add", "admin", "--role", "admin"), "admin-pass-1\n"),
    (("users", "add", "wang", "--role", "pharmacist", "--by", "admin"), "temporary-pass-w\nadmin-pass-1\n"),
    (("users", "add", "li", "--role", "nurse", "--by", "admin"), "temporary-pass-l\nadmin-pass-1\n"),
    (("users", "passwd", "wang"), "temporary-pass-w\npharm-pass-1\n"),
    (("users", "passwd", "li"), "temporary-pass-l\nnurse-pass-1\n"),
    (("escalation", "decide", "--group", "B", "--level", "DL2", "--open", "--reference", "SRC minutes",
      "--user", "admin"), "admin-pass-1\n"),
]


class CliStation:
    # argparse ends a usage error (2) or --help (0) with SystemExit: a result for a fuzz test
    # that generates arguments, a failure for one that does not.
    usage_exits_are_results = False

    def __init__(self, data_dir: Path, work: Path) -> None:
        self.data_dir, self.work = data_dir, work
        for argv, stdin in _SET_UP:
            code, _, err = self.run(*argv, "--password-stdin", stdin=stdin)
            assert code == 0, err

    def run(self, *argv: str, stdin: str = "") -> tuple[int, str, str]:
        """``infusecalc --data-dir DATA ARGV`` with ``stdin``: (exit code, stdout, stderr)."""
        out, err = io.StringIO(), io.StringIO()
        old_stdin = sys.stdin
        sys.stdin = io.StringIO(stdin)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(["--data-dir", str(self.data_dir), *argv])
                except SystemExit as exc:
                    if not self.usage_exits_are_results:
                        raise
                    code = exc.code if isinstance(exc.code, int) else 2
        finally:
            sys.stdin = old_stdin
        return code, out.getvalue(), err.getvalue()
