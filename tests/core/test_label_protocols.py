"""The shipped label examples and an amended ct1190b protocol compute through
`infusecalc check --protocol` with no code of their own (issue 17)."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from infusecalc.cli.main import main
from infusecalc.core.case import parse_case
from infusecalc.core.errors import InputError
from infusecalc.core.evaluate import evaluate
from infusecalc.core.protocol import load_protocol

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "resources" / "protocols" / "labels"
AMENDED = ROOT / "tests" / "fixtures" / "ct1190b-amendment-1.toml"
ACK = ["WEIGHT_BELOW_USUAL", "WEIGHT_ABOVE_USUAL"]


def check(tmp_path: Path, protocol: Path, **case) -> tuple[int, dict, str]:
    data = {"subject_id": "L-1", "age_years": 40, "infusion_date": "2026-12-10", "consent_date": "2026-11-20",
            "dose_level": "label", "acknowledged_warnings": ACK, **case}
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", str(path), "--json", "--protocol", str(protocol)])
    return code, (json.loads(out.getvalue()) if out.getvalue() else {}), err.getvalue()


EXPECTED_FILES = {"yescarta.toml": "LBCL", "tecartus-mcl.toml": "MCL", "tecartus-ball.toml": "BALL",
                  "carvykti.toml": "MM", "kymriah-ball.toml": "BALL", "kymriah-dlbcl.toml": "DLBCL",
                  "breyanzi.toml": "LBCL", "abecma.toml": "MM"}


def test_eight_label_files_each_with_one_group_and_one_level_named_label():
    assert sorted(p.name for p in LABELS.glob("*.toml")) == sorted(EXPECTED_FILES)
    for name, group in EXPECTED_FILES.items():
        p = load_protocol(LABELS / name).protocol
        assert [g.id for g in p.groups] == [group] and [lv.id for lv in p.groups[0].levels] == ["label"]
        assert p.groups[0].indications is None
        assert p.groups[0].levels[0].quote.startswith("2.1")   # the label section it implements
        assert p.version and p.effective_date


# (file, group, weight, cells (target or None), min, max, cap applied)
@pytest.mark.parametrize("name, weight, cells, lo, hi, capped", [
    ("yescarta.toml", "100 kg", 200_000_000, None, None, False),      # exactly at the cap
    ("yescarta.toml", "100.5 kg", 200_000_000, None, None, True),
    ("yescarta.toml", "70 kg", 140_000_000, None, None, False),
    ("tecartus-mcl.toml", "100.0001 kg", 200_000_000, None, None, True),
    ("tecartus-ball.toml", "100 kg", 100_000_000, None, None, False),
    ("tecartus-ball.toml", "120 kg", 100_000_000, None, None, True),
    ("carvykti.toml", "80 kg", None, 40_000_000, 80_000_000, False),
    ("carvykti.toml", "100 kg", None, 50_000_000, 100_000_000, False),
    ("carvykti.toml", "130 kg", None, 65_000_000, 100_000_000, True),
    ("kymriah-dlbcl.toml", "70 kg", None, 60_000_000, 600_000_000, False),
    ("breyanzi.toml", "70 kg", None, 50_000_000, 110_000_000, False),
    ("abecma.toml", "70 kg", None, 300_000_000, 510_000_000, False),
])
def test_label_doses(tmp_path, name, weight, cells, lo, hi, capped):
    group = EXPECTED_FILES[name]
    code, out, err = check(tmp_path, LABELS / name, group=group, weight=weight)
    assert code == 0, err
    d = out["dose"]
    assert (d["cells"], d["min_cells"], d["max_cells"]) == (cells, lo, hi)
    assert (d["cap_applied"] or d["max_cap_applied"]) is capped
    assert out["source"]["protocol_version"]


@pytest.mark.parametrize("weight, band, lo, hi", [
    ("10 kg", "≤ 50 kg", 2_000_000, 50_000_000),
    ("50 kg", "≤ 50 kg", 10_000_000, 250_000_000),
    ("50.01 kg", "> 50 kg", 10_000_000, 250_000_000),
    ("90 kg", "> 50 kg", 10_000_000, 250_000_000),
])
def test_kymriah_ball_band_edges(tmp_path, weight, band, lo, hi):
    code, out, err = check(tmp_path, LABELS / "kymriah-ball.toml", group="BALL", age_years=12, weight=weight)
    assert code == 0, err
    assert out["dose"]["band"]["text"] == band and (out["dose"]["min_cells"], out["dose"]["max_cells"]) == (lo, hi)


def test_kymriah_30_kg_patient_given_a_2_5e8_bag_is_not_cleared(tmp_path):
    code, out, _ = check(tmp_path, LABELS / "kymriah-ball.toml", group="BALL", age_years=12, weight="30 kg",
                         product={"total_cells": "2.5e8 cell", "lot": "K-1"})
    assert code == 1 and out["cleared"] is False
    assert out["product"]["bag_status"] == "above_maximum" and out["product"]["bag_max_cells"] == 150_000_000
    assert any("150,000,000" in r for r in out["not_cleared_reasons"])


def test_kymriah_ball_is_up_to_25_years(tmp_path):
    code, _, err = check(tmp_path, LABELS / "kymriah-ball.toml", group="BALL", age_years=26, weight="60 kg")
    assert code == 2 and "AGE_NOT_ELIGIBLE" in err


def test_a_range_label_needs_the_bags_total(tmp_path):
    code, _, err = check(tmp_path, LABELS / "abecma.toml", group="MM", weight="70 kg",
                         product={"concentration": "1e7 cell/mL", "container_volume": "50 mL"})
    assert code == 2 and "RANGE_NEEDS_WHOLE_BAG" in err
    code, out, err = check(tmp_path, LABELS / "abecma.toml", group="MM", weight="70 kg",
                           product={"total_cells": "4.6e8 cell"})
    assert code == 0 and out["product"]["bag_status"] == "within", err


def test_exposures_cannot_be_checked_against_a_label_without_washout_rules(tmp_path):
    code, _, err = check(tmp_path, LABELS / "yescarta.toml", group="LBCL", weight="70 kg",
                         exposures=[{"agent": "dexamethasone", "last_date": "2026-12-01", "daily_dose": "10 mg",
                                     "route": "oral"}])
    assert code == 2 and "NO_WASHOUT_RULES" in err


def _tecartus_both(tmp_path: Path) -> Path:
    """Both Tecartus labels as one protocol: two groups of the same ages, told apart by indication."""
    mcl = (LABELS / "tecartus-mcl.toml").read_text(encoding="utf-8")
    ball = (LABELS / "tecartus-ball.toml").read_text(encoding="utf-8")
    group_ball = ball[ball.index("[[groups]]"):ball.index("[site_settings]")]
    text = mcl.replace("[site_settings]", group_ball + "[site_settings]", 1)
    text = text.replace('soft_weight_source = ', 'indications = ["MCL"]\nsoft_weight_source = ', 1)
    i = text.index('id = "BALL"')
    text = text[:i] + text[i:].replace('soft_weight_source = ', 'indications = ["B-ALL"]\nsoft_weight_source = ', 1)
    out = tmp_path / "tecartus.toml"
    out.write_text(text, encoding="utf-8")
    return out


def test_tecartus_case_without_its_indication_is_refused(tmp_path):
    path = _tecartus_both(tmp_path)
    code, _, err = check(tmp_path, path, group="BALL", weight="70 kg")
    assert code == 2 and "INDICATION_REQUIRED" in err
    code, _, err = check(tmp_path, path, group="BALL", weight="70 kg", indication="MCL")
    assert code == 2 and "INDICATION_NOT_IN_GROUP" in err
    code, out, err = check(tmp_path, path, group="BALL", weight="70 kg", indication="B-ALL")
    assert code == 0 and out["dose"]["cells"] == 70_000_000 and out["dose"]["indication"] == "B-ALL", err


# ------------------------------------------------------------------ the amended ct1190b protocol

def _amended(tmp_path, **case):
    base = {"group": "A", "age_years": 40, "weight": "70 kg", "dose_level": "DL1"}
    base.update(case)
    return check(tmp_path, AMENDED, **base)


def test_amended_dl4_needs_an_escalation_decision(tmp_path):
    code, _, err = _amended(tmp_path, dose_level="DL4")
    assert code == 2 and "DECISION_NOT_CONFIRMED" in err
    code, out, err = _amended(tmp_path, dose_level="DL4", decision_confirmed="escalation",
                              decision_reference="SRC minutes 2026-12-01")
    assert code == 0, err
    assert out["dose"]["cells"] == 900_000_000 and out["dose"]["decision_kind"] == "escalation"
    assert out["source"]["protocol_version"] == "amendment 1 (test fixture)"


def test_amended_group_b_dl2_cap(tmp_path):
    code, out, err = _amended(tmp_path, group="B", age_years=15, weight="42 kg", dose_level="DL2")
    assert code == 0, err
    assert out["dose"]["cells"] == 250_000_000 and out["dose"]["cap_applied"]   # 2.52e8 capped at 2.5e8


def test_amended_washout_for_another_car_t_product(tmp_path):
    exposure = {"agent": "tisagenlecleucel", "class": "car_t_product", "last_date": "2026-09-20"}
    code, out, _ = _amended(tmp_path, exposures=[exposure])
    assert code == 1
    (f,) = out["washout"]["findings"]
    assert f["rule"] == "other_car_t" and f["status"] == "fail" and f["window_days"] == 84
    code, out, _ = _amended(tmp_path, exposures=[{**exposure, "last_date": "2026-09-16"}])
    assert code == 0 and out["washout"]["findings"][0]["status"] == "pass"   # 85 days before


def test_the_shipped_protocol_is_unchanged_by_the_fixture():
    ev = evaluate(parse_case({"subject_id": "x", "group": "B", "age_years": 15, "weight": "42 kg",
                              "dose_level": "DL2", "infusion_date": "2026-12-10"}))
    assert ev.dose.cells == 252_000_000
    with pytest.raises(InputError):
        evaluate(parse_case({"subject_id": "x", "group": "A", "age_years": 40, "weight": "70 kg",
                             "dose_level": "DL4", "infusion_date": "2026-12-10"}))
