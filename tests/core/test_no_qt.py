import subprocess
import sys


def test_core_and_check_never_import_qt(tmp_path):
    case = tmp_path / "c.json"
    case.write_text('{"subject_id": "1", "group": "A", "age_years": 40, "weight": "70 kg", '
                    '"dose_level": "DL1", "infusion_date": "2026-12-10"}', encoding="utf-8")
    code = (
        "import sys, importlib, pkgutil, infusecalc.core as c\n"
        "for m in pkgutil.iter_modules(c.__path__): importlib.import_module('infusecalc.core.' + m.name)\n"
        "from infusecalc.cli.main import main\n"
        f"rc = main(['check', {str(case)!r}, '--json'])\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert rc == 0 and not bad, (rc, bad)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
