from django.urls import path

from . import views

app_name = "opinions"
urlpatterns = [
    path("", views.opinion_list, name="opinion_list"),
    path("<int:pk>/", views.opinion_detail, name="opinion_detail"),
    path("<int:pk>/do/<slug:action>/", views.opinion_action, name="opinion_action"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<int:pk>/contact/", views.opinion_reveal, name="opinion_reveal"),
    path("register/<int:station>/", views.opinion_register, name="opinion_register"),
    path("inbox/", views.inbox, name="inbox"),
    path("figures/", views.figures, name="figures"),
    path("submit/", views.submit, name="submit"),
    path("submit/code/", views.submit_code, name="submit_code"),
    path("submit/similar/", views.similar, name="similar"),
    path("track/", views.track, name="track"),
    path("track/feedback/", views.track_feedback, name="track_feedback"),
]
