"""gridgov.visits (see DESIGN.md)."""
