from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "Organisation"
    default_auto_field = "django.db.models.BigAutoField"

    # What each role may do, as "app_label.codename". Every app may declare its
    # own ``role_permissions`` on its AppConfig; lms.roles merges them, so the core
    # never has to know the apps above it.
    role_permissions = {
        "Administrator": [
            "lms.view_all_employees",
            "lms.import_roster",
            "lms.add_employee",
            "lms.change_employee",
            "lms.view_employee",
            "lms.add_department",
            "lms.change_department",
            "lms.view_department",
            "wagtailadmin.access_admin",
        ],
        "Manager": ["lms.view_team"],
        "Oversight": ["lms.view_city_aggregates"],
        "Trainer": ["wagtailadmin.access_admin"],
        "Learner": [],
    }
    nav_links = [
        ("Author training", "wagtailadmin_home", "wagtailadmin.access_admin", 90),
    ]

    def ready(self):
        from . import roles

        # Not limited to this app: permissions of the apps migrated after lms only
        # exist once their own post_migrate has run.
        post_migrate.connect(
            roles.sync_roles_after_migrate, dispatch_uid="lms-sync-roles"
        )
