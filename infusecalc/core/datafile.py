"""Loading TOML data files into pydantic models, with errors that name file, field and problem."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .errors import ProtocolFileError

M = TypeVar("M", bound=BaseModel)


def load_toml_model(path: Path, model: type[M]) -> tuple[M, str]:
    """Parse ``path`` as ``model``; return it with the SHA-256 of the exact bytes read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProtocolFileError(str(path), [("(file)", f"cannot be read: {exc.strerror or exc}")]) from exc
    return parse_toml_model(raw, str(path), model)


def parse_toml_model(raw: bytes, label: str, model: type[M]) -> tuple[M, str]:
    """``raw`` (a file's exact bytes, e.g. an adopted protocol kept in the records) as ``model``,
    with their SHA-256; errors name ``label`` as the file."""
    path = label
    digest = hashlib.sha256(raw).hexdigest()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ProtocolFileError(str(path), [("(file)", f"is not UTF-8 text: {exc}")]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProtocolFileError(str(path), [("(syntax)", str(exc))]) from exc
    try:
        return model.model_validate(data), digest
    except ValidationError as exc:
        details = [(".".join(str(p) for p in e["loc"]) or "(top level)", e["msg"]) for e in exc.errors()]
        raise ProtocolFileError(str(path), details) from exc


def resource_path(*parts: str) -> Path:
    """A file under the shipped resources (works from source, an install, or a frozen bundle)."""
    from importlib.resources import files

    return Path(str(files("infusecalc.resources").joinpath(*parts)))
