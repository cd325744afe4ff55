"""Argument types shared by management commands."""

import argparse
from datetime import date


def iso_date(value):
    """``--date 2026-01-31``; argparse turns the error into a clear usage message."""
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"must look like 2026-01-31, not {value!r}"
        ) from error
