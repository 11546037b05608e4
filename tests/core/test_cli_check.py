"""The `infusecalc check` contract, through the real console entry point."""

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from infusecalc.cli.main import main

from .helpers import base_case, group_b

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"


def check(tmp_path, data, *extra):
    """Run `infusecalc check` in-process (fast); test_entry_point runs the real command."""
    path = tmp_path / "case.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", str(path), *extra])
    return subprocess.CompletedProcess([], code, out.getvalue(), err.getvalue())


def test_entry_point_is_the_real_command(tmp_path):
    r = subprocess.run([sys.executable, "-m", "infusecalc", "check", str(EXAMPLE), "--json"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and json.loads(r.stdout)["dose"]["cells"] == 252_000_000


def test_issue_example_json_contract(tmp_path):
    r = check(tmp_path, EXAMPLE.read_text(encoding="utf-8"), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["cleared"] is True
    assert out["dose"]["cells"] == 252_000_000 and out["dose"]["uncapped_cells"] == 252_000_000
    assert out["dose"]["cap_cells"] == 300_000_000 and out["dose"]["cap_applied"] is False
    assert [f["agent"] for f in out["washout"]["findings"]] == ["daunorubicin", "dexamethasone", "radiotherapy"]
    assert all(f["status"] == "pass" and f["earliest_date"] is None for f in out["washout"]["findings"])
    # 252,000,000 / 1.3e7 = 19.38 mL -> 19.3 mL; 2 bags of 10 mL; 250,900,000 cells delivered
    assert out["product"]["volume_ml"] == 19.3 and out["product"]["containers"] == 2
    assert out["product"]["delivered_cells"] == 250_900_000
    assert out["source"]["protocol_sha256"] and len(out["source"]["protocol_sha256"]) == 64


def test_not_cleared_is_exit_1_with_earliest_date(tmp_path):
    r = check(tmp_path, base_case(exposures=[{"agent": "methotrexate", "last_date": "2026-12-05"}]), "--json")
    assert r.returncode == 1
    f = json.loads(r.stdout)["washout"]["findings"][0]
    assert (f["agent"], f["status"], f["earliest_date"]) == ("methotrexate", "fail", "2026-12-13")


def test_unacknowledged_warning_is_exit_1_and_acknowledged_is_0(tmp_path):
    r = check(tmp_path, group_b("20 kg"), "--json")
    assert r.returncode == 1
    assert [w["code"] for w in json.loads(r.stdout)["warnings"]] == ["WEIGHT_BELOW_USUAL"]
    r = check(tmp_path, group_b("20 kg", acknowledged_warnings=["weight_below_usual"]), "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["dose"]["cells"] == 60_000_000


def test_text_summary(tmp_path):
    r = check(tmp_path, group_b("55 kg"))
    assert r.returncode == 0
    assert "1.5 × 10⁸ = 150,000,000 CAR-T cells" in r.stdout and "CAP APPLIED" in r.stdout


BAD = [
    (base_case(age_years=11, group="B"), "age_years", "AGE_NOT_ELIGIBLE"),
    (base_case(age_years=76), "age_years", "AGE_NOT_ELIGIBLE"),
    (base_case(age_years=17), "group", "AGE_GROUP_MISMATCH"),
    (group_b("40 kg", age_years=18), "group", "AGE_GROUP_MISMATCH"),
    (base_case(date_of_birth="2010-01-01", age_years=None), "group", "AGE_GROUP_MISMATCH"),
    (base_case(age_years=None), "age_years", "AGE_MISSING"),
    (base_case(dose_level="DL4"), "dose_level", "LEVEL_NOT_IN_GROUP"),
    (group_b("40 kg", "DL3"), "dose_level", "LEVEL_NOT_IN_GROUP"),
    (base_case(dose_level="DL-1"), "deescalation_confirmed", "DEESCALATION_NOT_CONFIRMED"),
    (base_case(weight="70"), "weight", "UNIT_MISSING"),
    (base_case(weight=70), "weight", "FIELD_INVALID"),
    (base_case(weight="0 kg"), "weight", "WEIGHT_OUT_OF_RANGE"),
    (base_case(weight="-5 kg"), "weight", "WEIGHT_OUT_OF_RANGE"),
    (base_case(weight="301 kg"), "weight", "WEIGHT_OUT_OF_RANGE"),
    (base_case(weight="700 lb"), "weight", "WEIGHT_OUT_OF_RANGE"),
    (base_case(weight="1e-9 kg"), "weight", "WEIGHT_OUT_OF_RANGE"),
    (base_case(product={"concentration": "1.3e-7 cell/mL", "container_volume": "10 mL"}),
     "product.concentration", "CONCENTRATION_OUT_OF_RANGE"),
    (base_case(product={"concentration": "1.3e7 cell/mL", "container_volume": "10 ML"}),
     "product.container_volume", "UNIT_NOT_ALLOWED"),
    (base_case(infusion_date="9999-12-31"), "infusion_date", "DATE_OUT_OF_RANGE"),
    (base_case(weight="NaN kg"), "weight", "QUANTITY_NOT_FINITE"),
    (base_case(infusion_date="2026-02-30"), "infusion_date", "DATE_INVALID"),
    (base_case(infusion_date="10/12/2026"), "infusion_date", "DATE_INVALID"),
    (base_case(consent_date="2026-12-11"), "consent_date", "CONSENT_AFTER_INFUSION"),
    (base_case(subject_id=None), "subject_id", "FIELD_MISSING"),
    (base_case(weight=None), "weight", "FIELD_MISSING"),
    (base_case(infusion_date=None), "infusion_date", "FIELD_MISSING"),
    (base_case(wieght="70 kg"), "wieght", "FIELD_UNKNOWN"),
    (base_case(group="C"), "group", "GROUP_UNKNOWN"),
    (base_case(exposures=[{"agent": "unobtainium", "last_date": "2026-12-01"}]), "exposures.0.agent", "AGENT_UNKNOWN"),
    (base_case(exposures=[{"agent": "dexamethasone", "last_date": "2026-12-01"}]), "exposures.0.route", "ROUTE_REQUIRED"),
    (base_case(exposures=[{"agent": "radiotherapy", "last_date": "2026-12-01"}]), "exposures.0.site", "SITE_REQUIRED"),
    (base_case(exposures=[{"agent": "imatinib", "last_date": "2026-13-01"}]), "exposures.0.last_date", "DATE_INVALID"),
    (base_case(product={"concentration": "1.3e7", "container_volume": "10 mL"}), "product.concentration", "UNIT_MISSING"),
    (base_case(product={"concentration": "1.3e7 cell/mL", "container_volume": "10 kg"}), "product.container_volume", "UNIT_NOT_ALLOWED"),
]


@pytest.mark.parametrize("data, field, code", BAD, ids=[c for _, _, c in BAD])
def test_invalid_input_is_exit_2_naming_field_and_fix(tmp_path, data, field, code):
    r = check(tmp_path, data)
    assert r.returncode == 2 and r.stdout == ""
    assert field in r.stderr and code in r.stderr
    r = check(tmp_path, data, "--json")
    assert r.returncode == 2 and r.stdout == ""
    errors = json.loads(r.stderr)["errors"]
    hit = [e for e in errors if e["code"] == code]
    assert hit and hit[0]["field"] == field and len(hit[0]["message"]) > 20


def test_not_json_and_missing_file_are_exit_2(tmp_path):
    assert check(tmp_path, "{not json").returncode == 2
    r = subprocess.run([sys.executable, "-m", "infusecalc", "check", str(tmp_path / "none.json")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "cannot read" in r.stderr


def test_schema_is_generated_from_the_model():
    r = subprocess.run([sys.executable, "-m", "infusecalc", "schema"], capture_output=True, text=True)
    schema = json.loads(r.stdout)
    assert r.returncode == 0 and {"subject_id", "weight", "exposures", "product"} <= set(schema["properties"])
    assert "class" in schema["$defs"]["Exposure"]["properties"]
