"""A burst benchmark's URLs (under renda.bench.settings only): the whole site, plus the minimal baseline endpoint
(one indexed lookup, one INSERT)."""

from django.urls import include, path

from .harness import baseline

urlpatterns = [
    path("bench/baseline/<int:pk>", baseline, name="bench_baseline"),
    path("", include("renda.urls")),
]
