"""Offline tooling that ships with biaswatch but stays out of the runtime import path: the synthetic
traffic generator, the demo, detector evaluation and training, and the replay report. Only the CLI's
offline subcommands (generate, demo, eval, train-detector, replay) import it, so `biaswatch run` loads
none of this code; a test checks that."""
