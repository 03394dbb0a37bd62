"""gridgov.flow (see DESIGN.md)."""
