from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from deel.views import coop_home, healthz, my_data, my_data_download, privacy_page
from members import views as member_views

# /admin/ logs in through allauth: its rate limits and two-factor log-in apply there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", member_views.landing, name="landing"),
    path("home/", member_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("cal/", include("reservations.feed_urls")),
    path("c/<slug:coop>/", coop_home, name="coop_home"),
    path("c/<slug:coop>/profile/data/", my_data, name="my_data"),
    path("c/<slug:coop>/profile/data.json", my_data_download, name="my_data_download"),
    path("c/<slug:coop>/privacy/", privacy_page, name="privacy"),
    path("c/<slug:coop>/", include("members.urls")),
    path("c/<slug:coop>/cars/", include("vehicles.urls")),
    path("c/<slug:coop>/reservations/", include("reservations.urls")),
    path("c/<slug:coop>/books/", include("ledger.urls")),
    path("c/<slug:coop>/alv/", include("governance.urls")),
    path("c/<slug:coop>/payments/", include("payments.urls")),
    path("", include("payments.public_urls")),
]
