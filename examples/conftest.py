"""
Collection rules for the examples.

Every example folder has a ``run.py`` (and some a ``generate.py``); under
``--doctest-modules`` pytest would import them all as the one module ``run``
and stop with an import-file mismatch. The scripts hold no doctests: each
folder's test loads its own script under a unique module name instead.
"""

collect_ignore_glob = ["*/run.py", "*/generate.py"]
