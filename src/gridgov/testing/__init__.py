"""
gridgov's shipped test kit (install the ``testing`` extra).

* `gridgov.testing.strategies`: Hypothesis strategies for every model type and
  for whole townships and rosters (`township_specs`, `rosters`).
* `gridgov.testing.journal_contract`: the contract suite every journal store passes.

Importing this package imports nothing heavy; Hypothesis is imported by the
modules that need it, which raise `gridgov.errors.MissingExtraError` without it.
"""
