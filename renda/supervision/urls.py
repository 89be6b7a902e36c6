from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    # activities
    path("", views.activity_list, name="activity_list"),
    path("new/", views.activity_create, name="activity_create"),
    path("<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("<int:pk>/transition/", views.activity_transition, name="activity_transition"),
    path("<int:pk>/report/", views.activity_report, name="activity_report"),
    path("<int:pk>/report.docx", views.activity_report_docx, name="activity_report_docx"),
    path("<int:pk>/participants/", views.participants_add, name="participants_add"),
    path("<int:pk>/places/", views.place_add, name="place_add"),
    path("<int:pk>/articles/", views.article_record, name="article_record"),
    path("<int:pk>/findings/new/", views.finding_add, name="finding_add"),
    path("<int:pk>/opinions/new/", views.activity_opinion_add, name="activity_opinion_add"),
    path("<int:pk>/hearing/", views.activity_hearing, name="activity_hearing"),
    path("participations/", views.participation_list, name="participation_list"),
    path("participations/<int:pk>/remove/", views.participant_remove, name="participant_remove"),
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/<int:pk>/raise/", views.finding_raise, name="finding_raise"),
    # opinions sent to units
    path("opinions/", views.opinion_list, name="opinion_list"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion_detail"),
    path("opinions/<int:pk>/transition/", views.opinion_transition, name="opinion_transition"),
    path("opinions/<int:pk>/report/", views.opinion_report, name="opinion_report"),
    # special inquiries
    path("inquiries/", views.inquiry_list, name="inquiry_list"),
    path("inquiries/new/", views.inquiry_create, name="inquiry_create"),
    path("inquiries/<int:pk>/", views.inquiry_detail, name="inquiry_detail"),
    path("inquiries/<int:pk>/transition/", views.inquiry_transition, name="inquiry_transition"),
    path("inquiries/<int:pk>/questions/", views.question_add, name="question_add"),
    path("inquiries/<int:pk>/vote/", views.inquiry_vote, name="inquiry_vote"),
    path("inquiries/<int:pk>/followups/", views.inquiry_followup, name="inquiry_followup"),
    # unit evaluation
    path("evaluations/", views.round_list, name="round_list"),
    path("evaluations/new/", views.round_create, name="round_create"),
    path("evaluations/<int:pk>/", views.round_detail, name="round_detail"),
    path("evaluations/<int:pk>/transition/", views.round_transition, name="round_transition"),
    path("evaluations/<int:pk>/votes/", views.round_vote, name="round_vote"),
    path("evaluations/units/<int:pk>/", views.evaluated_detail, name="evaluated_detail"),
    path("evaluations/units/<int:pk>/self-report/", views.self_report, name="self_report"),
    path("evaluations/units/<int:pk>/opinion/", views.evaluation_opinion, name="evaluation_opinion"),
    path("evaluations/units/<int:pk>/problems/", views.problem_add, name="problem_add"),
    path("evaluations/problems/", views.problem_list, name="problem_list"),
    path("evaluations/problems/<int:pk>/progress/", views.problem_progress, name="problem_progress"),
    path("evaluations/problems/<int:pk>/transition/", views.problem_transition, name="problem_transition"),
    # campaigns
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/transition/", views.campaign_transition, name="campaign_transition"),
    path("campaigns/<int:pk>/targets/", views.target_add, name="target_add"),
    path("campaigns/<int:pk>/towns/<int:region_id>/", views.campaign_town, name="campaign_town"),
    path("campaigns/<int:pk>/towns/<int:region_id>/entries/", views.list_entry_add, name="list_entry_add"),
    path("campaigns/<int:pk>/checklist/", views.campaign_checklist, name="campaign_checklist"),
    path("campaigns/<int:pk>/indicators/", views.indicator_add, name="indicator_add"),
    path("targets/<int:pk>/transition/", views.target_transition, name="target_transition"),
    path("checklist/<int:pk>/", views.checklist_mark, name="checklist_mark"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/reports/", views.indicator_report_add, name="indicator_report_add"),
    # a deputy's and a unit's pages
    path("mine/", views.mine, name="mine"),
    path("unit/", views.unit, name="unit"),
    # public
    path("public/", views.public_list, name="public_list"),
    path("public/activities/<int:pk>/", views.public_activity, name="public_activity"),
    path("public/evaluations/<int:pk>/", views.public_round, name="public_round"),
]
