from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("rollout/", views.meeting_rollout, name="rollout"),
    path("mine/", views.my_meetings, name="mine"),
    path("items/", views.item_list, name="item_list"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/transition/", views.meeting_transition, name="transition"),
    path("<int:pk>/items/new/", views.item_add, name="item_add"),
    path("<int:pk>/preparatory/new/", views.preparatory_create, name="preparatory_create"),
    path("<int:pk>/documents/new/", views.document_add, name="document_add"),
    path("<int:pk>/minutes.docx", views.minutes_docx, name="minutes"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/qr.svg", views.qr_code, name="qr"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/polls/new/", views.poll_create, name="poll_create"),
    path("<int:pk>/opinions/new/", views.opinion_create, name="opinion_create"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("attendance/<int:pk>/<str:action>/", views.attendance_action, name="attendance_action"),
    path("signin/<str:token>/", views.signin, name="signin"),
    path("polls/<int:pk>/", views.poll_detail, name="poll_detail"),
    path("polls/<int:pk>/transition/", views.poll_transition, name="poll_transition"),
    path("polls/<int:pk>/vote/", views.poll_vote, name="poll_vote"),
    path("polls/<int:pk>/count/", views.paper_count, name="paper_count"),
    path("polls/<int:pk>/count/discard/", views.paper_discard, name="paper_discard"),
    path("items/<int:pk>/decision/", views.decision_add, name="decision_add"),
    path("opinions/", views.opinion_list, name="opinion_list"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion_detail"),
    path("opinions/<int:pk>/transition/", views.opinion_transition, name="opinion_transition"),
    path("opinions/<int:pk>/report/", views.opinion_report, name="opinion_report"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
]
