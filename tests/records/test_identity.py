"""Sheet IDs and the QR payload: unambiguous, checked, round-tripping, corruption refused."""

from __future__ import annotations

import random

import pytest

from infusecalc.records import keys
from infusecalc.records.qr import PayloadError, decode_payload, encode_payload, qr_modules, sheet_message
from infusecalc.records.sheetid import ALPHABET, new_sheet_id, normalise_sheet_id

_KEY = keys.new_private_key()


def _encode(sid, body):
    return encode_payload(sid, body, keys.sign(_KEY, sheet_message(body)))


def test_sheet_ids_are_unique_unambiguous_and_typed_back_in_any_form():
    ids = {new_sheet_id() for _ in range(2000)}
    assert len(ids) == 2000
    for sid in list(ids)[:300]:
        assert sid.startswith("IC-") and len(sid) == 12
        assert not set(sid[3:].replace("-", "")) & set("0O1I")
        assert normalise_sheet_id(sid.lower().replace("-", " ")) == sid
        assert normalise_sheet_id(sid[3:].replace("-", "")) == sid


def test_one_wrong_character_or_swapped_neighbours_are_refused():
    rng = random.Random(7)
    sid = new_sheet_id()
    body = sid[3:].replace("-", "")
    for pos in range(8):
        for ch in ALPHABET:
            if ch != body[pos]:
                typo = body[:pos] + ch + body[pos + 1:]
                with pytest.raises(ValueError):
                    normalise_sheet_id(typo)
    # Luhn mod 32 catches every swap of neighbours but one pair: the first and last characters of
    # the alphabet ("2Z" <-> "Z2"), a known limit of the algorithm.
    limit = {ALPHABET[0], ALPHABET[-1]}
    swaps = [i for i in range(7) if body[i] != body[i + 1] and {body[i], body[i + 1]} != limit]
    for i in rng.sample(swaps, min(3, len(swaps))):
        swapped = body[:i] + body[i + 1] + body[i] + body[i + 2:]
        with pytest.raises(ValueError):
            normalise_sheet_id(swapped)


def test_payload_round_trips_with_unicode_and_survives_a_lowercasing_scanner():
    sid = new_sheet_id()
    body = {"sheet_id": sid, "case": {"agent": "柔红霉素", "weight": "42 kg"}, "n": 252000000}
    text = _encode(sid, body)
    assert set(text) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")  # QR alphanumeric
    sig = keys.sign(_KEY, sheet_message(body))
    assert decode_payload(text) == (sid, body, sig)
    assert decode_payload("  " + text.lower() + "\n") == (sid, body, sig)
    assert keys.verify(keys.public_text(_KEY), decode_payload(text)[2], sheet_message(body))


def test_corrupted_payload_is_detected_at_every_position():
    sid = new_sheet_id()
    text = _encode(sid, {"sheet_id": sid, "x": list(range(20))})
    rng = random.Random(11)
    for pos in rng.sample(range(len(text)), 60):
        if text[pos] == ".":
            continue
        other = rng.choice([c for c in "ABCDEFGHJKLMNPQRSTUVWXYZ234567" if c != text[pos]])
        with pytest.raises(PayloadError):
            decode_payload(text[:pos] + other + text[pos + 1:])
    with pytest.raises(PayloadError):
        decode_payload(text[:-3])
    with pytest.raises(PayloadError):
        decode_payload("IC1." + sid)
    # The first, unsigned form of the code is refused whatever it holds.
    with pytest.raises(PayloadError, match="older, unsigned"):
        decode_payload("IC1." + text.split(".", 1)[1])


def test_qr_matrix_is_square_and_decodes_to_the_payload_with_segno():
    import segno

    sid = new_sheet_id()
    text = _encode(sid, {"sheet_id": sid})
    m = qr_modules(text)
    assert len(m) == len(m[0]) and all(isinstance(v, bool) for v in m[0])
    assert m == tuple(tuple(bool(v) for v in row) for row in segno.make_qr(text, error="m").matrix)
    assert segno.make_qr(text, error="m").mode == "alphanumeric"
