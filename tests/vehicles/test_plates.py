"""Dutch kentekens: every sidecode is recognised and normalised; anything else gets a Dutch message."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from vehicles.plates import SIDECODES, normalise_plate, sidecode

EXAMPLES = [
    (1, "xb1234", "XB-12-34"),
    (2, "1234xb", "12-34-XB"),
    (3, "12XB34", "12-XB-34"),
    (4, "xb 12 xb", "XB-12-XB"),
    (5, "XB-XB-12", "XB-XB-12"),
    (6, "12xbxb", "12-XB-XB"),
    (7, "12abc3", "12-ABC-3"),
    (8, "1abc23", "1-ABC-23"),
    (9, "ab123c", "AB-123-C"),
    (10, "a123bc", "A-123-BC"),
    (11, "GBB12X", "GBB-12-X"),
    (12, "g12bbx", "G-12-BBX"),
    (13, "1gb234", "1-GB-234"),
    (14, "123gb4", "123-GB-4"),
]


@pytest.mark.parametrize(("code", "raw", "expected"), EXAMPLES)
def test_every_sidecode_normalises(code, raw, expected):
    assert normalise_plate(raw) == expected
    assert sidecode(raw) == code
    assert normalise_plate(expected) == expected  # idempotent


def test_all_sidecodes_covered():
    assert {c for c, _, _ in EXAMPLES} == set(SIDECODES)


@pytest.mark.parametrize("bad", ["", "ABC", "AB-123-CD", "123456", "ABCDEF", "A1B2C3", "AB-12-3Ä", "AB_123_C"])
def test_invalid_plates_get_a_dutch_message(bad):
    with pytest.raises(ValidationError) as exc:
        normalise_plate(bad)
    assert "geen geldig Nederlands kenteken" in exc.value.messages[0]


@settings(max_examples=60, deadline=None)
@given(code=st.sampled_from(sorted(SIDECODES)), data=st.data())
def test_generated_plates_round_trip(code, data):
    letters = st.sampled_from("BDFGHJKLNPRSTVXZ")
    digits = st.sampled_from("0123456789")
    groups = ["".join(data.draw(letters if c == "L" else digits) for c in group) for group in SIDECODES[code]]
    plate = "-".join(groups)
    assert normalise_plate(plate.replace("-", "").lower()) == plate
    assert sidecode(plate) == code


@pytest.mark.django_db
def test_admin_form_normalises_and_rejects_plates():
    from tests.factories import CooperativeFactory
    from vehicles.admin import VehicleAdminForm

    coop = CooperativeFactory()
    data = {
        "cooperative": coop.pk,
        "plate": "gbb12x",
        "make": "Kia",
        "model": "Picanto",
        "fuel": "petrol",
        "vehicle_class": "small",
        "seats": 4,
        "address": "Lindelaan 1",
        "status": "active",
        "buffer_minutes": 15,
    }
    form = VehicleAdminForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["plate"] == "GBB-12-X"
    form = VehicleAdminForm({**data, "plate": "GBB-12"})
    assert not form.is_valid() and "geen geldig Nederlands kenteken" in str(form.errors)
