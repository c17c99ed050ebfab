"""Damage: a member reports it, the caretaker moves it forward to repaired."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from deel.uploads import MAX_PHOTOS
from members.models import Member

from .. import permissions as perms
from ..errors import InvalidDamageStep, InvalidVehicle, NotAllowed, UploadRejected
from ..locks import damage_report_lock
from ..models import DamagePhoto, DamageReport, DamageStatus, Vehicle, VehicleEventKind
from .history import event_record
from .uploads import check_image

MAX_DAMAGE_PHOTOS = MAX_PHOTOS  # deel.uploads: the upload field allows as many


def _short(text: str) -> str:
    return Truncator(text).chars(60)


@transaction.atomic
def damage_report(
    *, vehicle: Vehicle, reported_by: Member, description: str, photos: Iterable[Any] = ()
) -> DamageReport:
    """A member reports damage, with up to MAX_DAMAGE_PHOTOS photos. Guarantees: every
    photo is a real image within the size limit, checked before anything is stored; the
    report is in the car's history with who made it."""
    description = (description or "").strip()
    if not description:
        raise InvalidVehicle(_("Beschrijf de schade: wat, waar op de auto, en sinds wanneer."))
    files = list(photos or ())
    if len(files) > MAX_DAMAGE_PHOTOS:
        raise UploadRejected(_("Maximaal %(n)s foto's per melding.") % {"n": MAX_DAMAGE_PHOTOS})
    for photo in files:
        check_image(photo)
    report = DamageReport(vehicle=vehicle, reported_by=reported_by, description=description)
    report.full_clean()
    report.save()
    for photo in files:
        DamagePhoto.objects.create(report=report, image=photo)
    event_record(
        vehicle=vehicle,
        kind=VehicleEventKind.DAMAGE_REPORTED,
        by=reported_by,
        summary=_("Schade gemeld: %(what)s") % {"what": _short(description)},
        changes={"damage_report": [None, report.pk]},
    )
    return report


@transaction.atomic
def damage_set_status(*, report: DamageReport, status: str, by: Member | None, assessment: str = "") -> DamageReport:
    """The caretaker (or the board) moves a damage report forward: reported -> assessed
    -> repaired, never back (permissions.damage_next_steps). The repair date is recorded,
    and the step, with who made it, in the car's history."""
    locked = damage_report_lock(report=report)
    vehicle = report.vehicle
    if by is not None and (by.cooperative_id != vehicle.cooperative_id or not perms.can_assess_damage(by, vehicle)):
        raise NotAllowed(_("Alleen de autobeheerder en het bestuur beoordelen schade aan deze auto."))
    if not perms.can_move_damage(locked, status):
        raise InvalidDamageStep(
            _("Een schademelding met status “%(now)s” kan niet naar “%(new)s”.")
            % {
                "now": locked.get_status_display(),
                "new": DamageStatus(status).label if status in DamageStatus.values else status,
            }
        )
    old_status, old_label, old_assessment = locked.status, locked.get_status_display(), locked.assessment
    locked.status = status
    if assessment.strip():
        locked.assessment = assessment.strip()
    if status == DamageStatus.REPAIRED:
        locked.repaired_at = timezone.now()
    locked.full_clean()
    locked.save()
    changes: dict[str, Any] = {"damage_report": [locked.pk, locked.pk], "status": [old_status, locked.status]}
    if locked.assessment != old_assessment:
        changes["assessment"] = [old_assessment, locked.assessment]
    event_record(
        vehicle=vehicle,
        kind=VehicleEventKind.DAMAGE_UPDATED,
        by=by,
        summary=_("Schade “%(what)s”: %(old)s → %(new)s")
        % {"what": _short(locked.description), "old": old_label, "new": locked.get_status_display()},
        changes=changes,
    )
    return locked
