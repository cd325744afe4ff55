"""CSV roster validation and import (a service).

``import_roster(data: bytes, *, dry_run=False, deactivate_missing=False,
confirm_deactivation=False)`` returns a ``RosterResult`` with ``problems``
(list of ``RosterProblem`` whose ``str()`` is ``"line N, column C: what is
wrong"``), the counts ``created``, ``updated``, ``unchanged``, ``deactivated``,
a ``refusal`` when the deactivation guard stopped it, and the ``outcomes`` the
apps reported. With any problem or a refusal nothing is written. It runs
inline; ``lms.roster_imports`` runs it as a background job with a status row.

The file is read with the ``csv`` module rather than pandas on purpose: every
problem must name the physical line it is on (quoted fields may span lines) and
a row with the wrong number of fields must be reported, not silently padded or
dropped as ``read_csv`` would. Reads and writes are in bulk: a fixed number of
queries per 900 employees, never one per row.

Validation stands in for ``full_clean()``, which would cost several queries per
row: each value goes through its model field's own ``clean()`` (lengths,
Django's EmailValidator) and the login name through the User model's validator,
while uniqueness, departments and managers are checked once for the whole file.
"""

import codecs
import csv
import io
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .bulk import insert_rows
from .models import Department, Employee
from .signals import roster_imported

COLUMNS = (
    "employee_number",
    "first_name",
    "last_name",
    "work_email",
    "department_code",
    "manager_employee_number",
    "job_class",
    "sworn",
    "hire_date",
)
OPTIONAL_COLUMNS = frozenset({"manager_employee_number", "job_class"})
# Problems about the whole file or a whole row rather than one column.
WHOLE_ROW = "-"

BOOLEANS = {
    "true": True,
    "yes": True,
    "1": True,
    "false": False,
    "no": False,
    "0": False,
}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Control characters (tab included) never belong in a name, number or e-mail, and
# PostgreSQL refuses NUL outright.
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")
LINE_BREAK = re.compile(rb"\r\n|\r|\n")

# Model fields checked by the model's own validators (lengths, e-mail format).
MODEL_TEXT_FIELDS = (
    "employee_number",
    "first_name",
    "last_name",
    "work_email",
    "job_class",
)
# SQLite's default limit of bound variables is 999; stay under it in ``__in``.
CHUNK = 900
BATCH = 1000
PROGRESS_EVERY = 10_000

Progress = Callable[[str, int], None]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RosterProblem:
    line: int
    column: str
    message: str

    def __str__(self):
        return f"line {self.line}, column {self.column}: {self.message}"


@dataclass
class RosterResult:
    problems: list[RosterProblem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    dry_run: bool = False
    # Why a valid file was not imported (the deactivation guard), or "".
    refusal: str = ""
    # What the apps did in answer to roster_imported, e.g. course assignments.
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self):
        return not self.problems and not self.refusal


@dataclass
class _Row:
    """One roster row with Python values (None where a value was bad)."""

    line: int
    employee_number: str
    first_name: str
    last_name: str
    work_email: str
    department_code: str
    manager_number: str
    job_class: str
    sworn: bool | None
    hire_date: date | None
    # Columns with a problem; the cross-row checks skip them.
    bad: frozenset = frozenset()


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- Reading the file --------------------------------------------------------


def _decode(data, problems):
    """The text of the file; every line that is not UTF-8 becomes a problem."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-8 never uses the bytes of CR or LF inside a character, so the physical
    # lines can be cut before decoding, numbered as the csv reader numbers them.
    line, start = 1, 0
    for match in [*LINE_BREAK.finditer(data), None]:
        end = match.start() if match else len(data)
        try:
            data[start:end].decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(
                RosterProblem(
                    line,
                    WHOLE_ROW,
                    _(
                        "byte 0x%(byte)02X at position %(position)d of the line is "
                        "not UTF-8; save the file as UTF-8 (in Excel: CSV UTF-8)"
                    )
                    % {"byte": exc.object[exc.start], "position": exc.start + 1},
                )
            )
        if match:
            line, start = line + 1, match.end()
    return data.decode("utf-8", errors="replace")


def _records(text, problems):
    """``(first physical line, fields)`` of each non-blank CSV record."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    records = []
    last_line = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(
                RosterProblem(
                    last_line + 1,
                    WHOLE_ROW,
                    _(
                        "the row cannot be read as CSV (%(error)s); nothing after "
                        "it was read"
                    )
                    % {"error": exc},
                )
            )
            break
        first_line, last_line = last_line + 1, reader.line_num
        if len(fields) <= 1 and not any(value.strip() for value in fields):
            continue  # a blank line
        records.append((first_line, fields))
    return records


