from django.apps import AppConfig
from django.db.models.signals import post_migrate


class XapiConfig(AppConfig):
    name = "lms.xapi"
    label = "xapi"
    verbose_name = "xAPI statements"
    default_auto_field = "django.db.models.BigAutoField"

    # Only administrators read the outbox: it links pseudonyms to employees.
    role_permissions = {
        "Administrator": ["xapi.view_statement"],
    }

    def ready(self):
        post_migrate.connect(sync_roles_with_xapi_permissions, sender=self)


def sync_roles_with_xapi_permissions(sender, using="default", **kwargs):
    """Grant the xAPI permissions on the very first migrate too.

    lms syncs the roles after its own post_migrate, before Django has created
    this app's permissions, so they would be skipped until the next migrate.
    """
    from django.contrib.auth.management import create_permissions

    from lms import roles

    create_permissions(sender, verbosity=0, using=using)
    roles.sync_roles()
