"""Test fixtures shared by every app: the demo district is built once per test database, then each test
runs inside a transaction that is rolled back, so every test sees the same named cast and records."""

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from renda.org.demo import build_all

        build_all()


@pytest.fixture
def world(db):
    """Named records of the demo district that tests talk about."""
    from renda.org.testing import World

    return World.load()
