from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("audit/", views.audit_list, name="audit_list"),
    path("accounts/locks/", views.login_locks, name="login_locks"),
    path("account/tokens/", views.token_list, name="token_list"),
    path("notices/", views.notice_list, name="notice_list"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
