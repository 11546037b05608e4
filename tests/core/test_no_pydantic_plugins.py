"""No third-party pydantic plugin takes part in validating a protocol, formulary or case."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_pydantic_plugins_are_off_once_the_core_is_imported():
    # A fresh interpreter, with the environment asking for every plugin: importing the core
    # switches them off before any of its models is built.
    code = textwrap.dedent("""
        import os
        os.environ.pop("PYDANTIC_DISABLE_PLUGINS", None)
        import infusecalc.core.protocol
        from pydantic.plugin import _loader
        assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__"
        assert list(_loader.get_plugins()) == []
        assert _loader._plugins is None, "the entry points were scanned"
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
