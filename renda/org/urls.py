from django.urls import path

from . import sms_views, views

app_name = "org"
urlpatterns = [
    path("deputies/", views.deputy_list, name="deputy_list"),
    path("deputies/import/", views.roster_import, {"roster": views.DEPUTY_ROSTER}, name="deputy_import"),
    path("deputies/import/template/", views.roster_template, {"roster": views.DEPUTY_ROSTER}, name="deputy_import_template"),
    path("deputies/<int:pk>/", views.deputy_detail, name="deputy_detail"),
    path("deputies/<int:pk>/personal/", views.deputy_personal, name="deputy_personal"),
    path("deputies/<int:pk>/status/", views.deputy_status, name="deputy_status"),
    path("deputies/<int:pk>/resume/", views.deputy_resume, name="deputy_resume"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/import/", views.roster_import, {"roster": views.UNIT_ROSTER}, name="unit_import"),
    path("units/import/template/", views.roster_template, {"roster": views.UNIT_ROSTER}, name="unit_import_template"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("regions/", views.region_tree, name="region_tree"),
    path("sms/deliveries/", sms_views.delivery_list_page, name="sms_delivery_list"),
]
