"""Builders for classroom tests: a session of an in-person course, in the
future unless told, with one part (or ``parts`` consecutive mornings)."""

from datetime import timedelta

import factory

from django.utils import timezone

from classroom.models import Session, SessionPart
from courses.status import CourseDelivery
from tests.courses.factories import CoursePageFactory


def in_person_course(**kwargs):
    kwargs.setdefault("delivery", CourseDelivery.IN_PERSON)
    kwargs.setdefault("modules", 1)
    return CoursePageFactory(**kwargs)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    course = factory.LazyFunction(in_person_course)
    place = "Harbor Department, 425 S Palos Verdes St, Room 3"
    capacity = 2

    @factory.post_generation
    def starts(obj, create, extracted, **kwargs):
        start = extracted or timezone.now() + timedelta(days=7)
        for day in range(kwargs.get("parts", 1)):
            SessionPart.objects.create(
                session=obj,
                starts_at=start + timedelta(days=day),
                ends_at=start + timedelta(days=day, hours=3),
            )
