"""YAML for the bundled data files, parsed and dumped by libyaml when PyYAML was built with it.

Every command parses the lexicons and exemplars at start (about 300 KB of YAML) and dumps the
lexicons again for their version digests; PyYAML's pure-Python parser and emitter spent most of a
second of CPU on that, libyaml about a tenth, with the same objects and the same text for these
files (tests/test_yamlload.py compares them). Without libyaml it falls back to the pure-Python
safe loader and dumper.
"""

from __future__ import annotations

from typing import IO, Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream: str | bytes | IO[str] | IO[bytes]) -> Any:
    """`yaml.safe_load`, through libyaml when available."""
    return yaml.load(stream, Loader=_LOADER)


_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def digest_text(data: Any) -> str:
    """`yaml.safe_dump(data, sort_keys=True)` (the text the lexicons' version digests hash), by libyaml."""
    out: str = yaml.dump(data, Dumper=_DUMPER, sort_keys=True)
    return out
