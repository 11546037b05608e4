"""The protocol and formulary are data: amendments change behaviour with no code change."""

import re
from pathlib import Path

import pytest

from infusecalc.core.case import parse_case
from infusecalc.core.errors import ProtocolFileError
from infusecalc.core.evaluate import evaluate
from infusecalc.core.formulary import default_formulary, load_formulary, normalize_name
from infusecalc.core.protocol import default_protocol, load_protocol

from .helpers import base_case, group_b

REGISTRY = Path(__file__).resolve().parents[2] / "resources" / "protocols" / "nct07470073.toml"
# The registry text is the specification of record; it lives beside the checkout, not in it.
_CANDIDATES = [Path(__file__).resolve().parents[3] / "shared", Path("/work/shared")]
SHARED = next((c / "reference" / "NCT07470073.md" for c in _CANDIDATES
               if (c / "reference" / "NCT07470073.md").exists()), _CANDIDATES[0])


def amended(tmp_path, old: str, new: str) -> Path:
    text = REGISTRY.read_text(encoding="utf-8")
    assert old in text
    out = tmp_path / "amended.toml"
    out.write_text(text.replace(old, new, 1), encoding="utf-8")
    return out


def test_every_rule_quotes_the_registry():
    if not SHARED.exists():
        pytest.skip("registry text not beside the checkout")
    registry = re.sub(r"\s+", " ", SHARED.read_text(encoding="utf-8"))
    p = default_protocol().protocol
    quotes = [r.quote for r in p.washout] + [lv.quote for g in p.groups for lv in g.levels]
    for quote in quotes:
        for part in quote.split("[...]"):
            assert part.strip().rstrip(".;") in registry, part


def test_hash_is_of_the_file_and_in_every_result():
    import hashlib
    ev = evaluate(parse_case(base_case()))
    assert ev.source.protocol_sha256 == hashlib.sha256(REGISTRY.read_bytes()).hexdigest()


def test_new_dose_level_is_a_data_change(tmp_path):
    path = amended(tmp_path, '[[groups.levels]]\nid = "DL-1"',
                   '[[groups.levels]]\nid = "DL4"\nkind = "flat"\ncells = "8.0e8"\nquote = "amendment 2: dl4 8.0 × 10^8"\n\n'
                   '[[groups.levels]]\nid = "DL-1"')
    ev = evaluate(parse_case(base_case(dose_level="DL4")), load_protocol(path))
    assert ev.dose.cells == 800_000_000
    assert ev.source.protocol_sha256 != default_protocol().sha256


def test_changed_cap_is_a_data_change(tmp_path):
    path = amended(tmp_path, 'cap_cells = "1.5e8"\nquote = "Dl1:3.0 × 10\\\\^6 /kg car-t cells, the maximum total number of infused cells was not more than 1.5 × 10\\\\^8',
                   'cap_cells = "1.2e8"\nquote = "Amendment: Dl1:3.0 × 10^6 /kg car-t cells, not more than 1.2 × 10^8')
    ev = evaluate(parse_case(group_b("45 kg")), load_protocol(path))
    assert ev.dose.cells == 120_000_000 and ev.dose.cap_applied


def test_extra_washout_rule_is_a_data_change(tmp_path):
    path = amended(tmp_path, '[[washout]]\nid = "hydroxyurea_tki"',
                   '[[washout]]\nid = "tki_long"\nclasses = ["tyrosine_kinase_inhibitor"]\nwindow_days = 14\n'
                   'reference = "infusion"\nquote = "amendment 3"\n\n[[washout]]\nid = "hydroxyurea_tki"')
    case = parse_case(base_case(exposures=[{"agent": "dasatinib", "last_date": "2026-12-01"}]))
    assert evaluate(case).cleared
    ev = evaluate(case, load_protocol(path))
    assert {f.rule: f.status for f in ev.washout.findings} == {"tki_long": "fail", "hydroxyurea_tki": "pass"}


@pytest.mark.parametrize("old, new, field", [
    ('cells_per_kg = "3.0e6"', 'cells_per_kg = "-3.0e6"', "cells_per_kg"),
    ('window_days = 7', 'window_days = "seven"', "window_days"),
    ('reference = "consent"', 'reference = "surgery"', "reference"),
    ('cap_cells = "1.5e8"', 'cap_cells = "1.5e8"\nextra_field = 1', "extra_field"),
])
def test_malformed_protocol_names_file_field_and_problem(tmp_path, old, new, field):
    path = amended(tmp_path, old, new)
    with pytest.raises(ProtocolFileError) as exc:
        load_protocol(path)
    assert "amended.toml" in str(exc.value) and field in str(exc.value)


def test_broken_toml_syntax_names_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("id = [", encoding="utf-8")
    with pytest.raises(ProtocolFileError) as exc:
        load_protocol(bad)
    assert "bad.toml" in str(exc.value)


def test_formulary_names_are_unique_and_classes_exist():
    f = default_formulary()
    f.check_classes(default_protocol().protocol.washout_classes)
    keys = [normalize_name(n) for a in f.formulary.agents for n in a.all_names()]
    assert len(keys) == len(set(keys))


