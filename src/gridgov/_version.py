"""The single source of gridgov's version (read by hatchling and ``__version__``)."""

__version__ = "0.1.0.dev0"
