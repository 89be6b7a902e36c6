"""One name, one schema (issues #10/#16): the OpenAPI document names each request and response schema by its class
name (`components/schemas/<Name>`), and django-ninja keeps only the last of two classes with the same name, so an
operation elsewhere would be documented (and fuzzed) with the wrong body. The test builds the document, records which
class every component name was generated from, and fails when two different classes share a name.

It watches pydantic's own naming (`GenerateJsonSchema.get_defs_ref`, whose core reference is the class's module and
qualified name) while `api.get_openapi_schema()` runs, so it sees every class the document reaches: request bodies,
responses and the models nested in them, wherever they are declared (api modules, core.schemas, imported ones).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest
from pydantic.json_schema import GenerateJsonSchema

from renda.api import api


def _classes_by_name(monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], dict[str, set[str]]]:
    seen: dict[str, set[str]] = defaultdict(set)
    original = GenerateJsonSchema.get_defs_ref

    def recording(self: GenerateJsonSchema, core_mode_ref: Any) -> Any:
        core_ref = core_mode_ref[0]
        parts = [part.rsplit(":", 1)[0] for part in re.split(r"([\][,])", core_ref)]
        qualified = "".join(parts)  # module.Class (generic arguments kept), without pydantic's id
        short = "".join(re.sub(r"(?:[^.[\]]+\.)+([^.[\]]+)", r"\1", part) for part in parts)
        seen[self.normalize_name(short)].add(qualified)
        return original(self, core_mode_ref)

    monkeypatch.setattr(GenerateJsonSchema, "get_defs_ref", recording)
    schema = api.get_openapi_schema()
    return schema, seen


def test_every_component_name_is_one_class(monkeypatch: pytest.MonkeyPatch) -> None:
    schema, seen = _classes_by_name(monkeypatch)
    components = schema["components"]["schemas"]
    assert components, "the document has no component schemas: the walk is broken"
    unknown = set(components) - set(seen)
    assert not unknown, f"component names the walk did not see generated: {sorted(unknown)}"
    shared = {name: sorted(seen[name]) for name in components if len(seen[name]) > 1}
    assert not shared, "classes sharing an OpenAPI component name (rename them in their module's words):\n" + "\n".join(
        f"  {name}: {', '.join(classes)}" for name, classes in sorted(shared.items())
    )


def test_the_walk_sees_the_declaring_module(monkeypatch: pytest.MonkeyPatch) -> None:
    _, seen = _classes_by_name(monkeypatch)
    assert seen["ErrorOut"] == {"renda.core.schemas.ErrorOut"}