def _header_index(line, header, problems, columns=COLUMNS):
    """Map each known column to its position; unknown and missing ones are problems.

    ``columns`` are the roster's unless another file (lms.csv_table) names its own.
    """
    index = {}
    for position, raw in enumerate(header, start=1):
        name = raw.strip()
        if not name:
            problems.append(
                RosterProblem(
                    line,
                    _("(column %(position)d)") % {"position": position},
                    _("the column has no name"),
                )
            )
        elif name not in columns:
            problems.append(
                RosterProblem(
                    line,
                    name,
                    _("unknown column; the columns are: %(columns)s")
                    % {"columns": ", ".join(columns)},
                )
            )
        elif name in index:
            problems.append(
                RosterProblem(
                    line,
                    name,
                    _("the column appears twice (positions %(first)d and %(again)d)")
                    % {"first": index[name] + 1, "again": position},
                )
            )
        else:
            index[name] = position - 1
    for name in columns:
        if name not in index:
            problems.append(RosterProblem(line, name, _("the column is missing")))
    return index


# --- Checking one row ----------------------------------------------------------


@cache
def _model_fields():
    """The Employee fields the rows are checked with, and the login name field."""
    return (
        {name: Employee._meta.get_field(name) for name in MODEL_TEXT_FIELDS},
        get_user_model()._meta.get_field("username"),
    )


@cache
def _length_only():
    """The fields whose only rules are a maximum length and no NUL character.

    For those a value that is short enough (NUL is a control character, refused
    before) passes clean() for certain, so clean() only runs to word the error
    of a value that is too long: the same rules and messages at a fraction of
    the cost, which counts 60,000 times per field.
    """
    fields, _username = _model_fields()
    simple = {}
    for name, model_field in fields.items():
        kinds = {type(validator) for validator in model_field.validators}
        if model_field.max_length and kinds <= {
            validators.MaxLengthValidator,
            validators.ProhibitNullCharactersValidator,
        }:
            simple[name] = model_field.max_length
    return simple


@cache
def _login_name_checks():
    """The login name field's validators as plain checks, or None if one of them
    is more than a pattern, a length or the NUL character (Django compiles its
    patterns lazily, which costs on every call)."""
    _fields, username_field = _model_fields()
    checks = []
    for validator in username_field.validators:
        if isinstance(validator, validators.MaxLengthValidator):
            checks.append(
                lambda value, limit=validator.limit_value: len(value) <= limit
            )
        elif isinstance(validator, validators.ProhibitNullCharactersValidator):
            checks.append(lambda value: "\x00" not in value)
        elif (
            type(validator).__call__ is validators.RegexValidator.__call__
            and not validator.inverse_match
        ):
            pattern = re.compile(validator.regex.pattern, validator.regex.flags)
            checks.append(lambda value, pattern=pattern: bool(pattern.search(value)))
        else:
            return None
    return checks


def _login_name_passes(login):
    """True when the login name surely passes the User model's validators."""
    checks = _login_name_checks()
    return checks is not None and all(check(login) for check in checks)


