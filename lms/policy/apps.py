from django.apps import AppConfig

_REGISTRY = ("sourcedocument", "sourcepart")


class PolicyConfig(AppConfig):
    name = "lms.policy"
    label = "policy"
    verbose_name = "Policy sources"
    default_auto_field = "django.db.models.BigAutoField"

    # Trainers read the registry (to choose what to cite); only administrators
    # add a source, change its status or correct a part's text.
    role_permissions = {
        "Trainer": [f"policy.view_{model}" for model in _REGISTRY],
        "Administrator": [
            f"policy.{action}_{model}"
            for model in _REGISTRY
            for action in ("add", "change", "delete", "view")
        ]
        + ["policy.change_policysourcesettings"],
    }
