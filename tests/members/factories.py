"""A cooperative with one person per role, for the role matrices of members and vehicles."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from members.models import Cooperative, Member, MemberStatus, Role
from tests.factories import CooperativeFactory, MemberFactory, VehicleFactory
from vehicles.models import DamagePhoto, DamageReport, DocumentKind, Vehicle, VehicleDocument

ROLES = [
    "member",
    "caretaker",
    "other_caretaker",
    "treasurer",
    "board",
    "audit",
    "suspended",
    "applicant",
    "left",
    "outsider",
]
SEEING = {"member", "caretaker", "other_caretaker", "treasurer", "board", "audit", "suspended"}
NOT_SEEING = {"applicant", "left", "outsider"}


def png_bytes(size=(40, 30), colour=(200, 30, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, format="PNG")
    return buf.getvalue()


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    coop: Cooperative
    people: dict[str, Member]
    car: Vehicle
    other_car: Vehicle
    document: VehicleDocument
    damage: DamageReport
    photo: DamagePhoto
    extra: dict = field(default_factory=dict)


def build_world(slug: str = "linden") -> World:
    coop = CooperativeFactory(slug=slug, name=f"DEEL {slug.title()}")
    p: dict[str, Member] = {}
    p["member"] = MemberFactory(cooperative=coop)
    p["caretaker"] = MemberFactory(cooperative=coop, roles=[Role.CARETAKER])
    p["other_caretaker"] = MemberFactory(cooperative=coop, roles=[Role.CARETAKER])
    p["treasurer"] = MemberFactory(cooperative=coop, roles=[Role.TREASURER])
    p["board"] = MemberFactory(cooperative=coop, roles=[Role.BOARD])
    p["audit"] = MemberFactory(cooperative=coop, roles=[Role.AUDIT])
    p["suspended"] = MemberFactory(
        cooperative=coop, status=MemberStatus.SUSPENDED, suspension_reason="betalingsachterstand"
    )
    p["applicant"] = MemberFactory(cooperative=coop, status=MemberStatus.APPLIED, number=None, admitted_at=None)
    p["left"] = MemberFactory(cooperative=coop, status=MemberStatus.LEFT)
    p["outsider"] = MemberFactory()  # active member of another cooperative
    car = VehicleFactory(cooperative=coop, caretaker=p["caretaker"])
    car.photo.save("car.png", ContentFile(png_bytes()), save=True)
    other_car = VehicleFactory(cooperative=coop, caretaker=p["other_caretaker"])
    document = VehicleDocument.objects.create(
        vehicle=car, kind=DocumentKind.APK, expires_on=timezone.localdate() + dt.timedelta(days=10)
    )
    document.file.save("apk.pdf", ContentFile(pdf_bytes()), save=True)
    damage = DamageReport.objects.create(vehicle=car, reported_by=p["member"], description="Deuk in de bumper")
    photo = DamagePhoto(report=damage)
    photo.image.save("deuk.png", ContentFile(png_bytes()), save=True)
    return World(coop=coop, people=p, car=car, other_car=other_car, document=document, damage=damage, photo=photo)
