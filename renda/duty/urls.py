from django.urls import path

from . import views

app_name = "duty"
urlpatterns = [
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/new/", views.topic_create, name="topic_create"),
    path("topics/<int:pk>/", views.topic_detail, name="topic_detail"),
    path("topics/<int:pk>/do/<slug:action>/", views.topic_action, name="topic_action"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/do/<slug:action>/", views.activity_action, name="activity_action"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/do/<slug:action>/", views.contact_action, name="contact_action"),
    path("training/", views.training_list, name="training_list"),
    path("training/new/", views.plan_create, name="plan_create"),
    path("training/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("training/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("training/sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("training/sessions/<int:pk>/do/<slug:action>/", views.session_action, name="session_action"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/do/<slug:action>/", views.report_action, name="report_action"),
    path("self/", views.self_list, name="self_list"),
    path("self/new/", views.self_create, name="self_create"),
    path("self/<int:pk>/", views.self_detail, name="self_detail"),
    path("self/<int:pk>/do/<slug:action>/", views.self_action, name="self_action"),
    path("self/<int:pk>/evidence/<int:evidence_id>/", views.evidence, name="evidence"),
    path("scan/", views.scan, name="scan"),
]
