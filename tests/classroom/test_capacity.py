"""No overbooking when two people take the last seat at the same moment.

Each booking runs in its own thread, so on its own database connection. The
first holds its transaction open after booking the last seat while the second
books: on PostgreSQL the second waits on the session row's lock, on SQLite on
the write lock of its IMMEDIATE transaction, and then finds the seat taken.
Run on PostgreSQL with DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db>.
"""

import threading
import time

import pytest

from django.db import connection, connections, transaction

from classroom.models import Booking, BookingStatus
from classroom.services import bookings
from lms import roles
from tests.classroom.factories import SessionFactory
from tests.lms.factories import make_user

# Serialized rollback: the flush after each test would otherwise take the
# Wagtail root page and the role groups that migrations made.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _in_thread(target, results, key):
    def run():
        try:
            results[key] = target()
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[key] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_two_simultaneous_bookings_of_the_last_seat_give_one_seat():
    session = SessionFactory(capacity=1)
    first, second = make_user(roles.LEARNER), make_user(roles.LEARNER)
    first_booked = threading.Event()
    second_started = threading.Event()
    results = {}

    def book_and_hold():
        with transaction.atomic():
            booking = bookings.session_book(
                session=session, employee=first.employee, booked_by=first
            )
            first_booked.set()
            # Keep the seat uncommitted while the other booking tries.
            second_started.wait(5)
            time.sleep(0.5)
        return booking.status

    def book_meanwhile():
        first_booked.wait(5)
        second_started.set()
        return bookings.session_book(
            session=session, employee=second.employee, booked_by=second
        ).status

    threads = [
        _in_thread(book_and_hold, results, "first"),
        _in_thread(book_meanwhile, results, "second"),
    ]
    for thread in threads:
        thread.join(30)
    assert results == {
        "first": BookingStatus.BOOKED,
        "second": BookingStatus.WAITLISTED,
    }
    assert Booking.objects.filter(session=session, status="booked").count() == 1


def test_many_at_once_never_exceed_the_capacity():
    session = SessionFactory(capacity=3)
    users = [make_user(roles.LEARNER) for _ in range(8)]
    start = threading.Barrier(len(users))
    results = {}

    def booker(user):
        def book():
            start.wait(10)
            return bookings.session_book(
                session=session, employee=user.employee, booked_by=user
            ).status

        return book

    threads = [_in_thread(booker(user), results, user.pk) for user in users]
    for thread in threads:
        thread.join(60)
    statuses = sorted(results.values())
    assert statuses == [BookingStatus.BOOKED] * 3 + [BookingStatus.WAITLISTED] * 5, (
        connection.vendor,
        results,
    )
