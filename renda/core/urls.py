from django.urls import path

from . import export_views, views

app_name = "core"
urlpatterns = [
    path("audit/", views.audit_list, name="audit_list"),
    path("accounts/locks/", views.login_locks, name="login_locks"),
    path("account/", views.account, name="account"),
    path("account/password/", views.password_change, name="password_change"),
    path("accounts/password-reset/", views.password_reset, name="password_reset"),
    path("accounts/password-reset/confirm/", views.password_reset_confirm, name="password_reset_confirm"),
    path("account/tokens/", views.token_list, name="token_list"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<int:pk>/open/", views.notice_open, name="notice_open"),
    path("exports/", export_views.export_list, name="export_list"),
    path("exports/<int:pk>/file/", export_views.export_file, name="export_file"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
