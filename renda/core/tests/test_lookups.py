"""`field__in=<many ids>` as one array parameter on PostgreSQL (renda/core/lookups.py): the same rows as Django's
`IN`, for plain and foreign-key fields, with subqueries, short lists and other databases left to Django."""

from __future__ import annotations

import pytest
from django.db import connection

from renda.core.lookups import ARRAY_FROM
from renda.org.models import Deputy, Region


@pytest.mark.django_db
def test_many_ids_are_one_array_with_the_same_rows(world):
    regions = list(Region.objects.values_list("pk", flat=True))
    many = set(range(1, max(regions) + ARRAY_FROM + 1))  # every region and ids that match nothing
    few = set(regions[:3])
    for field, model in (("pk__in", Region), ("region_id__in", Deputy), ("region__in", Deputy)):
        wide = model.objects.filter(**{field: many})
        sql = str(wide.query)
        if connection.vendor == "postgresql":
            assert "= ANY(" in sql and "::bigint[]" in sql
        else:
            assert " IN (" in sql
        assert wide.count() == model.objects.count()
        narrow = model.objects.filter(**{field: few})
        assert " IN (" in str(narrow.query)
        assert narrow.count() == model.objects.filter(**{field: list(few)}).count()
    assert Deputy.objects.filter(region__in=Region.objects.filter(pk__in=many)).count() == Deputy.objects.count()
    assert Deputy.objects.filter(region_id__in=[*many, None]).count() == Deputy.objects.count()
    first = Region.objects.order_by("pk").first()
    # many model instances (not plain ints) are prepared by Django as before
    assert Deputy.objects.filter(region__in=[first] * ARRAY_FROM).count() == Deputy.objects.filter(region=first).count()