def _check_row(line, values, problems):
    """The row's values, with the columns found bad; None if a column is missing."""
    row_problems = []

    def problem(column, message):
        row_problems.append(RosterProblem(line, column, message))

    # One search over the whole row first: a clean row, the usual case, needs
    # no search per value.
    control = CONTROL_CHARACTER.search("".join(values.values()))
    for column, value in values.items():
        if not value and column not in OPTIONAL_COLUMNS:
            problem(column, _("a value is required"))
        elif control and CONTROL_CHARACTER.search(value):
            problem(column, _("the value contains a control character"))

    sworn = None
    if values.get("sworn"):
        sworn = BOOLEANS.get(values["sworn"].lower())
        if sworn is None:
            problem(
                "sworn",
                _("%(value)r is not true/false, yes/no or 1/0")
                % {"value": values["sworn"]},
            )
    hire_date = None
    if values.get("hire_date"):
        try:
            if not ISO_DATE.fullmatch(values["hire_date"]):
                raise ValueError
            hire_date = date.fromisoformat(values["hire_date"])
        except ValueError:
            problem(
                "hire_date",
                _("%(value)r is not a date written YYYY-MM-DD")
                % {"value": values["hire_date"]},
            )

    # The model's own rules (lengths, Django's EmailValidator), so the import and
    # the admin forms can never disagree.
    bad_so_far = {p.column for p in row_problems}
    checked = [
        name
        for name in MODEL_TEXT_FIELDS
        if values.get(name) and name not in bad_so_far
    ]
    fields, username_field = _model_fields()
    length_only = _length_only()
    for name in checked:
        limit = length_only.get(name)
        if limit is not None and len(values[name]) <= limit:
            continue
        try:
            fields[name].clean(values[name], None)
        except ValidationError as exc:
            problem(name, " ".join(exc.messages))
    if "employee_number" in checked and not any(
        p.column == "employee_number" for p in row_problems
    ):
        login = values["employee_number"].lower()
        try:
            if not _login_name_passes(login):
                username_field.run_validators(login)
        except ValidationError:
            problem(
                "employee_number",
                _(
                    "%(value)r cannot be a login name; use letters, digits and "
                    "@ . + - _ only"
                )
                % {"value": values["employee_number"]},
            )

    problems.extend(row_problems)
    if len(values) < len(COLUMNS):
        return None
    return _Row(
        line=line,
        employee_number=values["employee_number"],
        first_name=values["first_name"],
        last_name=values["last_name"],
        work_email=values["work_email"],
        department_code=values["department_code"],
        manager_number=values["manager_employee_number"],
        job_class=values["job_class"],
        sworn=sworn,
        hire_date=hire_date,
        bad=frozenset(p.column for p in row_problems),
    )


# --- Checks against the whole file and the database ---------------------------


def _existing_employees():
    """Every employee with what the import compares, in one query."""
    return {
        row["employee_number"]: row
        for row in Employee.objects.values(
            "id",
            "employee_number",
            "first_name",
            "last_name",
            "work_email",
            "department_id",
            "manager__employee_number",
            "job_class",
            "sworn",
            "hire_date",
            "active",
            "user_id",
            "user__first_name",
            "user__last_name",
            "user__email",
            "user__is_active",
        )
    }


def _taken_usernames(usernames):
    """Which of these login names exist; one query over every login.

    Reading the whole (City-sized) table is cheaper than sending tens of
    thousands of names in IN (...) lists.
    """
    wanted = set(usernames)
    if not wanted:
        return set()
    return wanted & set(get_user_model().objects.values_list("username", flat=True))


def _check_references(rows, numbers_in_file, existing, departments, problems):
    """Departments, managers, cycles and logins, which need the whole picture."""
    new_rows = [
        row
        for row in rows
        if row.employee_number not in existing and "employee_number" not in row.bad
    ]
    existing_by_key = {number.lower(): number for number in existing}
    taken = _taken_usernames(row.employee_number.lower() for row in new_rows)
    for row in new_rows:
        other = existing_by_key.get(row.employee_number.lower())
        if other is not None:
            problems.append(
                RosterProblem(
                    row.line,
                    "employee_number",
                    _(
                        "differs only in upper/lower case from employee %(other)s "
                        "already in the system"
                    )
                    % {"other": other},
                )
            )
        elif row.employee_number.lower() in taken:
            problems.append(
                RosterProblem(
                    row.line,
                    "employee_number",
                    _(
                        "a login named %(username)s already exists and is not this "
                        "employee's; rename that login first"
                    )
                    % {"username": row.employee_number.lower()},
                )
            )

    manager_of = {
        number: record["manager__employee_number"]
        for number, record in existing.items()
        if record["manager__employee_number"]
    }
    for row in rows:
        if row.department_code and row.department_code not in departments:
            problems.append(
                RosterProblem(
                    row.line,
                    "department_code",
                    _("unknown department %(code)r") % {"code": row.department_code},
                )
            )
        manager = row.manager_number
        manager_of.pop(row.employee_number, None)
        if not manager or "manager_employee_number" in row.bad:
            continue
        if manager == row.employee_number:
            problems.append(
                RosterProblem(
                    row.line,
                    "manager_employee_number",
                    _("an employee cannot be their own manager"),
                )
            )
        elif manager not in numbers_in_file and manager not in existing:
            problems.append(
                RosterProblem(
                    row.line,
                    "manager_employee_number",
                    _("manager %(number)s is neither in this file nor in the system")
                    % {"number": manager},
                )
            )
        else:
            manager_of[row.employee_number] = manager
    _check_cycles(rows, manager_of, problems)


