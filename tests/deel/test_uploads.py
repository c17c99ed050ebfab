"""Uploads are typed by their content: stored under a generated name with the extension of
their real type, served only as PDF or JPEG/PNG/WebP (sandboxed, no sniffing), and a bad or
oversized file on any form gives a Dutch form error and stores nothing (no row, no file)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from governance import services as governance
from governance.models import AgendaItem
from ledger.models import Expense
from members.models import Role
from reservations.models import Receipt
from reservations.services import trip_start
from tests.factories import CooperativeFactory, MemberFactory
from tests.members.factories import build_world, pdf_bytes
from tests.reservations.factories import book, coop_with_cars, soon
from vehicles.models import DamagePhoto, DamageReport, VehicleDocument

pytestmark = pytest.mark.django_db

GENERATED = re.compile(r"^[0-9a-f]{32}\.(pdf|jpg|png|webp)$")
POLYGLOT = b"%PDF-1.4\n<html><script>fetch('/approve/999')</script></html>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'


def image_bytes(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 200, 30)).save(buf, format=fmt)
    return buf.getvalue()


def media_files(settings) -> set:
    root = settings.MEDIA_ROOT
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def stored_name(field_file) -> str:
    return field_file.name.rsplit("/", 1)[-1]


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def claimant(db):
    coop = CooperativeFactory()
    return MemberFactory(cooperative=coop), MemberFactory(cooperative=coop, roles=[Role.TREASURER])


def submit_expense(client, member, upload):
    client.force_login(member.user)
    return client.post(
        reverse("ledger:expense_new", kwargs={"coop": member.cooperative.slug}),
        {
            "description": "Tanken",
            "amount": "999,00",
            "spent_on": "2026-11-02",
            "category": "fuel",
            "attachment": upload,
        },
    )


def test_polyglot_named_html_is_stored_and_served_as_pdf_only(client, claimant):
    """`bon.html` that starts with `%PDF-` is a PDF by its content: stored as <random>.pdf,
    served as application/pdf in a sandbox, never as text/html."""
    member, treasurer = claimant
    upload = SimpleUploadedFile("bon.html", POLYGLOT, content_type="text/html")
    assert submit_expense(client, member, upload).status_code == 302
    expense = Expense.objects.get(member=member)
    assert GENERATED.match(stored_name(expense.attachment)) and stored_name(expense.attachment).endswith(".pdf")
    client.force_login(treasurer.user)
    response = client.get(
        reverse("ledger:expense_attachment", kwargs={"coop": member.cooperative.slug, "pk": expense.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline") and ".html" not in response["Content-Disposition"]
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert body(response) == POLYGLOT


@pytest.mark.parametrize(
    ("name", "content"),
    [("bon.pdf", HTML), ("bon.png", SVG), ("bon.gif", image_bytes("GIF")), ("bon.pdf", b"MZ\x90\x00 an exe")],
)
def test_expense_with_a_file_that_is_no_pdf_or_image_gets_a_form_error_and_stores_nothing(
    client, claimant, settings, name, content
):
    member, _ = claimant
    before = media_files(settings)
    response = submit_expense(client, member, SimpleUploadedFile(name, content, content_type="application/pdf"))
    assert response.status_code == 200
    assert "Dit bestand is geen PDF en geen afbeelding" in response.content.decode()
    assert not Expense.objects.filter(member=member).exists()
    assert media_files(settings) == before


def test_oversized_expense_attachment_gets_a_form_error_and_stores_nothing(client, claimant, settings):
    settings.DEEL_MAX_UPLOAD_BYTES = 1024
    member, _ = claimant
    before = media_files(settings)
    big = SimpleUploadedFile("bon.pdf", pdf_bytes() + b"\0" * 4096, content_type="application/pdf")
    response = submit_expense(client, member, big)
    assert response.status_code == 200 and "te groot" in response.content.decode()
    assert not Expense.objects.filter(member=member).exists()
    assert media_files(settings) == before


def test_an_old_upload_that_is_not_a_pdf_or_image_only_downloads_as_octet_stream(client, claimant):
    """Files stored before the content check (named .html, .svg) are never shown inline."""
    member, treasurer = claimant
    for name, content in (("oud.html", HTML), ("oud.svg", SVG), ("oud.pdf", HTML)):
        expense = Expense.objects.create(
            cooperative=member.cooperative,
            member=member,
            description="Oud",
            amount_cents=100,
            spent_on=dt.date(2026, 1, 5),
        )
        expense.attachment.save(name, ContentFile(content), save=True)
        client.force_login(treasurer.user)
        response = client.get(
            reverse("ledger:expense_attachment", kwargs={"coop": member.cooperative.slug, "pk": expense.pk})
        )
        assert response["Content-Type"] == "application/octet-stream", name
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Content-Security-Policy"] == "sandbox"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_car_photo_damage_photo_and_document_are_named_by_content_and_served_with_that_type(client, settings):
    world = build_world()
    coop = world.coop.slug
    client.force_login(world.people["caretaker"].user)
    webp = SimpleUploadedFile("schade.html", image_bytes("WEBP"), content_type="text/html")
    response = client.post(
        reverse("vehicles:damage_new", kwargs={"coop": coop, "pk": world.car.pk}),
        {"description": "Kras", "photos": [webp]},
    )
    assert response.status_code == 302
    photo = DamagePhoto.objects.filter(report__description="Kras").get()
    assert GENERATED.match(stored_name(photo.image)) and stored_name(photo.image).endswith(".webp")
    response = client.get(reverse("vehicles:damage_photo", kwargs={"coop": coop, "pk": photo.pk}))
    assert response["Content-Type"] == "image/webp" and response["Content-Security-Policy"] == "sandbox"

    doc = SimpleUploadedFile("polis.svg", POLYGLOT, content_type="image/svg+xml")
    response = client.post(
        reverse("vehicles:document_new", kwargs={"coop": coop, "pk": world.car.pk}), {"kind": "insurance", "file": doc}
    )
    assert response.status_code == 302
    document = VehicleDocument.objects.get(kind="insurance")
    assert GENERATED.match(stored_name(document.file)) and stored_name(document.file).endswith(".pdf")
    response = client.get(reverse("vehicles:document_file", kwargs={"coop": coop, "pk": document.pk}))
    assert response["Content-Type"] == "application/pdf" and response["Content-Disposition"].startswith("inline")

    before = media_files(settings)
    svg = SimpleUploadedFile("deuk.png", SVG, content_type="image/png")
    response = client.post(
        reverse("vehicles:damage_new", kwargs={"coop": coop, "pk": world.car.pk}),
        {"description": "SVG", "photos": [svg]},
    )
    assert response.status_code == 200 and "geen afbeelding" in response.content.decode()
    html = SimpleUploadedFile("apk.pdf", HTML, content_type="application/pdf")
    response = client.post(
        reverse("vehicles:document_new", kwargs={"coop": coop, "pk": world.car.pk}), {"kind": "apk", "file": html}
    )
    assert response.status_code == 200 and "geen PDF" in response.content.decode()
    assert not DamageReport.objects.filter(description="SVG").exists()
    assert VehicleDocument.objects.filter(kind="apk").count() == 1  # the world's own
    assert media_files(settings) == before


def test_receipt_photo_is_named_by_content_and_an_svg_is_refused(client, time_machine, settings):
    coop, (car, _), (ann, _) = coop_with_cars()
    ten = soon(1, 10)
    r = book(ann, car, ten)
    time_machine.move_to(ten)
    trip_start(reservation=r, odometer_km=100, by=ann)
    client.force_login(ann.user)
    add = reverse("reservations:receipt_add", kwargs={"coop": coop.slug, "pk": r.pk})
    data = {"kind": "fuel", "amount": "45,60", "paid_on": ten.date().isoformat()}
    before = media_files(settings)
    page = client.post(add, {**data, "photo": SimpleUploadedFile("bon.jpg", SVG, content_type="image/jpeg")})
    assert page.status_code == 200 and "geen afbeelding" in page.content.decode()
    assert not Receipt.objects.exists() and media_files(settings) == before
    jpeg = SimpleUploadedFile("bon.html", image_bytes("JPEG"), content_type="text/html")
    assert client.post(add, {**data, "photo": jpeg}).status_code == 302
    receipt = Receipt.objects.get()
    assert GENERATED.match(stored_name(receipt.photo)) and stored_name(receipt.photo).endswith(".jpg")
    response = client.get(reverse("reservations:receipt_photo", kwargs={"coop": coop.slug, "receipt_pk": receipt.pk}))
    assert response["Content-Type"] == "image/jpeg" and response["Content-Security-Policy"] == "sandbox"


def test_agenda_document_is_named_by_content_and_html_is_refused(client, settings):
    coop = CooperativeFactory()
    board = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    meeting = governance.meeting_create(
        cooperative=coop,
        by=board,
        title="ALV",
        starts_at=dt.datetime(2027, 3, 1, 19, tzinfo=dt.UTC),
        location="Buurthuis",
    )
    client.force_login(board.user)
    agenda = reverse("governance:agenda", kwargs={"coop": coop.slug, "pk": meeting.pk})
    before = media_files(settings)
    html = SimpleUploadedFile("begroting.pdf", HTML, content_type="application/pdf")
    page = client.post(agenda, {"title": "Begroting", "description": "", "document": html})
    assert page.status_code == 200 and "geen PDF" in page.content.decode()
    assert not AgendaItem.objects.filter(meeting=meeting).exists() and media_files(settings) == before
    pdf = SimpleUploadedFile("begroting.html", POLYGLOT, content_type="text/html")
    assert client.post(agenda, {"title": "Begroting", "description": "", "document": pdf}).status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert GENERATED.match(stored_name(item.document)) and stored_name(item.document).endswith(".pdf")
    response = client.get(reverse("governance:item_document", kwargs={"coop": coop.slug, "pk": item.pk}))
    assert response["Content-Type"] == "application/pdf" and response["Content-Security-Policy"] == "sandbox"


def test_services_refuse_a_renamed_html_file_with_a_domain_error(claimant):
    """Forms are not the only door: the service itself checks the content (UploadRejected)."""
    from deel.errors import UploadRejected
    from ledger.services import expense_submit

    member, _ = claimant
    with pytest.raises(UploadRejected) as err:
        expense_submit(
            member=member,
            description="Tanken",
            amount_cents=1000,
            spent_on=dt.date(2026, 1, 5),
            attachment=SimpleUploadedFile("bon.pdf", HTML),
        )
    assert err.value.code == "not_document"
    assert not Expense.objects.exists()
