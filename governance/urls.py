"""URLs of governance, included at /c/<coop>/alv/."""

from django.urls import path

from .views import convocation, meetings, minutes, register, voting

app_name = "governance"

urlpatterns = [
    path("", meetings.meeting_list, name="meetings"),
    path("nieuw/", meetings.meeting_create, name="meeting_create"),
    path("<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("<int:pk>/wijzigen/", meetings.meeting_edit, name="meeting_edit"),
    path("<int:pk>/sluiten/", meetings.meeting_close, name="meeting_close"),
    path("<int:pk>/agenda/", meetings.agenda, name="agenda"),
    path("<int:pk>/oproeping/", meetings.convene, name="convene"),
    path("<int:pk>/oproepingen/", convocation.convocations, name="convocations"),
    path("<int:pk>/aanvullende-oproeping/", convocation.supplement, name="supplement"),
    path("<int:pk>/aanwezigheid/", meetings.attendance, name="attendance"),
    path("<int:pk>/aanmelden/", meetings.checkin, name="checkin"),
    path("<int:pk>/volmacht/", meetings.proxy_give, name="proxy_give"),
    path("<int:pk>/notulen/", minutes.minutes_view, name="minutes"),
    path("<int:pk>/notulen/concept/", minutes.minutes_draft, name="minutes_draft"),
    path("<int:pk>/notulen/opslaan/", minutes.minutes_edit, name="minutes_edit"),
    path("<int:pk>/notulen/opmerking/", minutes.minutes_comment, name="minutes_comment"),
    path("<int:pk>/notulen/vaststellen/", minutes.minutes_adopt, name="minutes_adopt"),
    path("<int:pk>/notulen.pdf", minutes.minutes_pdf, name="minutes_pdf"),
    path("agendapunt/<int:pk>/", meetings.item_edit, name="item_edit"),
    path("agendapunt/<int:pk>/verplaatsen/", meetings.item_move, name="item_move"),
    path("agendapunt/<int:pk>/verwijderen/", meetings.item_delete, name="item_delete"),
    path("agendapunt/<int:pk>/document/", meetings.item_document, name="item_document"),
    path("agendapunt/<int:pk>/voorstel/", meetings.proposal_create, name="proposal_create"),
    path("voorstel/<int:pk>/amendement/", meetings.amendment_create, name="amendment_create"),
    path("voorstel/<int:pk>/stuk/", convocation.proposal_document_create, name="proposal_document_create"),
    path("stuk/<int:pk>/", convocation.proposal_document, name="proposal_document"),
    path("voorstel/<int:pk>/kandidaten/", meetings.candidate_add, name="candidate_add"),
    path("voorstel/<int:pk>/stemming/", voting.ballot_open, name="ballot_open"),
    path("volmacht/<int:pk>/intrekken/", meetings.proxy_revoke, name="proxy_revoke"),
    path("stemming/<int:pk>/", voting.ballot_detail, name="ballot"),
    path("stemming/<int:pk>/stem/", voting.vote, name="vote"),
    path("stemming/<int:pk>/sluiten/", voting.ballot_close, name="ballot_close"),
    path("stemming/<int:pk>/vaststellen/", voting.ballot_confirm, name="ballot_confirm"),
    path("besluiten/", register.decision_list, name="decisions"),
    path("besluiten/nieuw/", register.decision_create, name="decision_create"),
    path("besluiten/<int:pk>/", register.decision_detail, name="decision"),
    path("verzoeken/", register.request_list, name="requests"),
    path("verzoeken/<int:pk>/", register.request_detail, name="request"),
    path("verzoeken/<int:pk>/steunen/", register.request_support, name="request_support"),
    path("verzoeken/<int:pk>/bijeenroepen/", convocation.request_convene, name="request_convene"),
    path("schriftelijk/", register.written_list, name="written"),
    path("schriftelijk/nieuw/", register.written_create, name="written_create"),
    path("schriftelijk/<int:pk>/", register.written_detail, name="written_detail"),
    path("schriftelijk/<int:pk>/antwoord/", register.written_consent, name="written_consent"),
]
