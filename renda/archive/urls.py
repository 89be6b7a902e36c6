from django.urls import path

from . import views

app_name = "archive"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("deputies/<int:pk>/", views.deputy, name="deputy"),
    path("deputies/<int:pk>/card.docx", views.card_docx, name="card_docx"),
    path("deputies/<int:pk>/card.pdf", views.card_pdf, name="card_pdf"),
    path("public/deputies/<int:pk>/", views.public, name="public"),
    path("scores/", views.scores, name="scores"),
    path("excellent/", views.excellent, name="excellent"),
    path("reelection/", views.reelection, name="reelection"),
    path("schemes/", views.schemes, name="schemes"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/do/<slug:action>/", views.scheme_action, name="scheme_action"),
]
