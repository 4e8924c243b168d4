"""Pure bias detectors for biaswatch: no I/O, no clocks, no metrics."""

from detectors.base import Batch, Detector, Evidence, Finding, TextSample

__all__ = ["Batch", "Detector", "Evidence", "Finding", "TextSample"]
