"""Organisation core: departments and the employees who take the training.

Data minimisation (the product practices what the training teaches): nothing here
records citizenship, immigration status, national origin, ethnicity or religion.
tests/lms/test_data_minimisation.py fails if any model grows such a field.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    code = models.SlugField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Short code used in the HR roster, e.g. LAPD or LAPL."),
    )
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bureaus",
        help_text=_("Set for a bureau or division that belongs to a department."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name

    @classmethod
    def ids_with_bureaus(cls, root_ids):
        """The given departments' ids with all their bureaus', at any depth.

        One query: the table holds a few dozen rows, so the tree is walked in
        Python rather than with a recursive query per level.
        """
        children = {}
        for dept_id, parent_id in cls.objects.values_list("id", "parent_id"):
            children.setdefault(parent_id, []).append(dept_id)
        found, stack = set(), list(root_ids)
        while stack:
            dept_id = stack.pop()
            if dept_id in found:
                continue
            found.add(dept_id)
            stack.extend(children.get(dept_id, ()))
        return found


class EmployeeQuerySet(models.QuerySet):
    def by_number(self, number):
        """The employee with this number as a person typed it, or None.

        Numbers are unique regardless of case (the roster refuses two that
        differ only in case), so "a1234" finds "A1234" wherever it is typed.
        """
        number = (number or "").strip()
        if not number:
            return None
        return self.filter(employee_number__iexact=number).first()


class Employee(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="employee",
    )
    employee_number = models.CharField(_("employee number"), max_length=20, unique=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    work_email = models.EmailField(_("work email"))
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="employees",
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="direct_reports",
    )
    job_class = models.CharField(_("job class"), max_length=100, blank=True)
    sworn = models.BooleanField(
        _("sworn"), default=False, help_text=_("Sworn peace officer or firefighter.")
    )
    hire_date = models.DateField(_("hire date"))
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Inactive employees keep their records but are not assigned training."
        ),
    )
    managed_departments = models.ManyToManyField(
        Department,
        verbose_name=_("manages departments"),
        blank=True,
        related_name="managers",
        help_text=_(
            "A manager sees these departments (with their bureaus) on the dashboards, "
            "as well as their own direct and indirect reports."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        indexes = [models.Index(fields=["department", "active"])]
        permissions = [
            ("view_all_employees", _("See every employee and department")),
            ("view_team", _("See the employees of managed departments and reports")),
            ("view_city_aggregates", _("See City-wide aggregates without names")),
            ("import_roster", _("Import the HR roster")),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.employee_number})"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"


class RosterImport(models.Model):
    """One roster upload, from the file as received to its outcome.

    The admin stores the file here and a worker imports it (``lms.roster_imports``);
    the status page reads this row. Only one import may be unfinished at a time:
    ``unfinished`` is True until it ends and is unique while True. The file's
    bytes are cleared when the import ends (the HR file holds names and emails);
    its name, size and SHA-256 stay.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        VALIDATING = "validating", _("Checking the file")
        WRITING = "writing", _("Writing")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused: nothing was imported")
        FAILED = "failed", _("Failed: nothing was imported")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        ADMIN = "admin", _("Admin upload")
        COMMAND = "command", _("Command line")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    unfinished = models.BooleanField(
        _("unfinished"),
        null=True,
        default=True,
        help_text=_("True until the import ends; only one row may hold it."),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ADMIN
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), default=0)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    data = models.BinaryField(_("file contents"), blank=True, default=b"")
    dry_run = models.BooleanField(_("dry run"), default=False)
    deactivate_missing = models.BooleanField(_("deactivate missing"), default=False)
    confirm_deactivation = models.BooleanField(
        _("deactivation confirmed"),
        default=False,
        help_text=_("Allowed to deactivate more than the usual share of employees."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    progress_at = models.DateTimeField(
        _("last progress at"),
        null=True,
        blank=True,
        help_text=_("When the import last reported progress."),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_to_write = models.PositiveIntegerField(_("rows to write"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    deactivated = models.PositiveIntegerField(_("deactivated"), default=0)
    outcomes = models.JSONField(
        _("follow-up counts"),
        default=dict,
        blank=True,
        help_text=_("What the apps did after the import, e.g. course assignments."),
    )
    problems = models.JSONField(
        _("problems"),
        default=list,
        blank=True,
        help_text=_("[line, column, message] of the first problems found."),
    )
    problem_count = models.PositiveIntegerField(_("number of problems"), default=0)
    refusal = models.TextField(_("refused because"), blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        constraints = [
            models.UniqueConstraint(
                fields=["unfinished"],
                condition=models.Q(unfinished=True),
                name="lms_one_unfinished_roster_import",
            )
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self):
        return self.unfinished is None
