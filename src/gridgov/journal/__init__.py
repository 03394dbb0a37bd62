"""gridgov.journal (see DESIGN.md)."""
