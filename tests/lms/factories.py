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


class SourceDocumentFactory(factory.django.DjangoModelFactory):
    """A policy source, in force unless told otherwise."""

    class Meta:
        model = "policy.SourceDocument"
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"source-{n}")
    title = factory.LazyAttribute(lambda o: f"Test directive {o.slug}")
    short_name = factory.LazyAttribute(lambda o: f"Test directive {o.slug}")
    issuer = "The Mayor"
    status = "in_force"


class SourcePartFactory(factory.django.DjangoModelFactory):
    """A citable part of a source (by default of one shared source in force)."""

    class Meta:
        model = "policy.SourcePart"
        django_get_or_create = ("document", "key")

    document = factory.SubFactory(SourceDocumentFactory, slug="test-directive")
    key = factory.Sequence(lambda n: f"Section {n}")
    text = factory.LazyAttribute(lambda o: f"The words of {o.key}: do the right thing.")
