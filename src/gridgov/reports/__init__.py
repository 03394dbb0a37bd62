"""gridgov.reports (see DESIGN.md)."""
