import pytest
from django.core.cache import cache

from renda.core import notify


@pytest.fixture(autouse=True)
def _fresh_limits():
    """Rate-limit counters live in the cache; every test starts with none, and with an empty SMS outbox."""
    cache.clear()
    notify.outbox.clear()
    yield
    cache.clear()
