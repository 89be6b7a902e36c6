import importlib

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _app_nav_functions():
    for config in apps.get_app_configs():
        if config.name.startswith("renda.") and config.name != "renda.core":
            module = importlib.import_module(f"{config.name}.permissions")
            if hasattr(module, "nav"):
                yield module.nav


def navigation(request):
    """The modules a user may open, asked of each app's permissions (never decided in a template)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    from renda.core.permissions import can_view_audit
    from renda.core.selectors import unread_notice_count
    from renda.org.scoping import scope_for

    scope = scope_for(user)
    from renda.overview import can_view_overview

    items = [("home", _("Home"), reverse("home"))]
    if can_view_overview(scope):
        items.append(("overview", _("Work overview"), reverse("overview")))
    for nav in _app_nav_functions():
        items.extend(nav(scope))
    if can_view_audit(user):
        items.append(("audit", _("Audit trail"), reverse("core:audit_list")))
        items.append(("admin", _("Administration"), reverse("admin:index")))
    path = request.path
    # The entry whose URL is the longest prefix of this page is the active one (/meetings/opinions/ is
    # "Review opinions", not also "Meetings").
    matches = [url for _key, _label, url in items if (path == url if url == "/" else path.startswith(url))]
    active = max(matches, key=len) if matches else None
    nav_items = [{"key": key, "label": label, "url": url, "active": url == active} for key, label, url in items]
    return {"nav_items": nav_items, "scope": scope, "unread_notices": unread_notice_count(user=user)}
