"""Working-day calendars (see DESIGN.md)."""
