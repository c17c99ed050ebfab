"""URLs of the books, included at /c/<coop>/books/."""

from django.urls import path

from .views import books, budget, charging, member, treasurer

app_name = "ledger"

urlpatterns = [
    path("", member.my_balance, name="my_balance"),
    path("prices/", member.prices, name="prices"),
    path("statements/<int:pk>/", member.statement_detail, name="statement_detail"),
    path("statements/<int:pk>.pdf", member.statement_download, name="statement_pdf"),
    path("expenses/new/", member.expense_new, name="expense_new"),
    path("expenses/charging/", charging.charging_claim_new, name="charging_claim_new"),
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
    path("budget/", budget.budgets, name="budgets"),
    path("budget/<int:year>/", budget.budget, name="budget"),
    path("budget/<int:year>/settings/", budget.budget_settings, name="budget_settings"),
    path("budget/<int:year>/car/<int:vehicle>/", budget.budget_car, name="budget_car"),
    path("budget/<int:year>/propose/", budget.budget_propose, name="budget_propose"),
]

# Penalties, deposits and extending a booking (ledger/views/penalties.py, extend.py).
from .views import extend, penalties  # noqa: E402

urlpatterns += [
    path("bookings/<int:pk>/extend/", extend.extend, name="extend"),
    path("bookings/<int:pk>/penalty/", penalties.record, name="penalty_record"),
    path("penalties/<int:pk>/dispute/", penalties.dispute, name="penalty_dispute"),
    path("disputes/", penalties.disputes, name="disputes"),
    path("disputes/<int:pk>/decide/", penalties.dispute_decide, name="dispute_decide"),
    path("deposits/", penalties.deposit_list, name="deposits"),
    path("penalty-rates/", penalties.penalty_rates, name="penalty_rates"),
]
