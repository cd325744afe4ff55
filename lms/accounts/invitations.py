"""A first sign-in without single sign-on: a "set your password" email.

The link is allauth's password-reset link (time-limited by PASSWORD_RESET_TIMEOUT,
void once a password is set), so the invitation and "Forgot your password?"
are one flow. Only active employees who have never signed in and have no
password are invited; running the command again invites nobody twice unless
``resend`` is asked for.
"""

from dataclasses import dataclass, field
from urllib.parse import urljoin

from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str

from django.conf import settings
from django.urls import reverse

from lms.models import Employee


@dataclass
class InvitationResult:
    invited: list[str] = field(default_factory=list)
    dry_run: bool = False


def employees_to_invite(*, department_codes=(), employee_numbers=(), resend=False):
    employees = Employee.objects.select_related("user", "department").filter(
        active=True, user__is_active=True
    )
    if department_codes:
        employees = employees.filter(department__code__in=department_codes)
    if employee_numbers:
        employees = employees.filter(employee_number__in=employee_numbers)
    if not resend:
        employees = employees.filter(user__last_login__isnull=True)
    # Employees who already chose a password need no invitation.
    return [e for e in employees.order_by("employee_number") if not _has_password(e)]


def _has_password(employee):
    return employee.user.has_usable_password()


def set_password_url(user):
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return urljoin(settings.WAGTAILADMIN_BASE_URL, path)


def invitations_send(employees, *, dry_run=False):
    result = InvitationResult(dry_run=dry_run)
    adapter = get_adapter()
    login_url = urljoin(settings.WAGTAILADMIN_BASE_URL, reverse("account_login"))
    for employee in employees:
        result.invited.append(employee.employee_number)
        if dry_run:
            continue
        # render_mail, not send_mail: a command has no request to take a site from.
        adapter.render_mail(
            "accounts/email/invitation",
            employee.work_email,
            {
                "employee": employee,
                "user": employee.user,
                "username": employee.user.get_username(),
                "password_reset_url": set_password_url(employee.user),
                "login_url": login_url,
                "link_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            },
        ).send()
    return result
