from django.urls import path

from . import views

app_name = "suggestions"
urlpatterns = [
    path("", views.suggestion_list, name="list"),
    path("new/", views.suggestion_create, name="create"),
    path("inbox/", views.inbox, name="inbox"),
    path("opinions/", views.raisable_opinions, name="opinions"),
    path("reminders/", views.reminders, name="reminders"),
    path("figures/", views.figures, name="figures"),
    path("report/", views.report, name="report"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("answers/<int:pk>/letter/", views.answer_letter, name="letter"),
    path("<int:pk>/", views.suggestion_detail, name="detail"),
    path("<int:pk>/edit/", views.suggestion_edit, name="edit"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<int:pk>/act/<slug:action>/", views.suggestion_act, name="act"),
]
