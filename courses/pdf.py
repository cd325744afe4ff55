"""Pages as PDF, drawn by xhtml2pdf (pure Python, no browser on the server)."""

from io import BytesIO

from xhtml2pdf import pisa

from django.template.loader import render_to_string


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(template, context)
    output = BytesIO()
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8")
    if result.err:
        raise RuntimeError(f"xhtml2pdf could not render {template}.")
    return output.getvalue()
