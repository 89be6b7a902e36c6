from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.registry import nav_groups


def navigation(request):
    """The modules a user may open, asked of each app's permissions (never decided in a template).

    One group per module (an app's entries, in the app's order): the bar shows the groups, each linking to its
    first entry; the sub-bar shows the entries of the group the page belongs to. One line of modules however
    many entries a role has."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    from renda.core.permissions import can_view_audit
    from renda.core.selectors import unread_notice_count
    from renda.org.scoping import scope_for
    from renda.overview import can_view_overview

    scope = scope_for(user)
    groups: list[list[tuple[str, str, str]]] = [[("home", _("Home"), reverse("home"))]]
    if can_view_overview(scope):
        groups.append([("overview", _("Work overview"), reverse("overview"))])
    by_app: dict[str, list[tuple[str, str, str]]] = {}
    for group, nav in nav_groups():
        by_app.setdefault(group, []).extend(nav(scope))
    groups.extend(entries for entries in by_app.values() if entries)
    if can_view_audit(user):
        groups.append([("audit", _("Audit trail"), reverse("core:audit_list"))])
        groups.append([("admin", _("Administration"), reverse("admin:index"))])
    path = request.path
    # The entry whose URL is the longest prefix of this page is the active one (/meetings/opinions/ is
    # "Review opinions", not also "Meetings").
    urls = [url for group in groups for _key, _label, url in group]
    matches = [url for url in urls if (path == url if url == "/" else path.startswith(url))]
    active = max(matches, key=len) if matches else None
    nav_items, sub_nav_items = [], []
    for group in groups:
        key, label, url = group[0]
        in_group = any(u == active for _k, _l, u in group)
        nav_items.append({"key": key, "label": label, "url": url, "active": in_group})
        if in_group and len(group) > 1:
            sub_nav_items = [{"key": k, "label": lbl, "url": u, "active": u == active} for k, lbl, u in group]
    return {
        "nav_items": nav_items,
        "sub_nav_items": sub_nav_items,
        "scope": scope,
        "unread_notices": unread_notice_count(user=user),
    }
