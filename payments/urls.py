"""Cooperative-scoped payment pages (member pays, mandates, treasurer's SEPA and bank import)."""

from django.urls import path

from .views import member, treasurer

app_name = "payments"

urlpatterns = [
    path("", member.mine, name="mine"),
    path("pay/", member.pay_start, name="pay"),
    path("p/<int:pk>/", member.confirm, name="confirm"),
    path("p/<int:pk>/return/", member.returned, name="returned"),
    path("mandate/", member.mandate, name="mandate"),
    path("mandate/revoke/", member.mandate_revoke, name="mandate_revoke"),
    path("settings/", treasurer.settings_page, name="settings"),
    path("sepa/", treasurer.sepa, name="sepa"),
    path("sepa/<int:pk>/", treasurer.batch, name="batch"),
    path("sepa/<int:pk>/cancel/", treasurer.batch_cancel, name="batch_cancel"),
    path("sepa/<int:pk>/pain008.xml", treasurer.batch_file, name="batch_file"),
    path("bank/", treasurer.bank, name="bank"),
    path("bank/<int:pk>/", treasurer.bank_import, name="bank_import"),
    path("bank/queue/", treasurer.queue, name="queue"),
    path("bank/line/<int:pk>/assign/", treasurer.assign, name="assign"),
    path("flags/<int:pk>/resolve/", treasurer.flag_resolve, name="flag_resolve"),
    path("arrears/", treasurer.arrears, name="arrears"),
]
