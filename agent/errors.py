"""The agent's exception tree, written once."""


class BiaswatchError(Exception):
    """Base class for errors the CLI reports without a traceback."""


class ConfigError(BiaswatchError):
    """The configuration is invalid; the message names the key (and line when known)."""


class UsageError(BiaswatchError):
    """The command line asks for something impossible."""


class StoppedWhileRetryingError(BiaswatchError):
    """Shutdown was asked for while a sink write was being retried; the batch stays uncommitted."""


class QueueSchemaError(BiaswatchError):
    """The SQLite queue file was written by another schema version; it must be migrated first."""


class HeadMismatchError(BiaswatchError):
    """The embedding head cannot be used with this model or these exemplars (or is not a head)."""
