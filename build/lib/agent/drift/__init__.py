"""Bias drift: windows, baselines, two-sample tests, scheduling, reports."""
