"""Pages of the car pool: parse, check permission, call one service or selector, render.

By subject: the pool (pool.py), one car (car.py), its logbook of readings, damage and
maintenance (logbook.py), its papers (documents.py)."""

from .car import contribution, detail, edit, photo
from .documents import document_file, document_new, expiring
from .keybox import keybox, keybox_revocations, keybox_rotate
from .logbook import damage_new, damage_photo, damage_status, maintenance_new, odometer
from .pool import pool, vehicle_new

__all__ = [
    "contribution",
    "damage_new",
    "damage_photo",
    "damage_status",
    "detail",
    "document_file",
    "document_new",
    "edit",
    "expiring",
    "keybox",
    "keybox_revocations",
    "keybox_rotate",
    "maintenance_new",
    "odometer",
    "photo",
    "pool",
    "vehicle_new",
]