def test_formulary_duplicate_name_is_refused(tmp_path):
    src = Path(default_formulary().path).read_text(encoding="utf-8")
    bad = tmp_path / "f.toml"
    bad.write_text(src.replace('"Oncovin"', '"Cerubidine"', 1), encoding="utf-8")
    with pytest.raises(ProtocolFileError) as exc:
        load_formulary(bad)
    assert "Cerubidine" in str(exc.value)


def test_formulary_covers_what_the_registry_names():
    f = default_formulary()
    needed = {
        "chemotherapy": ["daunorubicin", "doxorubicin", "idarubicin", "mitoxantrone", "vincristine",
                         "vinblastine", "6-mercaptopurine", "6-thioguanine", "methotrexate", "cytarabine",
                         "asparaginase"],
        "hydroxyurea": ["hydroxyurea"],
        "tyrosine_kinase_inhibitor": ["imatinib", "dasatinib", "nilotinib", "bosutinib", "ponatinib",
                                      "olverembatinib", "flumatinib", "asciminib"],
        "t_cell_lytic": ["alemtuzumab", "anti-thymocyte globulin"],
        "bispecific_antibody": ["blinatumomab"],
        "antibody_drug_conjugate": ["inotuzumab ozogamicin"],
        "peg_asparaginase": ["pegaspargase"],
        "systemic_glucocorticoid": ["prednisone", "prednisolone", "methylprednisolone", "triamcinolone",
                                    "hydrocortisone", "cortisone", "dexamethasone", "betamethasone",
                                    "deflazacort"],
        "radiotherapy": ["radiotherapy"], "vaccine": ["vaccine"],
        "stem_cell_transplantation": ["stem cell transplantation"],
        "donor_lymphocyte_infusion": ["donor lymphocyte infusion"],
        "major_surgery": ["major surgery"], "intrathecal_chemotherapy": ["intrathecal chemotherapy"],
    }
    for cls, names in needed.items():
        for name in names:
            agent = f.lookup(name)
            assert agent is not None and cls in agent.classes, (name, cls)
    assert all("chemotherapy" not in a.classes for a in f.formulary.agents if a.is_glucocorticoid)


def test_tall_man_list_of_conventions():
    f = default_formulary()
    for tall in ["DAUNOrubicin", "DOXOrubicin", "IDArubicin", "mitoXANTRONE", "vinBLAStine", "vinCRIStine",
                 "predniSONE", "prednisoLONE", "methylPREDNISolone", "dexAMETHasone", "cycloPHOSphamide",
                 "riTUXimab", "azaCITIDine"]:
        assert f.lookup(tall).display_name == tall
    assert f.lookup("cytarabine").display_name == "cytarabine"


def test_an_amended_cap_with_a_stale_quote_is_refused_at_load(tmp_path):
    path = amended(tmp_path, 'cap_cells = "3.0e8"', 'cap_cells = "2.5e8"')
    with pytest.raises(ProtocolFileError) as exc:
        load_protocol(path)
    text = str(exc.value)
    assert "groups.1.levels.1" in text and "level DL2" in text and "cap_cells 250000000" in text
    assert "quote_checked_by" in text


def test_a_figure_checked_by_hand_is_accepted_and_says_who(tmp_path):
    path = amended(tmp_path, 'cap_cells = "3.0e8"',
                   'cap_cells = "2.5e8"\nquote_checked_by = "Dr Li, 2026-12-01, amendment 1 section 4"')
    lp = load_protocol(path)
    assert lp.protocol.group("B").level("DL2").quote_checked_by.startswith("Dr Li")
    assert evaluate(parse_case(group_b("50 kg", "DL2")), lp).dose.cells == 250_000_000


@pytest.mark.parametrize("quote, stated", [
    ("0.5–1.0×10^6 per kg, with a maximum dose of 1×10^8", {"0.5e6", "1.0e6", "1e8"}),
    ("300 to 510 × 10^6 CAR-positive T cells", {"300e6", "510e6"}),
    ("dl2:4.5 × 10\\^8, dl3:6.0 × 10\\^8", {"4.5e8", "6.0e8"}),
    ("2.0e8 cells, or 150,000,000 cells, or 3 × 10⁸", {"2.0e8", "150000000", "3e8"}),
])
def test_quote_figures_are_read_exactly(quote, stated):
    from decimal import Decimal

    from infusecalc.core.quote_numbers import stated_numbers
    assert {Decimal(v) for v in stated} <= stated_numbers(quote)
    assert Decimal("4.5e6") not in stated_numbers(quote)   # a power belongs to its own figure only


def test_version_and_effective_date_are_in_every_result():
    ev = evaluate(parse_case(base_case()))
    assert ev.source.protocol_version == "2026-05-13"
    assert str(ev.source.protocol_effective_date) == "2026-05-13" and ev.source.protocol_amendment is None


@pytest.mark.parametrize("quote", ["1e99999999", "3.0 × 10^99999999", "1e-99999999"])
def test_a_figure_beyond_any_decimal_context_is_no_figure_not_a_crash(quote):
    # found by the protocol fuzzing: decimal.Overflow escaped as an internal error (exit 3)
    from infusecalc.core.quote_numbers import stated_numbers

    assert isinstance(stated_numbers(quote), set)
