"""The gridgov command line."""
