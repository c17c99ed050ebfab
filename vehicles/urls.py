from django.urls import path

from . import views

app_name = "vehicles"

urlpatterns = [
    path("", views.pool, name="pool"),
    path("new/", views.vehicle_new, name="new"),
    path("documents/expiring/", views.expiring, name="expiring"),
    path("documents/<int:pk>/", views.document_file, name="document_file"),
    path("damage/<int:pk>/status/", views.damage_status, name="damage_status"),
    path("damage/photo/<int:pk>/", views.damage_photo, name="damage_photo"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/photo/", views.photo, name="photo"),
    path("<int:pk>/odometer/", views.odometer, name="odometer"),
    path("<int:pk>/damage/new/", views.damage_new, name="damage_new"),
    path("<int:pk>/documents/new/", views.document_new, name="document_new"),
    path("<int:pk>/maintenance/new/", views.maintenance_new, name="maintenance_new"),
    path("<int:pk>/keybox/", views.keybox, name="keybox"),
    path("<int:pk>/keybox/rotate/", views.keybox_rotate, name="keybox_rotate"),
    path("<int:pk>/keybox/revocations.json", views.keybox_revocations, name="keybox_revocations"),
    path("<int:pk>/contribution/", views.contribution, name="contribution"),
]
