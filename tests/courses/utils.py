"""Builders for course test data: a training home, courses and modules."""

from courses import seed
from courses.models import CoursePage, ModulePage


def training_home():
    return seed.training_home()


def ack_block(block_id, statement):
    return {
        "type": "acknowledgement",
        "id": block_id,
        "value": {"statement": statement},
    }


def rule_block(block_id, text="Do the right thing.", section="Section 1"):
    return {
        "type": "key_rule",
        "id": block_id,
        "value": {
            "rule": text,
            "citation": {"source": "resolution", "section": section},
        },
    }


def make_course(
    slug="course",
    *,
    modules=2,
    acks_per_module=1,
    quiz=None,
    home=None,
    departments=(),
    **fields,
):
    """A published course with ``modules`` published modules.

    Each module has one cited rule and ``acks_per_module`` acknowledgements whose
    block ids are ``"{slug}-m{n}-ack{k}"``.
    """
    home = home or training_home()
    fields.setdefault("title", f"Course {slug}")
    fields.setdefault("summary", "What it is about.")
    course = CoursePage(slug=slug, quiz=quiz, **fields)
    home.add_child(instance=course)
    if departments:
        course.required_departments.set(departments)
    for number in range(1, modules + 1):
        body = [rule_block(f"{slug}-m{number}-rule")]
        body += [
            ack_block(
                f"{slug}-m{number}-ack{k}",
                f"I have read and understood part {k} of module {number}.",
            )
            for k in range(1, acks_per_module + 1)
        ]
        module = course.add_child(
            instance=ModulePage(title=f"Module {number}", slug=f"m{number}", body=body)
        )
        module.save_revision().publish()
    course.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)


def modules_of(course):
    return list(ModulePage.objects.child_of(course).live().order_by("path"))
