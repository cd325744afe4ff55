"""Calendar invitations (RFC 5545 iCalendar), written by hand: a few lines.

One VEVENT per part of the session. Each event's UID is fixed by the booking
and the part, so a later message (a cancellation, ``METHOD:CANCEL``) with the
same UID and a higher SEQUENCE updates the event the calendar already holds.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

PRODUCT = "-//City of Los Angeles//Staff Training LMS//EN"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


def _text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 section 3.3.11 asks."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next with a leading space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return [line]
    pieces, current = [], ""
    for character in line:
        limit = 75 if not pieces else 74
        if len((current + character).encode("utf-8")) > limit:
            pieces.append(current)
            current = character
        else:
            current += character
    pieces.append(current)
    return [pieces[0], *(" " + piece for piece in pieces[1:])]


def event_uid(booking, part_number: int) -> str:
    # The domain of the sender's address makes the UID globally unique.
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "lms"
    return f"{booking.uuid}-{booking.session.uuid}-{part_number}@{domain}"


def invitation(
    *,
    booking,
    parts,
    method: str,
    sequence: int,
    organizer_email: str,
    summary: str,
    description: str = "",
    url: str = "",
) -> bytes:
    """The ``.ics`` of ``booking``'s session: ``REQUEST`` or ``CANCEL``."""
    session = booking.session
    stamp = _utc(timezone.now())
    attendee = booking.employee.work_email
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
    ]
    for number, part in enumerate(parts, start=1):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event_uid(booking, number)}",
            f"SEQUENCE:{sequence}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(part.starts_at)}",
            f"DTEND:{_utc(part.ends_at)}",
            f"SUMMARY:{_text(summary)}",
            f"ORGANIZER:mailto:{organizer_email}",
        ]
        if attendee:
            lines.append(
                f"ATTENDEE;CN={_text(booking.employee.full_name)};ROLE=REQ-PARTICIPANT:"
                f"mailto:{attendee}"
            )
        if session.where:
            lines.append(f"LOCATION:{_text(session.where)}")
        if description:
            lines.append(f"DESCRIPTION:{_text(description)}")
        if url:
            lines.append(f"URL:{url}")
        lines.append("STATUS:CANCELLED" if method == CANCEL else "STATUS:CONFIRMED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    folded = [piece for line in lines for piece in _fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")
