"""Kafka plumbing shared by the Kafka source and sinks: client options (security, group instance id),
the offset committer that commits only what the pipeline has made durable, and the assembly that wires a
Kafka source, flag sink and dead-letter sink into a run. The source and sinks themselves live in
agent/sources/kafka.py and agent/sinks/kafka.py beside the other sources and sinks; their metric families
are declared in agent/metrics/kafka.py. kafka-python is imported only when a Kafka section is configured."""
