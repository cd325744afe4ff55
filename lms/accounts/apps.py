from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lms.accounts"
    label = "accounts"
    verbose_name = "Sign-in"
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        "Administrator": ["accounts.view_signinevent"],
    }
    nav_links = [
        # allauth's page: TOTP for anyone who wants it (required for administrators).
        ("Two-step verification", "mfa_index", None, 89),
    ]

    def ready(self):
        from . import receivers  # noqa: F401
