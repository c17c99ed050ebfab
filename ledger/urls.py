"""URLs of the books, included at /c/<coop>/books/."""

from django.urls import path

from .views import books, member, treasurer

app_name = "ledger"

urlpatterns = [
    path("", member.my_balance, name="my_balance"),
    path("prices/", member.prices, name="prices"),
    path("statements/<int:pk>/", member.statement_detail, name="statement_detail"),
    path("statements/<int:pk>.pdf", member.statement_download, name="statement_pdf"),
    path("expenses/new/", member.expense_new, name="expense_new"),
    path("expenses/<int:pk>/receipt/", member.expense_attachment, name="expense_attachment"),
    path("treasurer/", treasurer.dashboard, name="dashboard"),
    path("treasurer/trips/charge/", treasurer.trips_charge, name="trips_charge"),
    path("expenses/", treasurer.expenses, name="expenses"),
    path("expenses/<int:pk>/decide/", treasurer.expense_decide, name="expense_decide"),
    path("tariffs/", treasurer.tariffs, name="tariffs"),
    path("car-costs/", treasurer.car_costs, name="car_costs"),
    path("periods/", treasurer.periods, name="periods"),
    path("periods/<int:pk>/", treasurer.period_action, name="period_action"),
    path("periods/<int:pk>/settlement/", books.settlement, name="settlement"),
    path("periods/<int:pk>/settlement/post/", books.settlement_post, name="settlement_post"),
    path("periods/<int:pk>/settlement.pdf", books.settlement_report, name="settlement_pdf"),
    path("statements/", treasurer.statements, name="statements"),
    path("postings/", books.postings, name="postings"),
    path("postings.csv", books.postings_csv, name="postings_csv"),
    path("trial-balance/", books.trial_balance, name="trial_balance"),
    path("trial-balance.csv", books.trial_balance_csv, name="trial_balance_csv"),
]
