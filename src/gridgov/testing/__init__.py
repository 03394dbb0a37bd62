"""gridgov.testing (see DESIGN.md)."""
