from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("cycles/new/", views.cycle_create, name="cycle_create"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/action/", views.cycle_action, name="cycle_action"),
    path("cycles/<int:pk>/propose/", views.proposal_add, name="proposal_add"),
    path("ballots/<int:pk>/", views.ballot_detail, name="ballot_detail"),
    path("ballots/<int:pk>/transition/", views.ballot_transition, name="ballot_transition"),
    path("ballots/<int:pk>/vote/", views.ballot_vote, name="ballot_vote"),
    path("ballots/<int:pk>/runoff/", views.ballot_runoff, name="ballot_runoff"),
    path("ballots/<int:pk>/count/", views.ballot_count, name="ballot_count"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/action/", views.project_action, name="project_action"),
    path("bulk/", views.bulk_update, name="bulk_update"),
    path("items/<int:pk>/report/", views.item_report, name="item_report"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("public/propose/", views.public_propose, name="public_propose"),
    path("public/items/<int:pk>/report/", views.public_item_report, name="public_item_report"),
]
