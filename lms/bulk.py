"""Inserting tens of thousands of rows without building a model instance each.

``bulk_create`` prepares every value of every row through the field that holds
it and builds a model instance per row; for a City-sized roster (60,000
employees, 140,000 course assignments) that is most of the import's time. When
most columns hold the same value in every row (the course, the due date, who
assigned), ``insert_rows`` prepares those once and sends plain tuples with one
``executemany`` per batch. It bypasses ``save()``, signals and Python-side
defaults, so the caller gives every column that is not nullable, and validates
the values first (``full_clean()`` on one representative row, say).
"""

from django.db import connections, models, router

BATCH = 5000
PLAIN_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "EmailField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveIntegerField",
        "SlugField",
        "TextField",
    }
)


def insert_rows(model, *, constants, columns, rows, batch_size=BATCH) -> int:
    """INSERT one row per tuple in ``rows``; returns how many.

    ``constants`` maps field names to the value every row shares; ``columns``
    names the fields whose values each tuple in ``rows`` gives, in that order.
    """
    using = router.db_for_write(model)
    connection = connections[using]
    meta = model._meta
    shared = [(meta.get_field(name), value) for name, value in constants.items()]
    varying = [meta.get_field(name) for name in columns]
    shared_values = tuple(
        field.get_db_prep_save(
            value.pk if isinstance(value, models.Model) else value, connection
        )
        for field, value in shared
    )
    # Integers, text and booleans go to the database driver as they are; dates,
    # times and UUIDs through their field, as the database stores them.
    conversions = [
        (position, field.get_db_prep_save)
        for position, field in enumerate(varying)
        if field.get_internal_type() not in PLAIN_TYPES
    ]
    names = [field.column for field, _value in shared] + [f.column for f in varying]
    quote = connection.ops.quote_name
    # Only names from the model's own metadata, quoted, go into the SQL; every
    # value is a parameter.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(meta.db_table),
        ", ".join(quote(name) for name in names),
        ", ".join(["%s"] * len(names)),
    )
    count = 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = []
            for row in rows[start : start + batch_size]:
                if conversions:
                    row = list(row)
                    for position, prepare in conversions:
                        row[position] = prepare(row[position], connection)
                batch.append(shared_values + tuple(row))
            if connection.vendor == "postgresql":
                # COPY: PostgreSQL's own bulk load, one stream per batch rather
                # than a round trip per row.
                copy_sql = "COPY {} ({}) FROM STDIN".format(
                    quote(meta.db_table), ", ".join(quote(name) for name in names)
                )
                with cursor.cursor.copy(copy_sql) as copy:
                    for values in batch:
                        copy.write_row(values)
            else:
                cursor.executemany(sql, batch)
            count += len(batch)
    return count
