"""The agent's exception tree, written once."""


class BiaswatchError(Exception):
    """Base class for errors the CLI reports without a traceback."""


class ConfigError(BiaswatchError):
    """The configuration is invalid; the message names the key (and line when known)."""


class UsageError(BiaswatchError):
    """The command line asks for something impossible."""


class StoppedWhileRetryingError(BiaswatchError):
    """Shutdown was asked for while a sink write was being retried; the batch stays uncommitted."""


class QueueSchemaError(BiaswatchError, RuntimeError):
    """The SQLite queue file has a schema this agent cannot use (e.g. written by a newer agent).
    Also a RuntimeError: callers that caught the RuntimeError raised before keep working."""


class HeadMismatchError(BiaswatchError):
    """The embedding head cannot be used with this model or these exemplars (or is not a head)."""
