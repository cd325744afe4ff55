"""Builders for organisation test data (factory_boy)."""

from datetime import date

import factory

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from lms import roles
from lms.models import Department, Employee


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"DEPT{n}")
    name = factory.Sequence(lambda n: f"Department {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    user = factory.SubFactory(UserFactory)
    employee_number = factory.Sequence(lambda n: f"T{n:06d}")
    first_name = "Pat"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    work_email = factory.LazyAttribute(
        lambda o: f"{o.employee_number.lower()}@lacity.example"
    )
    department = factory.SubFactory(DepartmentFactory)
    job_class = "Management Analyst"
    hire_date = date(2020, 1, 6)


def with_role(user, role):
    """Put a user in one of the role groups (created by migrate)."""
    user.groups.add(Group.objects.get(name=role))
    return user


def make_user(role, *, employee=True, department=None, **employee_fields):
    """A user in ``role``; with an Employee record unless ``employee=False``."""
    if employee:
        kwargs = dict(employee_fields)
        if department is not None:
            kwargs["department"] = department
        user = EmployeeFactory(**kwargs).user
    else:
        user = UserFactory()
    with_role(user, role)
    if role == roles.ADMINISTRATOR:
        user.is_staff = True
        user.save()
    return user
