"""
Collection rules for the web example.

``app.py`` holds no doctests and imports Starlette, which only the ``test``
extra installs: it is loaded by ``test_web.py`` (which skips without
Starlette) and by docs/_web_example.md, never collected on its own.
"""

collect_ignore = ["app.py"]
