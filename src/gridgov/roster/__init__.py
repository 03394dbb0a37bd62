"""gridgov.roster (see DESIGN.md)."""