def _check_cycles(rows, manager_of, problems):
    """Report each circle of managers once, on the first of its lines."""
    line_of = {row.employee_number: row.line for row in rows}
    done = set()
    for row in rows:
        path, position = [], {}
        number = row.employee_number
        while number is not None and number not in done and number not in position:
            position[number] = len(path)
            path.append(number)
            number = manager_of.get(number)
        if number is not None and number in position:
            cycle = path[position[number] :]
            in_file = [n for n in cycle if n in line_of]
            first = min(in_file, key=line_of.get) if in_file else cycle[0]
            start = cycle.index(first)
            ordered = cycle[start:] + cycle[:start]
            names = [
                (
                    _("%(number)s (line %(line)d)") % {"number": n, "line": line_of[n]}
                    if n in line_of
                    else _("%(number)s (already in the system)") % {"number": n}
                )
                for n in ordered
            ]
            problems.append(
                RosterProblem(
                    line_of[first] if in_file else row.line,
                    "manager_employee_number",
                    _("these employees would manage each other in a circle: %(cycle)s")
                    % {"cycle": " → ".join([*names, first])},
                )
            )
        done.update(path)


def _validate(data, progress):
    """The valid rows, or the problems; reads the database, never writes."""
    problems = []
    text = _decode(data, problems)
    if not text.strip():
        problems.append(RosterProblem(1, WHOLE_ROW, _("the file is empty")))
        return [], problems
    records = _records(text, problems)
    if not records:
        problems.append(RosterProblem(1, WHOLE_ROW, _("the file is empty")))
        return [], problems
    header_line, header = records[0]
    if progress:
        progress("read", len(records) - 1)
    if not set(COLUMNS) & {name.strip() for name in header}:
        problems.append(
            RosterProblem(
                header_line,
                WHOLE_ROW,
                _("the first line must be the header: %(columns)s")
                % {"columns": ",".join(COLUMNS)},
            )
        )
        return [], problems
    index = _header_index(header_line, header, problems)
    if len(records) == 1:
        problems.append(
            RosterProblem(
                header_line + 1,
                WHOLE_ROW,
                _("the file has a header but no employees"),
            )
        )

    rows = []
    first_line_of = {}
    numbers_in_file = set()
    number_at = index.get("employee_number")
    for count, (line, fields) in enumerate(records[1:], start=1):
        if number_at is not None and number_at < len(fields):
            number = fields[number_at].strip()
            numbers_in_file.add(number)
            key = number.lower()
            if number and key in first_line_of:
                problems.append(
                    RosterProblem(
                        line,
                        "employee_number",
                        _("employee number %(number)s is already on line %(first)d")
                        % {"number": number, "first": first_line_of[key]},
                    )
                )
            elif number:
                first_line_of[key] = line
        if len(fields) != len(header):
            problems.append(
                RosterProblem(
                    line,
                    WHOLE_ROW,
                    _("the row has %(found)d fields but the header has %(expected)d")
                    % {"found": len(fields), "expected": len(header)},
                )
            )
        else:
            values = {name: fields[at].strip() for name, at in index.items()}
            row = _check_row(line, values, problems)
            if row is not None and first_line_of.get(row.employee_number.lower()) == (
                line
            ):
                rows.append(row)
        if progress and count % PROGRESS_EVERY == 0:
            progress("validated", count)

    existing = _existing_employees()
    departments = dict(Department.objects.values_list("code", "id"))
    _check_references(rows, numbers_in_file, existing, departments, problems)
    return (rows, existing, departments), problems


# --- Writing -----------------------------------------------------------------


def _employee_values(row, departments):
    return {
        "first_name": row.first_name,
        "last_name": row.last_name,
        "work_email": row.work_email,
        "department_id": departments[row.department_code],
        "job_class": row.job_class,
        "sworn": row.sworn,
        "hire_date": row.hire_date,
    }


def _user_values(row):
    return {
        "first_name": row.first_name,
        "last_name": row.last_name,
        "email": row.work_email,
    }


def _plan(rows, existing, departments, deactivate_missing):
    """Split the rows into new, changed and unchanged; find who leaves."""
    new, changed, unchanged = [], [], 0
    for row in rows:
        record = existing.get(row.employee_number)
        if record is None:
            new.append(row)
            continue
        same = (
            record["active"]
            and (record["manager__employee_number"] or "") == row.manager_number
            and all(
                record[name] == value
                for name, value in _employee_values(row, departments).items()
            )
            and all(
                record["user__" + name] == value
                for name, value in _user_values(row).items()
            )
        )
        if same:
            unchanged += 1
        else:
            changed.append((row, record))
    leaving = []
    if deactivate_missing:
        in_file = {row.employee_number for row in rows}
        leaving = [
            record
            for number, record in existing.items()
            if record["active"] and number not in in_file
        ]
    return new, changed, unchanged, leaving


