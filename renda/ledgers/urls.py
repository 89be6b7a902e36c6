from django.urls import path

from . import views

app_name = "ledgers"
urlpatterns = [
    path("", views.index, name="index"),
    path("imports/<int:pk>/", views.batch_detail, name="batch"),
    path("<str:kind>/import/", views.ledger_import, name="import"),
    path("<str:kind>/import/commit/", views.ledger_commit, name="commit"),
    path("<str:kind>/template/", views.ledger_template, name="template"),
]
