from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path("elections/", views.election_list, name="election_list"),
    path("elections/new/", views.election_create, name="election_create"),
    path("elections/<int:pk>/", views.election_detail, name="election_detail"),
    path("elections/<int:pk>/transition/", views.election_transition, name="election_transition"),
    path("elections/<int:pk>/candidates/", views.candidate_add, name="candidate_add"),
    path("elections/<int:pk>/candidates/<int:candidate_pk>/remove/", views.candidate_remove, name="candidate_remove"),
    path("appointments/", views.appointment_list, name="appointment_list"),
    path("appointments/new/", views.appointment_create, name="appointment_create"),
    path("appointments/holders/", views.holder_list, name="holder_list"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment_detail"),
    path("appointments/<int:pk>/transition/", views.appointment_transition, name="appointment_transition"),
    path("appointments/<int:pk>/oath/", views.oath_record, name="oath_record"),
    path("appointments/nominations/<int:pk>/letter.docx", views.appointment_letter, name="appointment_letter"),
]