def _managers_first(new):
    """New rows by level, so each level's managers already have an id."""
    new_numbers = {row.employee_number: row for row in new}
    depth = {}
    for row in new:
        chain = []
        current = row
        while current is not None and current.employee_number not in depth:
            chain.append(current)
            current = new_numbers.get(current.manager_number)
        level = depth[current.employee_number] if current is not None else -1
        for item in reversed(chain):
            level += 1
            depth[item.employee_number] = level
    levels = {}
    for row in new:
        levels.setdefault(depth[row.employee_number], []).append(row)
    # Parts of PROGRESS_EVERY rows, so a big level still reports its progress.
    return [
        part
        for level in sorted(levels)
        for part in _chunks(levels[level], PROGRESS_EVERY)
    ]


def _write(new, changed, leaving, existing, departments, progress):
    User = get_user_model()
    now = timezone.now()
    id_of = {number: record["id"] for number, record in existing.items()}
    written = 0

    def tick(count):
        nonlocal written
        before, written = written, written + count
        if progress and before // PROGRESS_EVERY != written // PROGRESS_EVERY:
            progress("written", written)

    # Plain rows rather than model instances (lms.bulk): at City size, building
    # and preparing 120,000 instances was most of the import's time. Every
    # value was validated above.
    insert_rows(
        User,
        constants={
            "is_active": True,
            "is_staff": False,
            "is_superuser": False,
            "date_joined": now,
        },
        columns=("username", "password", "first_name", "last_name", "email"),
        rows=[
            (
                row.employee_number.lower(),
                # An unusable password, as set_unusable_password() makes it but
                # without its 40 random.choice() calls per user: people sign in
                # once an administrator or the City's single sign-on gives them
                # a way to.
                UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
                row.first_name,
                row.last_name,
                row.work_email,
            )
            for row in new
        ],
    )
    # The new ids, read back by their unique keys over the whole table (cheaper
    # than IN lists of tens of thousands).
    user_ids = dict(User.objects.values_list("username", "id")) if new else {}

    created_ids = []
    for level in _managers_first(new):
        insert_rows(
            Employee,
            constants={"active": True, "created_at": now, "updated_at": now},
            columns=(
                "user",
                "employee_number",
                "manager",
                "first_name",
                "last_name",
                "work_email",
                "department",
                "job_class",
                "sworn",
                "hire_date",
            ),
            rows=[
                (
                    user_ids[row.employee_number.lower()],
                    row.employee_number,
                    id_of.get(row.manager_number),
                    row.first_name,
                    row.last_name,
                    row.work_email,
                    departments[row.department_code],
                    row.job_class,
                    row.sworn,
                    row.hire_date,
                )
                for row in level
            ],
        )
        id_of.update(Employee.objects.values_list("employee_number", "id"))
        created_ids.extend(id_of[row.employee_number] for row in level)
        tick(len(level))

    _update_changed(changed, id_of, departments, now)
    tick(len(changed))

    for chunk in _chunks(leaving):
        Employee.objects.filter(pk__in=[r["id"] for r in chunk]).update(
            active=False, updated_at=now
        )
        User.objects.filter(pk__in=[r["user_id"] for r in chunk]).update(
            is_active=False
        )
    tick(len(leaving))

    employee_ids = sorted(created_ids + [record["id"] for _row, record in changed])
    deactivated_ids = sorted(record["id"] for record in leaving)
    outcomes = {}
    if employee_ids or deactivated_ids:
        responses = roster_imported.send(
            sender=Employee, employee_ids=employee_ids, deactivated_ids=deactivated_ids
        )
        for _receiver, response in responses:
            if isinstance(response, dict):
                for label, count in response.items():
                    outcomes[str(label)] = outcomes.get(str(label), 0) + count
    return outcomes


