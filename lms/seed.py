"""Demo content of the organisation core, loaded by ``bootstrap_demo``.

Idempotent: departments are upserted by code, the roster by employee number and
the demo logins by username, so running it twice changes nothing.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from . import demo_data, roles
from .models import Department, Employee
from .roster import import_roster

DEMO_USERS = [
    # username, role, employee number or None, superuser
    ("learner", roles.LEARNER, demo_data.DEMO_LEARNER_NUMBER, False),
    ("manager", roles.MANAGER, demo_data.DEMO_MANAGER_NUMBER, False),
    ("trainer", roles.TRAINER, demo_data.DEMO_TRAINER_NUMBER, False),
    ("oversight", roles.OVERSIGHT, None, False),
    ("admin", roles.ADMINISTRATOR, None, True),
]


@transaction.atomic
def seed_departments():
    by_code = {}
    for code, name, parent_code in demo_data.DEPARTMENTS:
        dept, _ = Department.objects.update_or_create(
            code=code, defaults={"name": name, "parent": by_code.get(parent_code)}
        )
        by_code[code] = dept
    return by_code


@transaction.atomic
def seed_demo_users(password):
    User = get_user_model()
    roles.sync_roles()
    learner_group = Group.objects.get(name=roles.LEARNER)
    for username, role, number, superuser in DEMO_USERS:
        employee = (
            Employee.objects.filter(employee_number=number).first() if number else None
        )
        if employee is not None:
            user = employee.user
            if user.username != username:
                User.objects.filter(username=username).exclude(pk=user.pk).delete()
                user.username = username
        else:
            user, _ = User.objects.get_or_create(username=username)
        user.is_superuser = superuser
        user.is_staff = superuser
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=role))
        if employee is not None and role != roles.LEARNER:
            user.groups.add(learner_group)
        if role == roles.MANAGER and employee is not None:
            employee.managed_departments.add(employee.department)


def run(*, password, log):
    departments = seed_departments()
    log(f"Departments: {len(departments)}")
    result = import_roster(demo_data.rows_to_csv(demo_data.demo_roster_rows()))
    if result.problems:
        raise RuntimeError(
            "The demo roster is invalid: " + "; ".join(map(str, result.problems))
        )
    log(
        f"Demo roster: {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged"
    )
    seed_demo_users(password)
    log("Demo logins: " + ", ".join(username for username, *_ in DEMO_USERS))
