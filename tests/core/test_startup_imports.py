import subprocess
import sys


def test_building_the_command_parser_imports_nothing_heavy():
    """The window's start-up runs main() first: the parser must not pull in pint, pydantic,
    SQLAlchemy or Qt, or every start waits for them (benchmarks/startup.py measures it)."""
    code = (
        "import sys\n"
        "from infusecalc.cli.main import build_parser\n"
        "build_parser().parse_args([])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pint', 'pydantic', 'sqlalchemy', 'PySide6', 'segno', 'psycopg'})\n"
        "assert not heavy, heavy\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
