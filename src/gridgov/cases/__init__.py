"""gridgov.cases (see DESIGN.md)."""
