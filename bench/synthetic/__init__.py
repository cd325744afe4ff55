"""The synthetic City for load tests: ``city`` builds it, ``python -m
bench.synthetic`` runs it. Importing this package loads no Django model, so
``__main__`` can set Django up first."""
