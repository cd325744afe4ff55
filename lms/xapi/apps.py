from django.apps import AppConfig


class XapiConfig(AppConfig):
    name = "lms.xapi"
    label = "xapi"
    verbose_name = "xAPI statements"
    default_auto_field = "django.db.models.BigAutoField"

    # Only administrators read the outbox: it links pseudonyms to employees.
    role_permissions = {
        "Administrator": ["xapi.view_statement", "xapi.requeue_statement"],
    }
