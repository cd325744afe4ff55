"""xAPI: the only package that builds statements.

Apps above the core describe what happened with plain values
(:mod:`lms.xapi.activities`), call one builder per event
(:mod:`lms.xapi.statements`) and write the result to the outbox with
:func:`lms.xapi.outbox.record` inside their own transaction. The
``forward_xapi`` command later delivers the outbox to the external LRS.
"""
