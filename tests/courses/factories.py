"""factory_boy factories for courses: published courses with modules, and
assignments in every status.

    course = CoursePageFactory(slug="ed20", modules=3, required_for_all=True)
    AssignmentFactory(course=course, completed=True)   # done, due again later
    AssignmentFactory(course=course, certified=True)   # ... with its certificate
    AssignmentFactory(course=course, overdue=True)
    AssignmentFactory(course=course, waived=True)
    AssignmentFactory(course=course, renewal=True)     # renews an old certificate

Completed cycles store the due-again date as the completion service does
(courses.status.recertify_on), so the status they show is production's.
"""

import uuid
from datetime import datetime, time, timedelta

import factory

from django.utils import timezone

from courses import seed, status
from courses.models import (
    Assignment,
    Certificate,
    CoursePage,
    ModulePage,
    ModuleProgress,
    Waiver,
    WaiverReason,
)
from courses.services import progress
from tests.lms.factories import EmployeeFactory, SourcePartFactory

# Page translation keys from slugs, so xAPI statement ids are the same on
# every run (courses.xapi derives them from the module's key).
KEY_NAMESPACE = uuid.UUID("2b7f0e36-8a4c-4d0e-9d6a-5b1c7f3e9a20")


def training_home():
    return seed.training_home()


def moment(day, hour=10) -> datetime:
    """``day`` at ``hour`` o'clock, local time."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


def ack_block(block_id, statement):
    return {
        "type": "acknowledgement",
        "id": block_id,
        "value": {"statement": statement},
    }


def rule_block(block_id, text="Do the right thing.", part=None):
    """A key rule citing ``part`` (by default a part of a source in force)."""
    part = part or SourcePartFactory(key="Section 1")
    return {
        "type": "key_rule",
        "id": block_id,
        "value": {"rule": text, "cite": part.pk},
    }


class CoursePageFactory(factory.django.DjangoModelFactory):
    """A published course under the training home with ``modules`` published
    modules. Each module has one cited rule and ``acks_per_module``
    acknowledgements whose block ids are ``"{slug}-m{n}-ack{k}"``.

    Publishing runs the course's required-for rules, as in the admin.
    """

    class Meta:
        model = CoursePage

    slug = factory.Sequence(lambda n: f"course-{n}")
    title = factory.LazyAttribute(lambda o: f"Course {o.slug}")
    summary = "What it is about."
    translation_key = factory.LazyAttribute(
        lambda o: uuid.uuid5(KEY_NAMESPACE, f"course/{o.slug}")
    )
    modules = 2
    acks_per_module = 1
    home = None
    required_departments = ()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        modules = kwargs.pop("modules")
        acks = kwargs.pop("acks_per_module")
        home = kwargs.pop("home") or training_home()
        departments = kwargs.pop("required_departments")
        course = model_class(**kwargs)
        home.add_child(instance=course)
        if departments:
            course.required_departments.set(departments)
        for number in range(1, modules + 1):
            ModulePageFactory(course=course, number=number, acks=acks)
        course.save_revision().publish()
        return model_class.objects.get(pk=course.pk)


class ModulePageFactory(factory.django.DjangoModelFactory):
    """Module ``number`` of ``course``, published: a rule and ``acks``
    acknowledgements."""

    class Meta:
        model = ModulePage

    course = None
    number = 1
    acks = 1
    title = factory.LazyAttribute(lambda o: f"Module {o.number}")
    slug = factory.LazyAttribute(lambda o: f"m{o.number}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        course = kwargs.pop("course")
        number = kwargs.pop("number")
        acks = kwargs.pop("acks")
        prefix = f"{course.slug}-m{number}"
        body = [rule_block(f"{prefix}-rule")] + [
            ack_block(
                f"{prefix}-ack{k}",
                f"I have read and understood part {k} of module {number}.",
            )
            for k in range(1, acks + 1)
        ]
        module = course.add_child(
            instance=model_class(
                body=body,
                translation_key=uuid.uuid5(
                    KEY_NAMESPACE, f"course/{course.slug}/{kwargs['slug']}"
                ),
                **kwargs,
            )
        )
        module.save_revision().publish()
        return module


def modules_of(course):
    return list(course.live_modules())


class CertificateFactory(factory.django.DjangoModelFactory):
    """The certificate of a completed assignment, as certificate_issue makes it."""

    class Meta:
        model = Certificate

    assignment = None
    employee = factory.SelfAttribute("assignment.employee")
    course = factory.SelfAttribute("assignment.course")
    course_title = factory.SelfAttribute("assignment.course.title")
    course_version = factory.SelfAttribute("assignment.course.version_label")
    issued_on = factory.LazyAttribute(
        lambda o: timezone.localdate(o.assignment.completed_at)
    )
    expires_on = factory.SelfAttribute("assignment.recertify_on")


class WaiverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Waiver

    assignment = None
    reason = WaiverReason.EQUIVALENT
    waived_at = factory.LazyFunction(timezone.now)


def _completed_on(o):
    return timezone.localdate(o.completed_at)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """One cycle of a course for an employee, due in 30 days unless told.

    Traits: ``launched``, ``completed`` (with its due-again date),
    ``certified`` (completed, with a certificate), ``overdue`` (due 5 days
    ago), ``waived``, ``renewal`` (the new cycle of an expired certificate
    of the same employee and course), ``paused`` (not the current cycle).
    ``modules_done`` marks that many of the course's modules done.
    """

    class Meta:
        model = Assignment
        skip_postgeneration_save = True

    employee = factory.SubFactory(EmployeeFactory)
    course = factory.SubFactory(CoursePageFactory)
    assigned_at = factory.LazyFunction(timezone.now)
    due_date = factory.LazyAttribute(
        lambda o: timezone.localdate(o.assigned_at) + timedelta(days=30)
    )

    class Params:
        launched = factory.Trait(
            launched_at=factory.LazyAttribute(lambda o: o.assigned_at)
        )
        completed = factory.Trait(
            launched=True,
            completed_at=factory.LazyFunction(timezone.now),
            recertify_on=factory.LazyAttribute(
                lambda o: status.recertify_on(o.course, _completed_on(o))
            ),
        )
        certified = factory.Trait(
            completed=True,
            certificate=factory.RelatedFactory(CertificateFactory, "assignment"),
        )
        overdue = factory.Trait(
            due_date=factory.LazyFunction(
                lambda: timezone.localdate() - timedelta(days=5)
            )
        )
        waived = factory.Trait(
            waiver=factory.RelatedFactory(WaiverFactory, "assignment")
        )
        renewal = factory.Trait(
            renews=factory.RelatedFactory(
                CertificateFactory,
                "renewal",
                assignment=factory.SubFactory(
                    "tests.courses.factories.AssignmentFactory",
                    employee=factory.SelfAttribute("...employee"),
                    course=factory.SelfAttribute("...course"),
                    completed=True,
                    active=False,
                ),
            )
        )
        paused = factory.Trait(active=False)

    @factory.post_generation
    def modules_done(obj, create, extracted, **kwargs):
        for module in modules_of(obj.course)[: extracted or 0]:
            ModuleProgress.objects.create(
                assignment=obj,
                module=module,
                completed_at=obj.launched_at or obj.assigned_at,
            )


def complete(assignment):
    """Tick every acknowledgement of every module, as the learner would."""
    for module in modules_of(assignment.course):
        module = module.specific
        progress.module_complete(
            assignment=assignment,
            module=module,
            acknowledged_ids=[block.id for block in module.acknowledgement_blocks()],
        )
    assignment.refresh_from_db()
    return assignment
