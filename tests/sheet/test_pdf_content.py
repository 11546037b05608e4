"""The PDF sheet, read back with pypdf: what a nurse and an auditor read on paper."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from pypdf import PdfReader

from infusecalc.sheet.model import SheetOptions, Signature
from infusecalc.sheet.render import write_pdf

from .helpers import EXAMPLE, GENERATED, base_case, build, capped_not_cleared, cleared, group_b, pdf


def test_capped_not_cleared_sheet_says_what_the_core_computed(tmp_path):
    ev, _ = build(capped_not_cleared())
    assert ev.dose.cap_applied and not ev.cleared          # the premise of this test
    pages, (text,) = pdf(tmp_path, capped_not_cleared())
    assert pages == 1
    assert "0101-001" in text
    assert "1.5 × 10⁸ = 150,000,000 CAR-T cells" in text     # the dose, both forms
    assert "1.65 × 10⁸ = 165,000,000 CAR-T cells" in text    # rate x weight before the cap
    assert "3 × 10⁶ CAR-T cells/kg" in text and "55 kg" in text
    assert "CAP APPLIED" in text
    assert "✘ NOT CLEARED — DO NOT INFUSE" in text
    assert "CLEARED FOR INFUSION" not in text
    # Whole, as printed: no space guessed inside a hash (the text map has a space glyph).
    assert ev.source.protocol_sha256 in text and ev.source.formulary_sha256 in text
    assert ev.case_sha256 in text
    assert "nct07470073.toml" in text and "NCT07470073" in text and "ct1190b" in text
    # Tall-man names and the Chinese name beside them.
    assert "DAUNOrubicin" in text and "vinCRIStine" in text and "dexAMETHasone" in text
    assert "柔红霉素" in text
    # Every finding, with its result and, for the failure, the earliest clearing date.
    assert text.count("✔ PASS") == 3 and text.count("✘ FAIL") == 1
    fail = next(f for f in ev.washout.findings if f.status == "fail")
    assert fail.earliest_date.isoformat() in text
    from infusecalc.text import Words

    for reason in Words("en").not_cleared(ev):
        assert reason in text
    # Site settings in force, weight with its date, age with its reference.
    for key, value in ev.source.site_settings.items():
        assert f"{key.replace('_', ' ')}: {value}" in text
    assert "measured 2026-12-08 (Tue)" in text
    assert "on the consent date 2026-11-20 (Fri)" in text
    assert "L2026-118" in text and "B-0001, B-0002" in text


def test_cleared_sheet_and_ismp_volumes(tmp_path):
    pages, (text,) = pdf(tmp_path, json.loads(EXAMPLE.read_text(encoding="utf-8")))
    assert pages == 1 and "page 1 of 1" in text
    assert "✔ CLEARED FOR INFUSION" in text and "NOT CLEARED" not in text
    assert "2.52 × 10⁸ = 252,000,000 CAR-T cells" in text
    assert "19.3 mL" in text and "19.30" not in text          # no trailing zero
    assert "10 mL" in text and "10.0 mL" not in text
    assert "Cap not applied" in text
    assert "ﬁ" not in text and "ﬂ" not in text                # no ligatures in the text layer
    assert " cc" not in text


def test_a_volume_below_one_millilitre_has_its_leading_zero(tmp_path):
    data = base_case(dose_level="DL-1", deescalation_confirmed=True, deescalation_reference="SRC minutes 12",
                     product={"concentration": "3e8 cell/mL", "container_volume": "1 mL"})
    ev, _ = build(data)
    assert str(ev.product.volume_ml) in ("0.5", "0.50")        # the premise
    _, (text,) = pdf(tmp_path, data)
    assert "0.5 mL" in text and " .5 mL" not in text and "0.50" not in text
    assert "De-escalation to DL-1 decided jointly by the investigator and the sponsor: CONFIRMED" in text
    assert "SRC minutes 12" in text
    assert "No cap: a flat dose" in text


def test_no_product_data_is_said_not_guessed(tmp_path):
    _, (text,) = pdf(tmp_path, base_case())
    assert "Product label data not entered: volume to draw not computed." in text
    # Our numbers never carry a trailing zero (the registry quote keeps its own "3.0 × 10^8").
    assert "3 × 10⁸ = 300,000,000 CAR-T cells" in text and "3.0 × 10⁸" not in text


def test_forty_exposures_overflow_to_a_second_page(tmp_path):
    start = dt.date(2026, 8, 1)
    exposures = [{"agent": "daunorubicin", "last_date": (start + dt.timedelta(days=2 * i)).isoformat()}
                 for i in range(40)]
    ev, _ = build(base_case(exposures=exposures))
    assert len(ev.washout.findings) == 40
    pages, texts = pdf(tmp_path, base_case(exposures=exposures))
    assert pages == 2 and len(texts) == 2
    assert "page 1 of 2" in texts[0] and "page 2 of 2" in texts[1]
    # A detached second page still names the subject, the status and the table's columns.
    assert "continued" in texts[1] and "0101-001" in texts[1] and "CLEARED FOR INFUSION" in texts[1]
    assert "Last exposure" in texts[1]
    every_date = [e["last_date"] for e in exposures]
    joined = " ".join(texts)
    assert all(d in joined for d in every_date)
    assert "Prepared by" in texts[1] and "Verified by" in texts[1]


def test_draft_is_marked_and_an_issued_sheet_is_not(tmp_path):
    _, (draft,) = pdf(tmp_path, cleared(), "draft.pdf")
    assert "DRAFT - not issued" in draft
    _, (issued,) = pdf(tmp_path, cleared(), "issued.pdf", sheet_id="DS-2026-000123",
                       chain_anchor="17:ab12cd34", qr_text="infusecalc:DS-2026-000123",
                       qr_modules=((True, False), (False, True)))
    assert "DS-2026-000123" in issued and "DRAFT" not in issued
    assert "17:ab12cd34" in issued and "infusecalc:DS-2026-000123" in issued


def test_reprint_and_voided_markings(tmp_path):
    _, (reprint,) = pdf(tmp_path, cleared(), "r.pdf", sheet_id="DS-2", reprint_of="DS-1")
    assert "REPRINT of DS-1" in reprint and "DS-2" in reprint
    _, (void,) = pdf(tmp_path, cleared(), "v.pdf", sheet_id="DS-1", voided_reason="wrong weight entered")
    assert "VOIDED: wrong weight entered" in void
    # A void sheet of a cleared case must not say CLEARED in large type: only as the old result.
    assert "✘ VOIDED — DO NOT USE THIS SHEET" in void and "✔ CLEARED FOR INFUSION" not in void
    assert "The result on this sheet was: CLEARED FOR INFUSION" in void


def test_signatures_print_name_meaning_and_time(tmp_path):
    issued = Signature("issued", "Li Na", "pharm07", dt.datetime(2026, 12, 9, 6, 31, tzinfo=dt.timezone.utc))
    verified = Signature("verified", "Wang Fang", "rn112", dt.datetime(2026, 12, 9, 7, 5, tzinfo=dt.timezone.utc))
    _, (text,) = pdf(tmp_path, cleared(), sheet_id="DS-9", signatures=(issued, verified))
    assert "Prepared by" in text and "Verified by" in text
    assert "Li Na (pharm07)" in text and "Wang Fang (rn112)" in text
    assert "2026-12-09T06:31:00Z" in text and "2026-12-09T07:05:00Z" in text
    assert "Meaning: prepared and issued this sheet" in text
    assert "Name (print)" not in text
    _, (blank,) = pdf(tmp_path, cleared(), "blank.pdf")
    assert blank.count("Name (print)") == 2 and blank.count("Signature") >= 2


def test_footer_has_version_generation_time_and_page_count(tmp_path):
    ev, _ = build(cleared())
    _, (text,) = pdf(tmp_path, cleared())
    assert f"InfuseCalc {ev.program_version}" in text
    assert GENERATED.strftime("%Y-%m-%dT%H:%M:%SZ") in text and "page 1 of 1" in text


def test_warnings_show_whether_acknowledged(tmp_path):
    data = group_b("20 kg", "DL1")
    ev, _ = build(data)
    codes = [w.code for w in ev.warnings]
    assert codes and not ev.cleared                            # an unacknowledged warning
    _, (text,) = pdf(tmp_path, data, "w.pdf")
    assert all(c in text for c in codes) and "NOT ACKNOWLEDGED" in text
    _, (ack,) = pdf(tmp_path, group_b("20 kg", "DL1", acknowledged_warnings=codes), "ack.pdf")
    assert "NOT ACKNOWLEDGED" not in ack and "ACKNOWLEDGED" in ack


def test_hand_classified_agent_is_marked(tmp_path):
    data = base_case(exposures=[{"agent": "mystery agent", "class": "chemotherapy", "last_date": "2026-11-01"}])
    _, (text,) = pdf(tmp_path, data)
    assert "CLASSIFIED BY HAND" in text and "mystery agent" in text


def test_pdf_is_a4_with_embedded_fonts(tmp_path):
    ev, case = build(capped_not_cleared())
    path = tmp_path / "s.pdf"
    write_pdf(ev, case, path, SheetOptions())
    page = PdfReader(str(path)).pages[0]
    assert abs(float(page.mediabox.width) - 595.3) < 1 and abs(float(page.mediabox.height) - 841.9) < 1
    fonts = page["/Resources"]["/Font"]
    assert len(fonts) >= 2                                     # a Latin face and the CJK face
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]


def test_a_case_that_does_not_match_the_evaluation_is_refused(tmp_path):
    ev, _ = build(cleared())
    _, other = build(capped_not_cleared())
    path = tmp_path / "x.pdf"
    with pytest.raises(ValueError, match="does not match"):
        write_pdf(ev, other, path)
    assert not path.exists() and not list(tmp_path.iterdir())


def test_options_refuse_naive_times_and_bad_languages():
    with pytest.raises(ValueError):
        Signature("issued", "A", "a", dt.datetime(2026, 12, 9, 6, 30))
    with pytest.raises(ValueError):
        SheetOptions(lang="fr")
    with pytest.raises(ValueError):
        SheetOptions(qr_modules=((True,), (True, False)))


def test_a_not_cleared_sheet_gives_no_volume_or_containers_to_prepare(tmp_path):
    """A thaw risk otherwise: the volume and the containers of a case that is not cleared are
    not printed; the sheet says not to prepare (issue 15, item 2)."""
    ev, _ = build(capped_not_cleared())
    assert ev.product is not None and not ev.cleared
    _pages, (text,) = pdf(tmp_path, capped_not_cleared())
    assert "DO NOT PREPARE" in text
    volume = ev.product.volume_ml
    from infusecalc.core import formatting as fmt

    assert fmt.volume_ml(volume) not in text
    assert "Volume to draw" not in text and "Containers to thaw" not in text
    # The cleared sheet keeps them.
    _pages, (cleared_text,) = pdf(tmp_path, json.loads(EXAMPLE.read_text(encoding="utf-8")))
    assert "DO NOT PREPARE" not in cleared_text and "Containers to thaw" in cleared_text


def test_a_pound_weight_reads_to_two_decimals_on_the_sheet(tmp_path):
    """Issue 15 item 4: 121 lb is 54.88467677 kg to the dose, 54.88 kg to the reader."""
    data = capped_not_cleared()
    data["weight"] = "121 lb"
    ev, _ = build(data)
    assert ev.dose.weight_kg_used == Decimal("54.88467677")
    for lang, expected in (("en", "54.88 kg (121 lb entered)"), ("zh_CN", "54.88 kg（输入为 121 lb）")):
        _, (text, *_) = pdf(tmp_path, data, name=f"lb-{lang}.pdf", lang=lang)
        # pypdf puts a space at each CJK text run's edge: compare without spaces
        assert expected.replace(" ", "") in text.replace(" ", "") and "54.88467677" not in text
        assert "164,654,030" in text or "1.65 × 10⁸" in text    # rate × weight from every digit
