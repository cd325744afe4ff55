"""QR codes as data URIs, so a page or a PDF carries them with no extra request.

Drawn with ``qrcode`` (already installed for allauth's TOTP set-up) and Pillow.
"""

import base64
from io import BytesIO

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def png_data_uri(text: str, *, box_size: int = 6) -> str:
    # Medium error correction survives a crease or a smudge on a printed sheet.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(text)
    code.make(fit=True)
    buffer = BytesIO()
    code.make_image().save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
