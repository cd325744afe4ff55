from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lms.accounts.invitations import employees_to_invite, invitations_send
from lms.models import Department, Employee


class Command(BaseCommand):
    help = (
        "Email roster employees a link to set their training password (for "
        "departments without single sign-on). Only active employees who have "
        "never signed in and have no password are invited, at their work email."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--department",
            action="append",
            default=[],
            metavar="CODE",
            help="Only this department (roster code); may be repeated.",
        )
        parser.add_argument(
            "--employee",
            action="append",
            default=[],
            metavar="NUMBER",
            help="Only this employee number; may be repeated.",
        )
        parser.add_argument(
            "--resend",
            action="store_true",
            help="Also invite employees who signed in before but have no password.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would be invited without sending anything.",
        )

    def handle(self, *args, department, employee, resend, dry_run, **options):
        known = set(
            Department.objects.filter(code__in=department).values_list(
                "code", flat=True
            )
        )
        if unknown := sorted(set(department) - known):
            raise CommandError(f"Unknown department code(s): {', '.join(unknown)}.")
        found = set(
            Employee.objects.filter(employee_number__in=employee).values_list(
                "employee_number", flat=True
            )
        )
        if unknown := sorted(set(employee) - found):
            raise CommandError(f"Unknown employee number(s): {', '.join(unknown)}.")
        if settings.SSO_PROVIDERS and not (department or employee):
            raise CommandError(
                "Single sign-on is configured: name the departments that do not "
                "use it (--department CODE) or the employees (--employee NUMBER)."
            )
        employees = employees_to_invite(
            department_codes=department, employee_numbers=employee, resend=resend
        )
        result = invitations_send(employees, dry_run=dry_run)
        count = len(result.invited)
        if dry_run:
            self.stdout.write(f"Dry run, nothing was sent. Would invite {count}:")
            for number in result.invited:
                self.stdout.write(f"  {number}")
        else:
            self.stdout.write(self.style.SUCCESS(f"Invited {count} employee(s)."))
