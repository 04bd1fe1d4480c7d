"""A test-only app whose one model carries the incoming document's row of the
design table, so the policy's every role × scope × clearance case is testable
before the documents app exists (installed by tests/settings.py only)."""
