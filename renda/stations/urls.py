from django.urls import path

from . import views

app_name = "stations"
urlpatterns = [
    path("", views.station_list, name="station_list"),
    path("<int:pk>/", views.station_detail, name="station_detail"),
    path("<int:pk>/do/<slug:action>/", views.station_action, name="station_action"),
    path("<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path("<int:pk>/public/", views.public_station, name="public_station"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/do/<slug:action>/", views.activity_action, name="activity_action"),
    path("activities/<int:pk>/photos/<int:photo_id>/", views.activity_photo, name="activity_photo"),
    path("activities/<int:pk>/qr.svg", views.activity_qr, name="activity_qr"),
    path("sign-in/<str:token>/", views.sign_in, name="sign_in"),
    path("my-duties/", views.my_duties, name="my_duties"),
]
