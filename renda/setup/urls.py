from django.urls import path

from . import views

app_name = "setup"
urlpatterns = [
    path("", views.index, name="index"),
    path("grants/<int:pk>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("<slug:key>/", views.sheet_page, name="sheet"),
    path("<slug:key>/template/", views.sheet_template, name="template"),
    path("<slug:key>/import/", views.sheet_import, name="import"),
]
