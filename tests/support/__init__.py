"""Helpers shared by the test suites: real local services, free ports, process control."""
