"""Every xAPI verb and activity-type IRI the LMS emits, in one place.

Verbs come from the ADL vocabulary where it has one. For the three events it
lacks we use verbs registered in the xAPI vocabulary server:

- a policy acknowledged: Activity Streams ``acknowledge``;
- a certificate issued: Tin Can's ``earned`` (the learner earned the
  certificate, as in badge statements);
- a recertification assigned: Activity Streams ``assign``. The actor is the
  employee to whom the course was assigned again; the ADL ``registered`` verb
  would imply the learner enrolled themselves.
"""

from django.conf import settings

LANGUAGE = "en-US"

# --- Verbs ------------------------------------------------------------------
LAUNCHED = "http://adlnet.gov/expapi/verbs/launched"
EXPERIENCED = "http://adlnet.gov/expapi/verbs/experienced"
ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
PASSED = "http://adlnet.gov/expapi/verbs/passed"
FAILED = "http://adlnet.gov/expapi/verbs/failed"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
ACKNOWLEDGED = "http://activitystrea.ms/schema/1.0/acknowledge"
EARNED = "http://id.tincanapi.com/verb/earned"
ASSIGNED = "http://activitystrea.ms/schema/1.0/assign"
ATTENDED = "http://adlnet.gov/expapi/verbs/attended"

# Display names sent with each verb (``verb.display``).
VERB_DISPLAY = {
    LAUNCHED: "launched",
    EXPERIENCED: "experienced",
    ANSWERED: "answered",
    PASSED: "passed",
    FAILED: "failed",
    COMPLETED: "completed",
    ACKNOWLEDGED: "acknowledged",
    EARNED: "earned",
    ASSIGNED: "was assigned",
    ATTENDED: "attended",
}

# --- Activity types ---------------------------------------------------------
COURSE = "http://adlnet.gov/expapi/activities/course"
MODULE = "http://adlnet.gov/expapi/activities/module"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
# The certificate type Open edX's event-routing-backends also emits.
CERTIFICATE = "https://www.opigno.org/en/tincan_registry/activity_type/certificate"
# The acknowledgement is of a policy document (ED20, Special Order 40, ...).
POLICY_DOCUMENT = "http://id.tincanapi.com/activitytype/document"
# An in-person (or video) session of a course: ADL's meeting type.
MEETING = "http://adlnet.gov/expapi/activities/meeting"

ACTIVITY_TYPE_DISPLAY = {
    COURSE: "course",
    MODULE: "module",
    ASSESSMENT: "assessment",
    INTERACTION: "question",
    CERTIFICATE: "certificate",
    POLICY_DOCUMENT: "policy document",
    MEETING: "session",
}

# --- Extensions -------------------------------------------------------------
COURSE_VERSION_PATH = "extensions/course-version"


def course_version_extension():
    """The context extension IRI that carries the course version.

    It lives under ``XAPI_ACTIVITY_BASE``, which the City controls, and is read
    at call time so tests and deployments can change the base.
    """
    return f"{settings.XAPI_ACTIVITY_BASE.rstrip('/')}/{COURSE_VERSION_PATH}"
