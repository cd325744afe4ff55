from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = "Analytics"
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        "Trainer": ["analytics.view_item_statistics"],
        "Administrator": [
            "analytics.view_item_statistics",
            "analytics.view_auditevent",
        ],
    }
    nav_links = [
        ("Dashboard", "analytics:dashboard", "can_see_names"),
        ("City overview", "analytics:oversight", "can_see_city_aggregates"),
        ("Rules people miss", "analytics:items", "analytics.view_item_statistics"),
        ("Sessions", "analytics:sessions", "can_see_city_aggregates"),
    ]
