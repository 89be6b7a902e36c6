"""The supervision API (/api/supervision/…): every write of the pages — activities, opinions to units, special
inquiries, unit evaluations, campaigns — with the same services, scope and audit, and the reads they need. Records
outside the caller's scope answer 404; a refused move 422 with its reason; JSON bodies in, JSON out; every detail
carries the `actions` its lifecycle offers the caller now. One module per record; they add their routes to the
one router."""

from . import activities, campaigns, evaluations, inquiries  # noqa: F401 - each adds its routes to the router
from ._common import router

__all__ = ["router"]
