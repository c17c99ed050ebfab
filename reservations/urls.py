"""Reservations of a cooperative, under /c/<coop>/reservations/."""

from django.urls import path

from . import views

app_name = "reservations"

urlpatterns = [
    path("", views.index, name="index"),
    path("find/", views.find, name="find"),
    path("book/", views.book, name="book"),
    path("week/", views.week, name="week"),
    path("mine/", views.mine, name="mine"),
    path("all/", views.overview, name="overview"),
    path("series/", views.series, name="series"),
    path("car/<int:vehicle_pk>/", views.car_calendar, name="car"),
    path("car/<int:vehicle_pk>/block/", views.maintenance_block, name="block"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/return/", views.set_return, name="return"),
    path("<int:pk>/no-show/", views.no_show, name="no_show"),
    path("<int:pk>/trip/start/", views.trip_start, name="trip_start"),
    path("<int:pk>/trip/end/", views.trip_end, name="trip_end"),
    path("<int:pk>/receipts/add/", views.receipt_add, name="receipt_add"),
    path("<int:pk>/damage/", views.damage, name="damage"),
    path("trip-photos/<int:photo_pk>/", views.trip_photo, name="trip_photo"),
    path("receipts/<int:receipt_pk>/photo/", views.receipt_photo, name="receipt_photo"),
    path("calendars/", views.tokens, name="tokens"),
    path("rules/", views.rules, name="rules"),
    path("waitlist/", views.waitlist_join, name="waitlist_join"),
]
