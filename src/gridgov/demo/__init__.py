"""
The demo (演示): a seeded month of grid work on the sample township.

At the edge beside the command line (``gridgov demo``): it drives the
Workspace as an application would, through its commands, and is what the
docs, the notebook tour and the tests use to play a month in a second.
`simulate_month` is in `gridgov.demo.month`.
"""

from gridgov.demo.month import DemoStats, simulate_month

__all__ = ["DemoStats", "simulate_month"]
