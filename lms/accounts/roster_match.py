"""Who an SSO sign-in is: the one rule that turns a provider's claims into an employee.

Only an active employee of the HR roster gets in. A person already bound to
this provider's ``(issuer, sub)`` is recognized by that binding alone, so a
changed email or employee number at the provider never moves the account; a
first sign-in is matched by the provider's employee claim, or by its verified
email within the City's domains, and is then bound.
"""

from dataclasses import dataclass

from lms.models import Employee

from .models import SignInOutcome


@dataclass(frozen=True)
class Decision:
    outcome: str
    employee: Employee | None = None

    @property
    def allowed(self):
        return self.outcome == SignInOutcome.SIGNED_IN


def _claim(claims, name):
    value = claims.get(name)
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value).strip()


def _is_true(value):
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _active(employee):
    if employee.active and employee.user.is_active:
        return Decision(SignInOutcome.SIGNED_IN, employee)
    return Decision(SignInOutcome.DEACTIVATED, employee)


def for_bound_user(user):
    """The decision for a person whose (issuer, sub) is already bound to ``user``."""
    try:
        employee = Employee.objects.select_related("user").get(user=user)
    except Employee.DoesNotExist:
        return Decision(SignInOutcome.DEACTIVATED)
    return _active(employee)


def for_claims(provider, claims):
    """The decision for a first sign-in, from the provider's (verified) claims."""
    employees = Employee.objects.select_related("user")
    if not provider.matches_by_email:
        number = _claim(claims, provider.employee_claim)
        if not number:
            return Decision(SignInOutcome.CLAIM_MISSING)
        employee = employees.by_number(number)
        if employee is None:
            return Decision(SignInOutcome.UNKNOWN_PERSON)
        return _active(employee)

    email = _claim(claims, "email").lower()
    if not email or "@" not in email:
        return Decision(SignInOutcome.CLAIM_MISSING)
    if email.rsplit("@", 1)[1] not in provider.email_domains:
        return Decision(SignInOutcome.WRONG_DOMAIN)
    if not _is_true(claims.get("email_verified")):
        return Decision(SignInOutcome.EMAIL_UNVERIFIED)
    matches = list(employees.filter(work_email__iexact=email)[:2])
    if not matches:
        return Decision(SignInOutcome.UNKNOWN_PERSON)
    if len(matches) > 1:
        return Decision(SignInOutcome.AMBIGUOUS_EMAIL)
    return _active(matches[0])
