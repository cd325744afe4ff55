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
        self._connect_site_cache()

    @staticmethod
    def _connect_site_cache():
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import site_cache

        changed = site_cache.on_changed
        for signal in (post_save, post_delete):
            signal.connect(changed, sender=Site, dispatch_uid="lms-site-cache")
        # Any page: the root's own type is only known once it is read.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(changed, dispatch_uid="lms-site-cache")
        post_delete.connect(changed, sender=Page, dispatch_uid="lms-site-cache")
