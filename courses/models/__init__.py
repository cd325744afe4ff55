from .assignments import Acknowledgement, Assignment, AssignmentSource, ModuleProgress
from .pages import CoursePage, ModulePage, TrainingHomePage

__all__ = [
    "Acknowledgement",
    "Assignment",
    "AssignmentSource",
    "CoursePage",
    "ModulePage",
    "ModuleProgress",
    "TrainingHomePage",
]
