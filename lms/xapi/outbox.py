"""The transactional outbox: statements saved with the event they record.

CONTRACT: ``record(statement, *, employee)`` saves one built statement as a
pending row in the current database transaction and returns the row. It never
touches the network; ``forward_xapi`` delivers pending rows later.
"""


def record(statement, *, employee):
    raise NotImplementedError
