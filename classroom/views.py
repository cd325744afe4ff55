"""Thin views over the classroom services and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from courses.models import CoursePage
from courses.pdf import render_pdf
from lms import access, qr
from lms.models import Employee

from . import rules, selectors
from .forms import CrewBookingForm, SheetUploadForm, WalkInForm
from .models import Attendance, Booking, BookingStatus, Session
from .services import attendance, bookings, sheets


def _errors(request, error):
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_GET
def course_sessions(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    if not course.offers_sessions:
        raise Http404
    employee = access.employee_of(request.user)
    booking = (
        selectors.live_booking(employee=employee, course=course) if employee else None
    )
    return render(
        request,
        "classroom/course_sessions.html",
        {
            "course": course,
            "sessions": selectors.upcoming_sessions(course=course),
            "booking": booking,
            "employee": employee,
        },
    )


def _back_to_course(session):
    return redirect("classroom:course_sessions", session.course_id)


@login_required
@require_POST
def book(request, session_id):
    session = get_object_or_404(Session, pk=session_id)
    employee = access.employee_of(request.user)
    if employee is None:
        raise PermissionDenied(_("Only employees book sessions."))
    try:
        booking = bookings.session_book(
            session=session, employee=employee, booked_by=request.user
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        if booking.status == BookingStatus.BOOKED:
            messages.success(
                request, _("You are booked. The invitation is in your email.")
            )
        else:
            messages.info(request, _("The session is full: you are on its wait list."))
    return _back_to_course(session)


def _own_or_team_booking(request, booking_id):
    booking = get_object_or_404(
        Booking.objects.select_related("session", "employee"), pk=booking_id
    )
    if not rules.may_book_for(request.user, booking.employee):
        raise Http404
    return booking


def _after_change(request, booking):
    if request.POST.get("next") == "team":
        return redirect("classroom:team_bookings")
    return _back_to_course(booking.session)


@login_required
@require_POST
def cancel(request, booking_id):
    booking = _own_or_team_booking(request, booking_id)
    try:
        bookings.booking_cancel(booking=booking, cancelled_by=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The booking is cancelled."))
    return _after_change(request, booking)


@login_required
@require_POST
def move(request, booking_id):
    booking = _own_or_team_booking(request, booking_id)
    wanted = request.POST.get("session", "")
    target = (
        Session.objects.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    )
    if target is None:
        messages.error(request, _("Choose the session to move to."))
        return _after_change(request, booking)
    try:
        booking = bookings.booking_move(
            booking=booking, to_session=target, moved_by=request.user
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The booking is moved."))
    return _after_change(request, booking)


def _bookable_sessions():
    return (
        selectors.with_times(
            Session.objects.filter(
                closed_at__isnull=True, cancelled_at__isnull=True, course__live=True
            )
        )
        .filter(starts_at__gt=timezone.now())
        .order_by("starts_at", "pk")
    )


@login_required
def team_bookings(request):
    if not (access.is_manager(request.user) or access.is_administrator(request.user)):
        raise PermissionDenied
    form = CrewBookingForm(request.POST or None, sessions=_bookable_sessions())
    if request.method == "POST" and form.is_valid():
        team = access.team_to_act_for(request.user)
        numbers = form.cleaned_data["employee_numbers"]
        # Case-insensitive, as the roster treats employee numbers.
        matching = Q(*[Q(employee_number__iexact=n) for n in numbers], _connector="OR")
        found = {e.employee_number.lower(): e for e in team.filter(matching)}
        session = form.cleaned_data["session"]
        for number in numbers:
            employee = found.get(number.lower())
            if employee is None:
                messages.error(
                    request,
                    _("%(number)s: no one on your team has this employee number.")
                    % {"number": number},
                )
                continue
            try:
                booking = bookings.session_book(
                    session=session, employee=employee, booked_by=request.user
                )
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(
                    request,
                    _("%(name)s: %(status)s.")
                    % {
                        "name": employee.full_name,
                        "status": booking.get_status_display(),
                    },
                )
        return redirect("classroom:team_bookings")
    return render(
        request,
        "classroom/team_bookings.html",
        {
            "form": form,
            "bookings": selectors.bookings_of_team(user=request.user)[:200],
            "sessions": _bookable_sessions(),
        },
    )


@login_required
@require_GET
def my_sessions(request):
    sessions = selectors.sessions_run_by(user=request.user)
    if not (request.user.has_perm("classroom.take_attendance") or sessions.exists()):
        raise PermissionDenied
    return render(request, "classroom/my_sessions.html", {"sessions": sessions[:200]})


def _session_to_run(request, session_id):
    session = get_object_or_404(Session.objects.select_related("course"), pk=session_id)
    if not rules.may_run(request.user, session):
        raise PermissionDenied(_("Only the session's trainer may take attendance."))
    return session


@login_required
def roll_call(request, session_id):
    session = _session_to_run(request, session_id)
    if request.method == "POST":
        marks = {}
        for key, value in request.POST.items():
            if key.startswith("attendance-"):
                try:
                    marks[int(key.removeprefix("attendance-"))] = value
                except ValueError:
                    continue
        try:
            changed = attendance.attendance_mark(
                session=session, marks=marks, marked_by=request.user
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request, _("Saved (%(count)d changed).") % {"count": changed}
            )
        return redirect("classroom:roll_call", session.pk)
    return render(
        request,
        "classroom/roll_call.html",
        {
            "session": selectors.session_with_times(session.pk),
            "roll": selectors.roll(session=session),
            "choices": Attendance.choices,
            "walk_in_form": WalkInForm(),
        },
    )


def _find_on_roster(who):
    """One active employee by number, or by 'first last' name; else a message."""
    who = " ".join(who.split())
    by_number = Employee.objects.filter(active=True, employee_number__iexact=who)
    if by_number.exists():
        return by_number.get(), None
    first, _space, last = who.partition(" ")
    by_name = list(
        Employee.objects.filter(
            active=True, first_name__iexact=first, last_name__iexact=last
        )[:2]
    )
    if len(by_name) == 1:
        return by_name[0], None
    if by_name:
        return None, _("Several employees are called %(who)s; use the employee number.")
    return None, _("No active employee has the number or name %(who)s.")


@login_required
@require_POST
def walk_in(request, session_id):
    session = _session_to_run(request, session_id)
    form = WalkInForm(request.POST)
    if form.is_valid():
        employee, problem = _find_on_roster(form.cleaned_data["who"])
        if employee is None:
            messages.error(request, problem % {"who": form.cleaned_data["who"]})
        else:
            try:
                attendance.walk_in_add(
                    session=session, employee=employee, added_by=request.user
                )
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(
                    request,
                    _("%(name)s added as present.") % {"name": employee.full_name},
                )
    else:
        messages.error(request, _("Give an employee number or a name."))
    return redirect("classroom:roll_call", session.pk)


@login_required
@require_POST
def close(request, session_id):
    session = _session_to_run(request, session_id)
    try:
        counts = attendance.session_close(session=session, closed_by=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _(
                "Session closed: %(present)d present, %(partial)d partly, "
                "%(absent)d absent; %(completed)d completed the course "
                "(%(assigned)d of them assigned it first)."
            )
            % counts,
        )
    return redirect("classroom:roll_call", session.pk)


@login_required
@require_GET
def check_in_code(request, session_id):
    session = _session_to_run(request, session_id)
    url = request.build_absolute_uri(
        reverse("classroom:check_in", args=[attendance.check_in_token(session)])
    )
    return render(
        request,
        "classroom/check_in_code.html",
        {
            "session": selectors.session_with_times(session.pk),
            "url": url,
            "qr": qr.png_data_uri(url, box_size=10),
        },
    )


@login_required
def check_in(request, token):
    """GET shows what the scan is for; the POST checks in (a GET never writes)."""
    try:
        session = attendance.session_of_token(token)
    except ValidationError as error:
        return render(
            request, "classroom/check_in.html", {"errors": error.messages}, status=400
        )
    context = {
        "session": selectors.session_with_times(session.pk),
        "acknowledgements": selectors.acknowledgements(course=session.course),
    }
    if request.method == "POST":
        ticked = request.POST.getlist("acknowledged")
        context["ticked"] = set(ticked)
        try:
            booking = attendance.check_in(
                token=token, user=request.user, acknowledged_ids=ticked
            )
        except ValidationError as error:
            context["errors"] = error.messages
            return render(request, "classroom/check_in.html", context, status=400)
        context["booking"] = booking
    return render(request, "classroom/check_in.html", context)


@login_required
@require_GET
def sign_in_sheet(request, session_id):
    session = _session_to_run(request, session_id)
    context = {
        "session": selectors.session_with_times(session.pk),
        "roll": selectors.roll(session=session).filter(status=BookingStatus.BOOKED),
        "acknowledgements": selectors.acknowledgements(course=session.course),
    }
    response = HttpResponse(
        render_pdf("classroom/sign_in_sheet.html", context),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = (
        f'inline; filename="sign-in-sheet-{session.sheet_code}.pdf"'
    )
    return response


@login_required
def sheet_upload(request, session_id):
    session = _session_to_run(request, session_id)
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        result = sheets.sheet_import(
            session=session,
            data=form.cleaned_data["file"].read(),
            uploaded_by=request.user,
        )
        if result.ok:
            messages.success(
                request,
                ngettext(
                    "Sheet recorded for %(marked)d person (%(walk_ins)d walk-ins); "
                    "%(acknowledged)d signed the acknowledgements.",
                    "Sheet recorded for %(marked)d people (%(walk_ins)d walk-ins); "
                    "%(acknowledged)d signed the acknowledgements.",
                    result.marked,
                )
                % {
                    "marked": result.marked,
                    "walk_ins": result.walk_ins,
                    "acknowledged": result.acknowledged,
                },
            )
            return redirect("classroom:roll_call", session.pk)
        problems = [str(problem) for problem in result.problems]
    return render(
        request,
        "classroom/sheet_upload.html",
        {"session": session, "form": form, "problems": problems},
        status=400 if problems else 200,
    )
