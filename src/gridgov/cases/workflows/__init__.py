"""The built-in case workflows, as TOML files (see gridgov.io.workflows)."""

__all__: list[str] = []  # a data package: its files, no Python names
