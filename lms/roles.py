"""The five roles as Django groups, with the permissions each app asks for.

Roles are checked by permission, never by group name, so an administrator can
grant a single permission to one person without inventing a new role.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

LEARNER = "Learner"
MANAGER = "Manager"
TRAINER = "Trainer"
OVERSIGHT = "Oversight"
ADMINISTRATOR = "Administrator"
ROLES = (LEARNER, MANAGER, TRAINER, OVERSIGHT, ADMINISTRATOR)


def declared_role_permissions():
    """Merge ``role_permissions`` from every installed app's AppConfig."""
    merged = {role: set() for role in ROLES}
    for config in apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            merged.setdefault(role, set()).update(perms)
    return merged


def sync_roles():
    """Create the role groups and grant them exactly the declared permissions.

    Permissions that do not exist yet (an app not migrated) are skipped; the next
    migrate syncs again.
    """
    for role, perm_names in declared_role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for name in sorted(perm_names):
            app_label, codename = name.split(".", 1)
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)


def sync_roles_after_migrate(*, sender, using="default", **kwargs):
    """Once every app has migrated, create all permissions and sync the roles.

    post_migrate is sent once per app with models, in INSTALLED_APPS order; only
    the last one is acted on, when every app's permissions can exist. They are
    created here because auth's own receiver may not have run for each app yet.
    """
    from django.contrib.auth.management import create_permissions

    configs = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not configs[-1]:
        return
    for config in configs:
        create_permissions(config, verbosity=0, using=using)
    sync_roles()
