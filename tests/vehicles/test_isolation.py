"""Another cooperative's objects answer 404 on every URL that takes an id, for GET and POST,
even to that cooperative's board (they are a member only of their own)."""

import pytest
from django.urls import reverse

from tests.members.factories import build_world
from vehicles.models import DamageReport, OdometerReading, VehicleDocument

pytestmark = pytest.mark.django_db

# url name -> object of world B whose pk goes in the URL
ID_URLS = {
    "members:detail": lambda w: w.people["member"].pk,
    "members:admit": lambda w: w.people["applicant"].pk,
    "members:refuse": lambda w: w.people["applicant"].pk,
    "members:suspend": lambda w: w.people["member"].pk,
    "members:reinstate": lambda w: w.people["suspended"].pk,
    "members:remove": lambda w: w.people["member"].pk,
    "members:roles": lambda w: w.people["member"].pk,
    "vehicles:detail": lambda w: w.car.pk,
    "vehicles:edit": lambda w: w.car.pk,
    "vehicles:photo": lambda w: w.car.pk,
    "vehicles:odometer": lambda w: w.car.pk,
    "vehicles:damage_new": lambda w: w.car.pk,
    "vehicles:document_new": lambda w: w.car.pk,
    "vehicles:maintenance_new": lambda w: w.car.pk,
    "vehicles:contribution": lambda w: w.car.pk,
    "vehicles:document_file": lambda w: w.document.pk,
    "vehicles:damage_status": lambda w: w.damage.pk,
    "vehicles:damage_photo": lambda w: w.photo.pk,
}
POST_ONLY = {
    "members:admit",
    "members:refuse",
    "members:suspend",
    "members:reinstate",
    "members:remove",
    "members:roles",
    "vehicles:odometer",
    "vehicles:damage_status",
}


def test_every_url_with_an_id_answers_404_for_another_cooperatives_object(client):
    a, b = build_world("eiken"), build_world("beuken")
    client.force_login(a.people["board"].user)
    before = (
        OdometerReading.objects.count(),
        DamageReport.objects.filter(status="reported").count(),
        VehicleDocument.objects.count(),
        sorted(m.status for m in b.people.values()),
    )
    data = {"km": 999999, "status": "repaired", "reason": "x", "role": "board", "action": "assign"}
    for name, pk in ID_URLS.items():
        # B's object under A's slug (where the board member is a member) ...
        url = reverse(name, kwargs={"coop": a.coop.slug, "pk": pk(b)})
        if name not in POST_ONLY:
            assert client.get(url).status_code == 404, name
        assert client.post(url, data).status_code == 404, name
        # ... and under B's own slug (where they are nobody).
        url = reverse(name, kwargs={"coop": b.coop.slug, "pk": pk(b)})
        assert client.post(url, data).status_code == 404, name
    for p in b.people.values():
        p.refresh_from_db()
    after = (
        OdometerReading.objects.count(),
        DamageReport.objects.filter(status="reported").count(),
        VehicleDocument.objects.count(),
        sorted(m.status for m in b.people.values()),
    )
    assert after == before


def test_pool_and_member_list_show_only_own_cooperative(client):
    a, b = build_world("eiken"), build_world("beuken")
    client.force_login(a.people["board"].user)
    pool = client.get(reverse("vehicles:pool", kwargs={"coop": a.coop.slug})).content.decode()
    assert a.car.plate in pool and b.car.plate not in pool
    assert f"/cars/{b.car.pk}/" not in pool
    members = client.get(reverse("members:list", kwargs={"coop": a.coop.slug})).content.decode()
    assert b.people["member"].user.email not in members
    assert a.people["member"].user.email in members
