from django.urls import path

from glacy.core.views import account, audit, auth, pages, profile
from glacy.home import views as home_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("login/", auth.SignInView.as_view(), name="login"),
    path("logout/", auth.SignOutView.as_view(), name="logout"),
    path("language/", pages.set_language, name="set-language"),
    path("health/", pages.health, name="health"),
    path("health/worker/", pages.health_worker, name="health-worker"),
    path("account/", profile.profile, name="account-profile"),
    path("account/profile/", profile.profile_update, name="account-profile-update"),
    path("account/password/", profile.password_change, name="account-password"),
    path("account/notifications/", profile.notification_preferences, name="account-notifications"),
    path("account/security/", account.security, name="account-security"),
    path("account/security/totp/", account.totp_setup, name="account-totp-setup"),
    path("account/security/totp/disable/", account.totp_disable, name="account-totp-disable"),
    path("account/tokens/", account.token_create, name="account-token-create"),
    path("account/tokens/<uuid:token_id>/revoke/", account.token_revoke, name="account-token-revoke"),
    path("audit/", audit.audit_list, name="audit-list"),
    path("audit/<uuid:event_id>/", audit.audit_detail, name="audit-detail"),
]
