"""Demo data of the vehicles app: five contributed cars in Bomenbuurt, one in the second
cooperative, with papers, readings, a damage report and maintenance.

Idempotent (looked up by plate; papers, readings and damage only added to a car that has
none) and deterministic (fixed data, no random draws, so later seeders' draws stay the same).
Photos are drawn with Pillow: no downloads.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from vehicles.models import (
    DamageReport,
    DocumentKind,
    Fuel,
    KeyBox,
    KeyBoxKind,
    MaintenanceEntry,
    OdometerSource,
    Vehicle,
    VehicleClass,
)
from vehicles.services import (
    contribution_set,
    damage_report,
    document_add,
    keybox_set,
    maintenance_add,
    odometer_record,
    vehicle_create,
)

from .members import DemoContext

# plate, make, model, nickname, fuel, class, seats, address, note, colour, agreed value (cents), km, months ago
BOMENBUURT = [
    (
        "K-781-RX",
        "Volkswagen",
        "Polo",
        "De Polo",
        Fuel.PETROL,
        VehicleClass.SMALL,
        5,
        "Valkenboslaan 112, Den Haag",
        "Parkeervak voor nr. 112, blauwe bord ‘deelauto’",
        (46, 94, 170),
        650_000,
        87_412,
        30,
    ),
    (
        "GXK-17-P",
        "Toyota",
        "Yaris Hybrid",
        "Gele Yaris",
        Fuel.HYBRID,
        VehicleClass.SMALL,
        5,
        "Acaciastraat 8, Den Haag",
        "Binnenplaats achter nr. 8, poort met code 2580",
        (226, 178, 32),
        980_000,
        61_230,
        26,
    ),
    (
        "ZL-874-N",
        "Toyota",
        "Corolla Touring Sports",
        "De Stationwagen",
        Fuel.HYBRID,
        VehicleClass.LARGE,
        5,
        "Thomsonlaan 41, Den Haag",
        "Straatkant tegenover de bakker",
        (120, 124, 130),
        1_450_000,
        42_975,
        20,
    ),
    (
        "T-612-ZD",
        "Kia",
        "e-Niro",
        "Niro",
        Fuel.ELECTRIC,
        VehicleClass.MEDIUM,
        5,
        "Fahrenheitstraat 210, Den Haag",
        "Laadpaal op de hoek met de Goudenregenstraat",
        (31, 111, 92),
        1_890_000,
        54_118,
        18,
    ),
    (
        "XP-385-V",
        "Renault",
        "Zoe",
        "Zoë",
        Fuel.ELECTRIC,
        VehicleClass.SMALL,
        5,
        "Sweelinckstraat 77, Den Haag",
        "Laadpaal voor nr. 77",
        (180, 52, 44),
        820_000,
        73_604,
        34,
    ),
]
SECOND = [
    (
        "R-215-SG",
        "Peugeot",
        "e-208",
        "",
        Fuel.ELECTRIC,
        VehicleClass.SMALL,
        5,
        "Piet Heinstraat 30, Den Haag",
        "Laadpaal bij de kerk",
        (90, 60, 140),
        1_600_000,
        23_450,
        12,
    ),
]
MAINTENANCE = [
    (330, "Grote beurt en olie verversen", "Garage Duinoord"),
    (150, "Winterbanden gemonteerd", "Bandenservice Loosduinen"),
    (40, "Ruitenwisserbladen vervangen", ""),
]


def _font(size: int):
    for name in ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default()


def car_picture(colour: tuple[int, int, int], label: str, plate: str) -> ContentFile:
    """A simple side view of a car in its colour, with its name and plate."""
    w, h = 960, 540
    img = Image.new("RGB", (w, h), (226, 238, 233))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 400, w, h], fill=(190, 198, 194))  # street
    d.rectangle([0, 392, w, 400], fill=(150, 160, 156))  # kerb
    dark = tuple(max(0, c - 50) for c in colour)
    d.rounded_rectangle([150, 250, 810, 370], radius=40, fill=colour, outline=dark, width=4)  # body
    d.polygon([(270, 255), (350, 160), (600, 160), (700, 255)], fill=colour, outline=dark)  # cabin
    d.polygon([(300, 250), (362, 176), (468, 176), (468, 250)], fill=(200, 225, 240))  # windows
    d.polygon([(482, 250), (482, 176), (592, 176), (664, 250)], fill=(200, 225, 240))
    d.rectangle([780, 280, 806, 300], fill=(255, 236, 160))  # headlight
    for cx in (290, 670):
        d.ellipse([cx - 58, 312, cx + 58, 428], fill=(40, 40, 40))
        d.ellipse([cx - 26, 344, cx + 26, 396], fill=(170, 170, 170))
    d.text((40, 40), label, fill=(28, 36, 33), font=_font(48))
    d.rounded_rectangle([40, 110, 290, 170], radius=6, fill=(245, 196, 0), outline=(20, 20, 20), width=3)
    d.text((58, 118), plate, fill=(17, 17, 17), font=_font(38))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=82)
    return ContentFile(buf.getvalue(), name=f"{plate.lower().replace('-', '')}.jpg")


def scratch_picture() -> ContentFile:
    img = Image.new("RGB", (640, 480), (226, 178, 32))
    d = ImageDraw.Draw(img)
    d.line([(120, 300), (260, 250), (420, 270), (520, 230)], fill=(120, 90, 20), width=6)
    d.line([(140, 320), (300, 270)], fill=(240, 230, 200), width=3)
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=80)
    return ContentFile(buf.getvalue(), name="kras-achterdeur.jpg")


def simple_pdf(title: str, lines: list[str]) -> ContentFile:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, 770, title)
    c.setFont("Helvetica", 11)
    for i, line in enumerate(lines):
        c.drawString(72, 740 - 16 * i, line)
    c.showPage()
    c.save()
    return ContentFile(buf.getvalue(), name=f"{title.lower().replace(' ', '-')}.pdf")


def _car(coop, spec, caretaker, contributor, index: int) -> Vehicle:
    plate, make, model, nickname, fuel, vclass, seats, address, note, colour, value, km, months = spec
    vehicle = Vehicle.objects.filter(cooperative=coop, plate=plate).first()
    today = timezone.localdate()
    if vehicle is None:
        vehicle = vehicle_create(
            cooperative=coop,
            by=None,
            plate=plate,
            make=make,
            model=model,
            nickname=nickname,
            fuel=fuel,
            vehicle_class=vclass,
            seats=seats,
            address=address,
            location_note=note,
            caretaker=caretaker,
            buffer_minutes=30 if fuel == Fuel.ELECTRIC else 15,
            photo=car_picture(colour, f"{make} {model}", plate),
        )
    contributed_on = today - dt.timedelta(days=months * 30)
    if not hasattr(vehicle, "contribution"):
        contribution_set(
            vehicle=vehicle,
            member=contributor,
            contributed_on=contributed_on,
            agreed_value_cents=value,
            depreciation_months=60,
            residual_value_cents=0,
            by=None,
        )
    if not vehicle.documents.exists():
        # The first car's APK runs out within 30 days: the warning list shows it.
        apk_days = 12 if index == 0 else 120 + 45 * index
        document_add(
            vehicle=vehicle,
            kind=DocumentKind.APK,
            title="APK-keuring",
            expires_on=today + dt.timedelta(days=apk_days),
            by=caretaker,
            file=simple_pdf("APK-keuring", [f"Kenteken {plate}", f"{make} {model}", "Goedgekeurd."]),
        )
        document_add(
            vehicle=vehicle,
            kind=DocumentKind.INSURANCE,
            title="All-risk, polis bij de Coöperatieve Verzekeraar",
            expires_on=today + dt.timedelta(days=200 + 20 * index),
            by=caretaker,
            file=simple_pdf("Polisblad", [f"Kenteken {plate}", "Dekking: all-risk, alle bestuurders die lid zijn."]),
        )
        document_add(vehicle=vehicle, kind=DocumentKind.REGISTRATION, title="Kentekenbewijs (kaart)", by=caretaker)
    if not vehicle.odometer_readings.exists():
        at = timezone.make_aware(dt.datetime.combine(contributed_on, dt.time(10, 0)))
        odometer_record(vehicle=vehicle, km=km, recorded_by=caretaker, source=OdometerSource.CHECK, recorded_at=at)
    if not MaintenanceEntry.objects.filter(vehicle=vehicle).exists():
        for days, what, garage in MAINTENANCE[: 3 if index % 2 == 0 else 2]:
            if days > months * 30:
                continue
            maintenance_add(
                vehicle=vehicle,
                performed_on=today - dt.timedelta(days=days),
                description=what,
                garage=garage,
                by=caretaker,
            )
    return vehicle


def seed(ctx: DemoContext) -> None:
    for index, spec in enumerate(BOMENBUURT):
        owner = ctx.contributors[index]
        ctx.vehicles.append(_car(ctx.coop, spec, owner, owner, index))
    yaris = ctx.vehicles[1]
    if not DamageReport.objects.filter(vehicle=yaris).exists():
        damage_report(
            vehicle=yaris,
            reported_by=ctx.members[0],
            description="Kras van ongeveer 20 cm op de rechter achterdeur. Zat er al toen ik de auto ophaalde.",
            photos=[scratch_picture()],
        )
    # Key boxes on the electric cars and the first one: members pick the key up without
    # meeting anyone (the caretaker set them up; the secrets are never printed).
    for vehicle in [ctx.vehicles[0], *(v for v in ctx.vehicles if v.fuel == Fuel.ELECTRIC)]:
        if not KeyBox.objects.filter(vehicle=vehicle).exists():
            kind = KeyBoxKind.ELECTRONIC if vehicle.fuel == Fuel.ELECTRIC else KeyBoxKind.CODED_SAFE
            keybox_set(
                vehicle=vehicle,
                by=vehicle.caretaker,
                kind=kind,
                box_id=f"BB-{vehicle.plate.replace('-', '')}",
                location="Aan de gevel naast de laadpaal"
                if vehicle.fuel == Fuel.ELECTRIC
                else "Hek van de parkeerplaats",
            )
    second_owner = ctx.second_members[1]
    for index, spec in enumerate(SECOND):
        ctx.second_vehicles.append(_car(ctx.second, spec, second_owner, second_owner, index + 1))
