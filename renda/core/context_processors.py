from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request):
    """The modules a user may open, asked of each app's permissions (never decided in a template)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    from renda.org import permissions
    from renda.org.scoping import scope_for

    scope = scope_for(user)
    items = [("home", _("Home"), reverse("home"))]
    if permissions.can_list_deputies(scope):
        items.append(("deputies", _("Deputies"), reverse("org:deputy_list")))
    if permissions.can_view_units(scope):
        items.append(("units", _("Units"), reverse("org:unit_list")))
    if permissions.can_view_bodies(scope):
        items.append(("bodies", _("Congress bodies"), reverse("org:body_list")))
    if permissions.can_view_regions(scope):
        items.append(("regions", _("Regions"), reverse("org:region_tree")))
    if permissions.can_view_audit(scope):
        items.append(("audit", _("Audit trail"), reverse("core:audit_list")))
        items.append(("admin", _("Administration"), reverse("admin:index")))
    path = request.path
    nav = [
        {"key": key, "label": label, "url": url, "active": path == url if url == "/" else path.startswith(url)}
        for key, label, url in items
    ]
    from .selectors import unread_notice_count

    return {"nav_items": nav, "scope": scope, "unread_notices": unread_notice_count(user=user)}
