"""Executive Directive 20 treats status and origin data as PII the City does not
collect: no installed model may have a field for it."""

import re

from django.apps import apps

FORBIDDEN = re.compile(
    r"citizen|immigra|national_?origin|nationality|country_?of_?birth|birth_?country"
    r"|birth_?place|ethnic|(?:^|_|\s)race(?:_|\s|$)|religio|faith|(?:^|_)visa"
    r"|alien|(?:^|_)a_?number(?:_|$)|passport",
    re.IGNORECASE,
)


def forbidden_fields():
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            texts = [field.name, str(getattr(field, "verbose_name", ""))]
            if any(FORBIDDEN.search(text) for text in texts):
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_no_model_stores_status_origin_ethnicity_or_religion():
    assert forbidden_fields() == []


def test_the_check_recognises_a_forbidden_field():
    # Guard against a check that cannot fail: a throwaway model with such a field
    # must be caught by the same pattern.
    from django.db import models

    class Probe(models.Model):  # noqa: DJ008
        immigration_status = models.CharField(max_length=10)
        country_of_birth = models.CharField(max_length=10)

        class Meta:
            app_label = "lms"
            managed = False

    try:
        assert "lms.Probe.immigration_status" in forbidden_fields()
        assert "lms.Probe.country_of_birth" in forbidden_fields()
    finally:
        apps.all_models["lms"].pop("probe", None)
        apps.clear_cache()
