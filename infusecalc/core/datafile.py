"""Loading TOML data files into pydantic models, with errors that name file, field and problem."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .casefile import nesting_depth
from .errors import ProtocolFileError
from .regular_file import FileRefused, read_regular_file

M = TypeVar("M", bound=BaseModel)


# A protocol is about 26 kB and a formulary 15 kB: a file a hundred times larger is not one of
# them (and /dev/zero would otherwise be read until memory runs out).
MAX_DATA_BYTES = 2_000_000
# tomllib recurses on nested arrays and inline tables; a file nests about 4 deep.
MAX_DATA_DEPTH = 32
_SHOWN_CHARS = 80   # of a key or location echoed back in a refusal


def read_data_file(path: Path) -> bytes:
    """The file's bytes, refusing what is not a regular file or is too large to be a data file
    (core/regular_file.py: a FIFO would block the open, a device like /dev/zero never ends)."""
    try:
        return read_regular_file(path, MAX_DATA_BYTES)
    except FileRefused as exc:
        raise ProtocolFileError(str(path), [("(file)", exc.reason)]) from exc


def _shown(text: str, limit: int = _SHOWN_CHARS) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def load_toml_model(path: Path, model: type[M]) -> tuple[M, str]:
    """Parse ``path`` as ``model``; return it with the SHA-256 of the exact bytes read.

    Every way a file can be wrong is a ProtocolFileError naming the file (never another
    exception: a 5,000-digit integer is a ValueError in tomllib, deep nesting a RecursionError)."""
    return parse_toml_model(read_data_file(path), str(path), model)


def parse_toml_model(raw: bytes, label: str, model: type[M]) -> tuple[M, str]:
    """``raw`` (a file's exact bytes, e.g. an adopted protocol kept in the records) as ``model``,
    with their SHA-256; errors name ``label`` as the file, exactly as load_toml_model's do."""
    path = label
    if len(raw) > MAX_DATA_BYTES:
        raise ProtocolFileError(path, [("(file)", f"is larger than {MAX_DATA_BYTES:,} bytes; a protocol or "
                                        f"formulary file is a few dozen kilobytes. Check that this is the right file.")])
    digest = hashlib.sha256(raw).hexdigest()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ProtocolFileError(str(path), [("(file)", f"is not UTF-8 text: {exc}")]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProtocolFileError(str(path), [("(syntax)", _shown(str(exc), 2000))]) from exc
    except ValueError as exc:   # tomllib's int(): "Exceeds the limit (4300 digits)..."
        raise ProtocolFileError(str(path), [("(syntax)", f"a number is too long to be a value of this file "
                                             f"({_shown(str(exc))})")]) from exc
    except RecursionError:
        raise ProtocolFileError(str(path), [("(syntax)", f"arrays or tables are nested more than "
                                             f"{MAX_DATA_DEPTH} deep")]) from None
    if nesting_depth(data) > MAX_DATA_DEPTH:
        raise ProtocolFileError(str(path), [("(syntax)", f"arrays or tables are nested more than "
                                             f"{MAX_DATA_DEPTH} deep")])
    try:
        return model.model_validate(data), digest
    except ValidationError as exc:
        details = [(_shown(".".join(str(p) for p in e["loc"])) or "(top level)", _shown(e["msg"], 2000))
                   for e in exc.errors()]
        raise ProtocolFileError(str(path), details) from exc


def resource_path(*parts: str) -> Path:
    """A file under the shipped resources (works from source, an install, or a frozen bundle)."""
    from importlib.resources import files

    return Path(str(files("infusecalc.resources").joinpath(*parts)))
