from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_module, module_has_submodule

DEFAULT_PASSWORD = "training-demo-2026"  # noqa: S105 - printed demo default


class Command(BaseCommand):
    help = (
        "Load the demo City: departments, a synthetic roster, one login per role and "
        "each app's seed content (courses, scenarios). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help="Password for the demo logins (default: %(default)s).",
        )

    def handle(self, *args, password, **options):
        # Each app contributes a ``seed`` module with ``run(*, password, log)``,
        # discovered like admin.py; apps run in INSTALLED_APPS order, so lower
        # floors (the organisation) are seeded before the apps that use them.
        for config in apps.get_app_configs():
            if not module_has_submodule(config.module, "seed"):
                continue
            self.stdout.write(
                self.style.MIGRATE_HEADING(f"Seeding {config.verbose_name}")
            )
            module = import_module(f"{config.name}.seed")
            module.run(password=password, log=lambda msg: self.stdout.write(f"  {msg}"))
        self.stdout.write(
            self.style.SUCCESS(
                "Demo ready. Sign in at http://127.0.0.1:8000/ as learner, manager, "
                f"trainer, oversight or admin with the password: {password}"
            )
        )