def _update_changed(changed, id_of, departments, now):
    """Write the changed rows and their logins.

    Django's bulk_update writes a CASE per field and row, which dominates a
    large import; so only the columns that differ in some row go through it, and
    what every changed row shares (active, updated_at) is a plain UPDATE.
    """
    User = get_user_model()
    employees, employee_fields = [], set()
    users, user_fields = [], set()
    for row, record in changed:
        values = _employee_values(row, departments)
        differs = {name for name, value in values.items() if record[name] != value}
        if (record["manager__employee_number"] or "") != row.manager_number:
            differs.add("manager_id")
        if differs:
            values["manager_id"] = id_of.get(row.manager_number)
            employees.append(Employee(pk=record["id"], **values))
            employee_fields |= differs
        values = _user_values(row)
        differs = {n for n, value in values.items() if record["user__" + n] != value}
        if differs:
            users.append(User(pk=record["user_id"], **values))
            user_fields |= differs
    field_names = {"department_id": "department", "manager_id": "manager"}
    if employees:
        Employee.objects.bulk_update(
            employees,
            sorted(field_names.get(name, name) for name in employee_fields),
            batch_size=BATCH,
        )
    if users:
        User.objects.bulk_update(users, sorted(user_fields), batch_size=BATCH)
    for chunk in _chunks(changed):
        Employee.objects.filter(pk__in=[record["id"] for _row, record in chunk]).update(
            active=True, updated_at=now
        )
        # Only a reactivation reopens the login; a login an administrator
        # closed by hand for an active employee stays closed.
        reactivated = [
            record["user_id"] for _row, record in chunk if not record["active"]
        ]
        if reactivated:
            User.objects.filter(pk__in=reactivated).update(is_active=True)


def _problem_order(problem):
    """By line, then in the order of the columns, as someone fixing the file reads."""
    column = COLUMNS.index(problem.column) if problem.column in COLUMNS else -1
    return problem.line, column


def _deactivation_refusal(leaving, existing):
    """Why deactivating ``leaving`` is too much to do unasked, or ""."""
    share = settings.ROSTER_MAX_DEACTIVATION_SHARE
    active = sum(1 for record in existing.values() if record["active"])
    if not leaving or len(leaving) <= share * active:
        return ""
    return _(
        "The file would deactivate %(leaving)d of the %(active)d active employees "
        "(%(percent).0f %%), more than the %(limit).0f %% allowed at once "
        "(ROSTER_MAX_DEACTIVATION_SHARE). Nothing was imported. Check that the "
        "file is the complete roster; if these employees have really left, "
        "import it again with the deactivation confirmed (--confirm-deactivation "
        "on the command line, 'Confirm a large deactivation' in the admin)."
    ) % {
        "leaving": len(leaving),
        "active": active,
        "percent": 100 * len(leaving) / active,
        "limit": 100 * share,
    }


def import_roster(
    data: bytes,
    *,
    dry_run: bool = False,
    deactivate_missing: bool = False,
    confirm_deactivation: bool = False,
    progress: Progress | None = None,
) -> RosterResult:
    """Validate the whole roster, then upsert it by employee number.

    ``progress(stage, count)``, if given, is called with ``"read"`` and the
    number of rows, every ``PROGRESS_EVERY`` rows validated (``"validated"``),
    once with ``"writing"`` and the number of rows to write, and every
    ``PROGRESS_EVERY`` rows written (``"written"``). Validation only reads; the
    writes, and ``lms.signals.roster_imported`` with them, are one transaction,
    so a crash leaves nothing half-written. With ``deactivate_missing``, more
    than ``ROSTER_MAX_DEACTIVATION_SHARE`` of the active employees are only
    deactivated with ``confirm_deactivation``; otherwise ``refusal`` says why
    nothing was written.
    """
    result = RosterResult(dry_run=dry_run)
    found, problems = _validate(bytes(data), progress)
    if problems:
        result.problems = sorted(problems, key=_problem_order)
        return result
    rows, existing, departments = found
    # Only reached when no row had a problem, so every row here is valid.
    new, changed, unchanged, leaving = _plan(
        rows, existing, departments, deactivate_missing
    )
    result.created = len(new)
    result.updated = len(changed)
    result.unchanged = unchanged
    result.deactivated = len(leaving)
    if not confirm_deactivation:
        result.refusal = _deactivation_refusal(leaving, existing)
    if dry_run or result.refusal:
        return result
    if progress:
        progress("writing", len(new) + len(changed) + len(leaving))
    with transaction.atomic():
        result.outcomes = _write(new, changed, leaving, existing, departments, progress)
    logger.info(
        "Roster imported: %d created, %d updated, %d unchanged, %d deactivated",
        result.created,
        result.updated,
        result.unchanged,
        result.deactivated,
    )
    return result
