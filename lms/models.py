"""Organisation core: departments and the employees who take the training.

Data minimisation (Executive Directive 20, "personal data as PII"): nothing here
records citizenship, immigration status, national origin, ethnicity or religion.
tests/lms/test_data_minimisation.py fails if any model grows such a field.
"""

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
