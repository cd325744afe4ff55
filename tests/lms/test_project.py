"""Project-wide health: system checks, migrations in step with models."""

import pytest

from django.core.management import call_command


def test_system_checks_pass():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_no_model_change_without_a_migration():
    # Raises SystemExit(1) when a model changed without its migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
