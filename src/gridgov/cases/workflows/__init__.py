"""The built-in case workflows, as TOML files (see gridgov.io.workflows)."""
