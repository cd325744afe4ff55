"""Validating rows a service builds from what it has just read."""


def check_fields(row):
    """``full_clean`` without its queries: each field's own rules and the model's
    ``clean()``, but no lookup per foreign key (the related rows were read in
    the caller's transaction) and none per unique field or constraint (the
    database's constraints refuse a duplicate).

    For the learner's hot paths, where ``full_clean`` would otherwise cost a
    query per relation on every answer and every module done.
    """
    relations = [field.name for field in row._meta.concrete_fields if field.is_relation]
    row.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
