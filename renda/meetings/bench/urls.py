"""The benchmark's URLs: the whole site, plus a minimal endpoint (one indexed lookup, one INSERT) as baseline."""

from django.urls import include, path

from .views import baseline

urlpatterns = [
    path("bench/baseline/<int:pk>", baseline, name="bench_baseline"),
    path("", include("renda.urls")),
]
