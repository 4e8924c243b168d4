"""Every Prometheus metric family biaswatch exports, declared in one place and grouped by concern:
pipeline (records, samples, flags, queue, build info), sampling, Kafka, drift and live disparity. Each
module declares its families on a registry passed in by the caller, so a run builds one
CollectorRegistry and injects it everywhere; names, labels and help text are a public contract that
dashboards and alerts depend on, so none is renamed."""

# `from agent.metrics import Metrics, ModelLabels` predates the package; keep it working.
from agent.metrics.pipeline import Metrics as Metrics
from agent.metrics.pipeline import ModelLabels as ModelLabels
