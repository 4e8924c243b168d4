"""Where records come from. Every source yields Records with a position and is told when they are durable."""

from agent.sources.base import Record, Source

__all__ = ["Record", "Source"]
