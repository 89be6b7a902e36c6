"""Test fixtures shared by every app: the demo district is built once per test database, then each test
runs inside a transaction that is rolled back, so every test sees the same named cast and records."""

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from renda.org.demo import build_all

        build_all()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cache (sessions, cached users, rate limits) lives outside the rolled-back transaction: start each
    test with an empty one, as after a deploy."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def world(db):
    """Named records of the demo district that tests talk about."""
    from renda.org.testing import World

    return World.load()
