"""The projects tests read service messages in English (the source language); the UI default is Chinese."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield
