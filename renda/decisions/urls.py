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
    path("bills/", views.bill_list, name="bill_list"),
    path("bills/new/", views.bill_create, name="bill_create"),
    path("bills/<int:pk>/", views.bill_detail, name="bill_detail"),
    path("bills/<int:pk>/transition/", views.bill_transition, name="bill_transition"),
    path("bills/<int:pk>/sign/", views.bill_sign, name="bill_sign"),
    path("matters/", views.matter_list, name="matter_list"),
    path("matters/new/", views.matter_create, name="matter_create"),
    path("matters/<int:pk>/", views.matter_detail, name="matter_detail"),
    path("matters/<int:pk>/transition/", views.matter_transition, name="matter_transition"),
    path("matters/<int:pk>/decision.docx", views.matter_decision, name="matter_decision"),
]
