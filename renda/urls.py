from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from renda.api import api
from renda.core.opendata_views import open_data, open_data_download
from renda.core.security import LoginForm
from renda.core.views import healthz
from renda.org.views import home
from renda.overview import overview
from renda.portal import portal

urlpatterns = [
    path("", home, name="home"),
    path("overview/", overview, name="overview"),
    path("public/", portal, name="portal"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="registration/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("open-data/", open_data, name="open_data"),
    path("open-data/<slug:key>.csv", open_data_download, {"fmt": "csv"}, name="open_data_csv"),
    path("open-data/<slug:key>.json", open_data_download, {"fmt": "json"}, name="open_data_json"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("renda.core.urls")),
    path("", include("renda.org.urls")),
    path("meetings/", include("renda.meetings.urls")),
    path("projects/", include("renda.projects.urls")),
    path("stations/", include("renda.stations.urls")),
    path("opinions/", include("renda.opinions.urls")),
    path("suggestions/", include("renda.suggestions.urls")),
    path("decisions/", include("renda.decisions.urls")),
    path("duty/", include("renda.duty.urls")),
    path("archive/", include("renda.archive.urls")),
    path("supervision/", include("renda.supervision.urls")),
    path("setup/", include("renda.setup.urls")),
    path("ledgers/", include("renda.ledgers.urls")),
    path("search/", include("renda.search.urls")),
]
