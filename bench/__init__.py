"""Benchmarks: each prints figures; none is a test and none asserts on time."""
