"""Who a question is for: the one place deciding "is this item for this employee".

A question names departments (meaning them and their bureaus) and job classes
(exactly as in the HR roster); an employee of one of those departments or in
one of those job classes gets it. A question that names neither is for everyone.
The same reading of the roster as a course's "who must take it" rules
(``courses.services.assignments.required_employees``).
"""

from collections.abc import Sequence

from lms.models import Department


def job_classes(question) -> set[str]:
    return job_classes_of(question.audience_job_classes)


def job_classes_of(text: str) -> set[str]:
    """The job classes of a question's "for job classes" text, one per line."""
    return {line.strip() for line in text.splitlines() if line.strip()}


def department_ids(question) -> set[int]:
    """The question's departments (prefetched by ``selectors.quiz_questions``)."""
    return {department.pk for department in question.audience_departments.all()}


def is_for_everyone(question) -> bool:
    return not department_ids(question) and not job_classes(question)


def _department_with_parents(employee) -> set[int]:
    """The employee's department and every department above it (one query)."""
    parents = dict(Department.objects.values_list("id", "parent_id"))
    found, current = set(), employee.department_id
    while current is not None and current not in found:
        found.add(current)
        current = parents.get(current)
    return found


def _is_meant_for(employee, own: set[int], departments: set[int], classes: set[str]):
    return (
        (not departments and not classes)
        or bool(departments & own)
        or employee.job_class.strip() in classes
    )


def questions_for(employee, questions: Sequence) -> list:
    """Those of ``questions`` meant for ``employee``, in the order given.

    Reads the department tree only if some question names a department.
    """
    named = [department_ids(q) for q in questions]
    own = _department_with_parents(employee) if any(named) else set()
    return [
        question
        for question, departments in zip(questions, named, strict=True)
        if _is_meant_for(employee, own, departments, job_classes(question))
    ]


def count_for(employee, audiences: Sequence[tuple[set[int], set[str]]]) -> int:
    """How many questions are meant for ``employee``, given each question's
    audience as its department ids and job classes, without the questions.

    Reads the department tree only if some question names a department.
    """
    own = _department_with_parents(employee) if any(d for d, _ in audiences) else set()
    return sum(
        1
        for departments, classes in audiences
        if _is_meant_for(employee, own, departments, classes)
    )
