"""Reading and writing case files from the window: exactly the schema ``infusecalc check`` reads."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core.case import Case


def case_data(case: "Case") -> dict[str, Any]:
    """The file form of a case (aliases such as "class", no empty optional fields)."""
    return case.model_dump(mode="json", by_alias=True, exclude_none=True)


def case_text(case: "Case") -> str:
    return json.dumps(case_data(case), ensure_ascii=False, indent=2) + "\n"


def read_case(path: str | Path) -> "Case":
    """Raises FileRefused (an OSError with a code) for a folder, a FIFO or device (an open
    would hang the window), a file over MAX_CASE_BYTES or an unreadable one; InputError if it
    is not a valid case file."""
    from ..core.case import parse_case_bytes
    from ..core.casefile import MAX_CASE_BYTES
    from ..core.regular_file import read_regular_file

    return parse_case_bytes(read_regular_file(path, MAX_CASE_BYTES))


def write_case(path: str | Path, case: "Case") -> None:
    """Write through a temporary file and rename, so a failed save never truncates the old file."""
    from ..core.regular_file import check_output_target

    target = Path(path)
    check_output_target(target)   # FileRefused: a rename would replace a device or pipe
    fd, tmp = tempfile.mkstemp(prefix=".infusecalc-", suffix=".json", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(case_text(case))
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def refusal_text(exc: OSError, path: str) -> str:
    """Why a chosen file was not read, in the window's language (the text layer's words):
    what it is, and what to do."""
    from ..core.regular_file import FileRefused
    from . import language as shown

    if isinstance(exc, FileRefused):
        return shown.problem_message(exc.problem(path))
    return exc.strerror or str(exc)
