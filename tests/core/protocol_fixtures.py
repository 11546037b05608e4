"""Amended copies of the shipped protocol, for tests of dose-level kinds."""

from __future__ import annotations

from pathlib import Path

from infusecalc.core.protocol import LoadedProtocol, load_protocol

SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "protocols" / "nct07470073.toml"
GROUP_B_START = '[[groups]]\nid = "B"'


def with_levels_in_a(tmp_path: Path, levels: str, name: str = "amended.toml") -> Path:
    """The shipped protocol with ``levels`` (TOML [[groups.levels]] tables) added to Group A."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert GROUP_B_START in text
    out = tmp_path / name
    out.write_text(text.replace(GROUP_B_START, levels.strip() + "\n\n" + GROUP_B_START, 1), encoding="utf-8")
    return out


def load_with_levels(tmp_path: Path, levels: str) -> LoadedProtocol:
    return load_protocol(with_levels_in_a(tmp_path, levels))


def replaced(tmp_path: Path, old: str, new: str, name: str = "amended.toml") -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text, old
    out = tmp_path / name
    out.write_text(text.replace(old, new, 1), encoding="utf-8")
    return out
