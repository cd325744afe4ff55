from .assignments import (
    Acknowledgement,
    AcknowledgementSource,
    Assignment,
    AssignmentSource,
    ModuleProgress,
)
from .certificate_design import CertificateDesign
from .certificates import (
    Certificate,
    CertificateStatus,
    DueDateExtension,
    ReminderKind,
    ReminderLog,
    Waiver,
    WaiverReason,
)
from .pages import CoursePage, ModulePage, TrainingHomePage

__all__ = [
    "Acknowledgement",
    "AcknowledgementSource",
    "Assignment",
    "AssignmentSource",
    "Certificate",
    "CertificateDesign",
    "CertificateStatus",
    "CoursePage",
    "DueDateExtension",
    "ModulePage",
    "ModuleProgress",
    "ReminderKind",
    "ReminderLog",
    "TrainingHomePage",
    "Waiver",
    "WaiverReason",
]
