"""gridgov.points (see DESIGN.md)."""
