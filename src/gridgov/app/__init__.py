"""gridgov.app (see DESIGN.md)."""
