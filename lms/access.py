"""Who may see which employee and department: the only place that decides.

Every view, export and command that shows employee data asks this module. Roles
are checked by permission (see lms.roles), so one grant changes one person.

- Administrators (``lms.view_all_employees`` or superuser) see everyone.
- Managers (``lms.view_team``) see the employees of the departments they manage,
  with those departments' bureaus, and their own direct and indirect reports.
- Oversight (``lms.view_city_aggregates``) sees City-wide aggregates, never a name.
- Everyone who is an employee sees their own record.
- Acting on someone's training (a reminder now, a waiver, a later due date)
  is for administrators and for managers on their team, never on themselves;
  waivers and extensions also need their own permission.
"""

import functools

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from .models import Department, Employee


def employee_of(user):
    """The Employee behind a user, or None (e.g. an oversight commissioner)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.employee
    except Employee.DoesNotExist:
        return None


def is_administrator(user):
    return bool(user.is_authenticated and user.is_active) and (
        user.is_superuser or user.has_perm("lms.view_all_employees")
    )


MANAGER_PERMISSION = "lms.view_team"


def is_manager(user):
    return bool(user.is_authenticated and user.is_active) and user.has_perm(
        MANAGER_PERMISSION
    )


def managers():
    """Active employees whose login is granted the manager's permission.

    The grant is through a role group or to the user directly. A superuser
    passes :func:`is_manager` without any grant but manages no team by it, so
    is not listed (e.g. for the weekly overdue emails).
    """
    app_label, codename = MANAGER_PERMISSION.split(".")
    permission = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()
    if permission is None:
        return Employee.objects.none()
    users = get_user_model().objects.filter(
        Q(groups__permissions=permission) | Q(user_permissions=permission),
        is_active=True,
    )
    return (
        Employee.objects.filter(active=True, user__in=users)
        .select_related("user")
        .distinct()
        .order_by("pk")
    )


def is_oversight(user):
    return bool(user.is_authenticated and user.is_active) and user.has_perm(
        "lms.view_city_aggregates"
    )


def can_see_city_aggregates(user):
    """Counts for the whole City, by department and course, without names."""
    return is_administrator(user) or is_oversight(user)


def can_see_names(user):
    """Whether the user may ever see a list of named employees."""
    return is_administrator(user) or is_manager(user)


def _reports_subquery(employee_id):
    """Ids of an employee's direct and indirect reports, computed by the database.

    UNION (not UNION ALL) stops at a cycle instead of looping for ever.
    """
    table = Employee._meta.db_table
    return RawSQL(  # noqa: S611 - fixed SQL, the id is a bound parameter
        f"WITH RECURSIVE reports(id) AS ("  # noqa: S608 - table name, not input
        f" SELECT id FROM {table} WHERE manager_id = %s"
        f" UNION SELECT e.id FROM {table} e JOIN reports r ON e.manager_id = r.id"
        f") SELECT id FROM reports",
        [employee_id],
    )


def managed_department_ids(user):
    employee = employee_of(user)
    if employee is None:
        return set()
    roots = employee.managed_departments.values_list("id", flat=True)
    return Department.ids_with_bureaus(list(roots))


def visible_departments(user):
    """Departments whose employees the user may see by name."""
    if is_administrator(user):
        return Department.objects.all()
    if is_manager(user):
        return Department.objects.filter(id__in=managed_department_ids(user))
    return Department.objects.none()


def visible_employees(user):
    """Employees the user may see by name (including inactive ones)."""
    if is_administrator(user):
        return Employee.objects.all()
    employee = employee_of(user)
    if employee is None:
        return Employee.objects.none()
    condition = Q(pk=employee.pk)
    if is_manager(user):
        condition |= Q(department_id__in=managed_department_ids(user))
        condition |= Q(pk__in=_reports_subquery(employee.pk))
    return Employee.objects.filter(condition)


def can_view_employee(user, employee):
    return visible_employees(user).filter(pk=employee.pk).exists()


def team_to_act_for(user):
    """Employees whose training the user may act on: remind, waive, extend.

    Administrators: everyone. Managers: the employees they may see, but not
    themselves (nobody excuses or chases their own training). Nobody else.
    """
    if is_administrator(user):
        return Employee.objects.all()
    if not is_manager(user):
        return Employee.objects.none()
    employee = employee_of(user)
    return visible_employees(user).exclude(pk=getattr(employee, "pk", None))


def can_act_for(user, employee):
    return team_to_act_for(user).filter(pk=employee.pk).exists()


def can_view_department(user, department):
    if is_administrator(user):
        return True
    return is_manager(user) and department.pk in managed_department_ids(user)


def navigation_links(user):
    """Links for the site header, gathered from each app's ``nav_links``.

    An app declares ``nav_links = [(label, url_name, rule[, order])]`` on its
    AppConfig; the rule is a function of this module, a permission or None, and
    links are shown by ``order`` (default 50), then in app order.
    """
    where = _where()
    links = []
    for label, url_name, rule in _declared_links():
        if rule and not _passes(user, rule):
            continue
        url = _url(url_name, *where)
        if url is not None:
            links.append({"label": label, "url": url})
    return links


def site_search_url():
    """The search page an app offers (``site_search = "app:url_name"``), if any."""
    where = _where()
    for url_name in _site_search_names():
        url = _url(url_name, *where)
        if url is not None:
            return url
    return None


# What the apps declare and where their URL names lead are fixed once the
# process has loaded; every page asked again (about 4% of a page's work).
@functools.cache
def _declared_links():
    declared = [
        (order[0] if order else 50, label, url_name, rule)
        for config in apps.get_app_configs()
        for label, url_name, rule, *order in getattr(config, "nav_links", ())
    ]
    declared.sort(key=lambda link: link[0])  # stable: app order within an order
    return tuple((label, url_name, rule) for _order, label, url_name, rule in declared)


@functools.cache
def _site_search_names():
    names = (getattr(config, "site_search", None) for config in apps.get_app_configs())
    return tuple(name for name in names if name)


def _where():
    """What a URL name's path depends on: the script prefix and the URLconf."""
    return get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF


@functools.cache
def _url(url_name, script_prefix, urlconf):
    """``reverse(url_name)`` under ``script_prefix`` and ``urlconf``; None if it
    leads nowhere."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def _passes(user, rule):
    predicate = globals().get(rule)
    if callable(predicate):
        return bool(predicate(user))
    return user.has_perm(rule)


def home_url(user):
    """Where a person lands after login: their training if they are an employee.

    None when the user has no page of their own (the home page then says so).
    """
    candidates = []
    if employee_of(user) is not None:
        candidates.append("courses:my_training")
    if is_manager(user) or is_administrator(user):
        candidates.append("analytics:dashboard")
    if is_oversight(user):
        candidates.append("analytics:oversight")
    if user.has_perm("wagtailadmin.access_admin"):
        candidates.append("wagtailadmin_home")
    for name in candidates:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None
