"""The agent's exception tree, written once."""


class BiaswatchError(Exception):
    """Base class for errors the CLI reports without a traceback."""


class ConfigError(BiaswatchError):
    """The configuration is invalid; the message names the key (and line when known)."""


class UsageError(BiaswatchError):
    """The command line asks for something impossible."""


class StoppedWhileRetryingError(BiaswatchError):
    """Shutdown was asked for while a sink write was being retried; the batch stays uncommitted."""
