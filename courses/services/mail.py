"""Courses' emails to people: one text and one HTML template per kind."""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def site_url(path: str) -> str:
    return urljoin(settings.WAGTAILADMIN_BASE_URL, path)


def send(*, subject, to, template, context):
    text = render_to_string(f"courses/email/{template}.txt", context)
    html = render_to_string(f"courses/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    message.attach_alternative(html, "text/html")
    message.send()
