"""PII and secret redaction: find emails, phone numbers, cards, IBANs, IPs, credentialed URLs, keys and
custom patterns in text and replace them with typed placeholders (`<EMAIL>`), keeping a map from the
original offsets to the redacted ones so evidence spans can be moved or dropped.

Matching is regular expressions plus validators: `phonenumbers` (lite build, offline metadata) for
phone numbers in international and national formats, python-stdnum for IBAN checksums and Luhn,
`ipaddress` for addresses. Overlapping matches resolve to the longest (then the earlier type in
`TYPES`), so an IBAN is never half-replaced as a phone number.
"""

from __future__ import annotations

import ipaddress
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import phonenumbers
from stdnum import iban, luhn

from agent.config import RedactionConfig

# Built-in types; on overlaps of equal length the validated types beat the generic secret shapes.
TYPES = ("URL", "EMAIL", "IBAN", "CARD", "IP", "SECRET", "PHONE")

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"(?:@|\s?\[at\]\s?|\s?\(at\)\s?)"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.|\s?\[dot\]\s?|\s?\(dot\)\s?))+[A-Za-z]{2,24}\b",
    re.IGNORECASE,
)
# 13-19 digits, optionally grouped by single spaces or dashes; Luhn decides.
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b", re.IGNORECASE)
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]*\d)")
_IPV6 = re.compile(r"(?<![0-9A-Fa-f:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{0,4}|(?:\d{1,3}\.){3}\d{1,3})(?:%\w+)?")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]{1,15}://[^\s<>\"']+", re.IGNORECASE)
_URL_USERINFO = re.compile(r"^[a-z][a-z0-9+.-]*://[^/@\s]+@", re.IGNORECASE)
# A parameter whose name is, or ends in, a credential word: `api_key`, `X-Amz-Signature`, `code`;
# not `keyword` or `sigma`.
_SECRET_PARAM = re.compile(
    r"[?&#;](?:[a-z0-9_.-]*[_.-])?(?:token|secret|key|apikey|sig|signature|password|passwd|pwd|auth|session|"
    r"sessionid|sid|credential|credentials|code|jwt)=[^&#\s]+",
    re.IGNORECASE,
)
# Shapes published by the issuers; each is specific enough to need no entropy test.
_KEY_SHAPES = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|\Z)"
    r"|\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[A-Z0-9]{16}\b"
    r"|\bgh[pousr]_[A-Za-z0-9]{30,}\b|\bgithub_pat_[A-Za-z0-9_]{40,}\b"
    r"|\bglpat-[A-Za-z0-9_-]{20}\b"
    r"|\bxox[abposr]-[A-Za-z0-9-]{10,}\b"
    r"|\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b"
    r"|\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}\b"
    r"|\bAIza[0-9A-Za-z_-]{35}\b"
    r"|\bhf_[A-Za-z0-9]{30,}\b"
    r"|\bnpm_[A-Za-z0-9]{36}\b"
    r"|\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"
    r"|\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}"
)
# `password: hunter2`, `api_key="..."`, `Authorization: Bearer ...`: the value is the secret.
_ASSIGNED = re.compile(
    r"(?P<name>\b(?:[a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|"
    r"client[_-]?secret)[a-z0-9_.-]*|authorization)\b[\"']?\s*[:=]\s*(?:bearer\s+|basic\s+)?)"
    r"(?P<value>[\"']?[^\s\"',;]{6,}[\"']?)",
    re.IGNORECASE,
)
_BEARER = re.compile(r"\bbearer\s+(?P<value>[A-Za-z0-9._~+/=-]{16,})", re.IGNORECASE)
_TOKEN = re.compile(r"(?<![A-Za-z0-9_+/=-])[A-Za-z0-9_+/=-]{12,}(?![A-Za-z0-9_+/=-])")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
# "+44 (0)20 7946 0958", "+1-202-555-0143": anything written internationally with 8-15 digits.
_PHONE_CANDIDATE = re.compile(r"\(?\d[\d\s().-]{4,22}\d")
# Dates, decimals and version-like numbers that a lenient reading could take for a local number.
_NOT_A_PHONE = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$|\d+\.\d+$)")
_INTL_PHONE = re.compile(r"(?<![\w+])(?:\+|00)\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,7}(?!\d)")

# Gates: what a text must contain for a pattern to match at all (each pattern needs a substring
# one of these finds, under the same flags), checked first because most stored text is prose with
# none of them, and the patterns cost tens of microseconds a text each. Keep them in step with the
# patterns: tests/test_redact.py runs every corpus item through the gated and ungated paths.
_DIGIT = re.compile(r"\d")  # cards, IBANs, IPv4, phones, and the random tokens (which need a digit)
_EMAIL_GATE = re.compile(r"@|\[at\]|\(at\)", re.IGNORECASE)
_URL_GATE = "://"
# One literal of each alternative of _KEY_SHAPES, case-sensitive as it is.
_KEY_GATE = re.compile(
    "|".join(
        re.escape(literal)
        for literal in (
            "-----BEGIN ",
            *("AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA"),
            *(f"gh{c}_" for c in "pousr"),
            "github_pat_",
            "glpat-",
            *(f"xox{c}-" for c in "abposr"),
            "_live_",
            "_test_",
            "sk-",
            "AIza",
            "hf_",
            "npm_",
            "eyJ",
            "SG.",
        )
    )
)
# _ASSIGNED needs `:` or `=` and one of its credential words ("pass" covers password and passwd).
_ASSIGNED_GATE = re.compile(r"pass|pwd|secret|token|key|authorization", re.IGNORECASE)

# Short texts found clean are remembered: a flag carries many (metadata values, each evidence's
# axis and group, "biased"), the same few again and again, and each cost a full `find`. A
# redaction depends on the text alone, so a remembered text needs no second look; only clean
# texts are kept, so the memo never holds what the redactor would have removed.
_CLEAN_MAX_CHARS = 64
_CLEAN_ENTRIES = 4096


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    type: str


@dataclass(frozen=True, slots=True)
class Redacted:
    """Redacted text, what was replaced, and the offset map from the original."""

    text: str
    matches: tuple[Match, ...]
    # Placeholder start in the redacted text, per match.
    _new_starts: tuple[int, ...] = ()

    @property
    def counts(self) -> Counter[str]:
        return Counter(m.type for m in self.matches)

    def map_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The span in the redacted text, or None when it overlaps removed text."""
        starts = [m.start for m in self.matches]
        i = bisect_right(starts, start) - 1
        for m in self.matches[max(i, 0) :]:
            if m.start >= end:
                break
            if m.end > start:
                return None
        shift = 0
        for m, new_start in zip(self.matches, self._new_starts, strict=True):
            if m.end > start:
                break
            shift = (new_start + len(_placeholder(m.type))) - m.end
        return start + shift, end + shift


def _placeholder(kind: str) -> str:
    return f"<{kind}>"


def shannon_bits(token: str) -> float:
    n = len(token)
    return -sum(c / n * math.log2(c / n) for c in Counter(token).values())


class Redactor:
    """Configured once; `redact` is thread-safe (no state beyond compiled patterns)."""

    def __init__(self, config: RedactionConfig | None = None) -> None:
        self.config = config or RedactionConfig()
        self.enabled = self.config.enabled
        self.types = frozenset(self.config.types)
        self.custom = [(c.name, re.compile(c.pattern)) for c in self.config.custom]
        self.regions = [r.upper() for r in self.config.phone_regions]
        self.all_types = tuple(t for t in TYPES if t in self.types) + tuple(n for n, _ in self.custom)
        self._clean: set[str] = set()

    # --- finding -------------------------------------------------------------------------------

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches, in order."""
        if not text:
            return []
        found: list[Match] = []
        for name, pattern in self.custom:
            found.extend(Match(m.start(), m.end(), name) for m in pattern.finditer(text) if m.end() > m.start())
        t = self.types
        digits = _DIGIT.search(text) is not None
        if "SECRET" in t:
            found.extend(self._secrets(text, digits))
        if "URL" in t and _URL_GATE in text:
            found.extend(self._urls(text))
        if "EMAIL" in t and _EMAIL_GATE.search(text) is not None:
            found.extend(Match(m.start(), m.end(), "EMAIL") for m in _EMAIL.finditer(text))
        if "IBAN" in t and digits:
            found.extend(self._ibans(text))
        if "CARD" in t and digits:
            found.extend(
                Match(m.start(), m.end(), "CARD")
                for m in _CARD.finditer(text)
                if luhn.is_valid(re.sub(r"\D", "", m.group()))
            )
        if "IP" in t:
            found.extend(self._ips(text, digits))
        if "PHONE" in t and digits:
            found.extend(self._phones(text, found))
        return _resolve(found, self.all_types)

    def _secrets(self, text: str, digits: bool = True) -> Iterable[Match]:
        if _KEY_GATE.search(text) is not None:
            for m in _KEY_SHAPES.finditer(text):
                yield Match(m.start(), m.end(), "SECRET")
        if ("=" in text or ":" in text) and _ASSIGNED_GATE.search(text) is not None:
            for m in _ASSIGNED.finditer(text):
                yield Match(m.start("value"), m.end("value"), "SECRET")
        for m in _BEARER.finditer(text):
            yield Match(m.start("value"), m.end("value"), "SECRET")
        if not digits:
            return  # a random token must hold a digit (`_looks_random`)
        min_len = self.config.entropy_min_length
        for m in _TOKEN.finditer(text):
            tok = m.group()
            if len(tok) >= min_len and self._looks_random(tok):
                yield Match(m.start(), m.end(), "SECRET")

    def _looks_random(self, tok: str) -> bool:
        if _UUID.match(tok) or not any(c.isdigit() for c in tok) or not any(c.isalpha() for c in tok):
            return False
        bits = shannon_bits(tok)
        if re.fullmatch(r"[0-9a-fA-F]+", tok):
            # Hex carries at most 4 bits a character; random hex of this length sits near 3.7.
            return bits >= min(self.config.entropy_bits_per_char, 3.3)
        return bits >= self.config.entropy_bits_per_char

    def _urls(self, text: str) -> Iterable[Match]:
        for m in _URL.finditer(text):
            url = m.group().rstrip(".,;:!?)]}")
            if _URL_USERINFO.match(url) or _SECRET_PARAM.search(url):
                yield Match(m.start(), m.start() + len(url), "URL")

    def _ibans(self, text: str) -> Iterable[Match]:
        for m in _IBAN.finditer(text):
            raw = m.group()
            # The pattern is greedy over groups of 4; trim trailing groups until the checksum holds.
            for end in range(len(raw), 14, -1):
                cand = raw[:end]
                # The IBAN checksum and length only: national check digits inside the BBAN vary by bank
                # and a miss there must not leave an account number in storage.
                if cand[-1] != " " and iban.is_valid(cand, check_country=False):
                    yield Match(m.start(), m.start() + end, "IBAN")
                    break

    def _ips(self, text: str, digits: bool = True) -> Iterable[Match]:
        for m in _IPV4.finditer(text) if digits else ():
            try:
                v4 = ipaddress.IPv4Address(m.group())
            except ValueError:
                continue
            # Loopback and unspecified addresses name no one; log lines about local brokers keep them.
            if not (v4.is_loopback or v4.is_unspecified):
                yield Match(m.start(), m.end(), "IP")
        for m in _IPV6.finditer(text) if text.count(":") >= 2 else ():
            raw = m.group()
            addr = raw.split("%", 1)[0]
            if addr.count(":") < 2 or len(addr) < 3:
                continue
            try:
                v6 = ipaddress.IPv6Address(addr)
            except ValueError:
                continue
            if not (v6.is_loopback or v6.is_unspecified):
                yield Match(m.start(), m.end(), "IP")

    def _phones(self, text: str, found: Sequence[Match]) -> Iterable[Match]:
        for m in _INTL_PHONE.finditer(text):
            digits = sum(c.isdigit() for c in m.group())
            if 8 <= digits <= 15:
                yield Match(m.start(), m.end(), "PHONE")
        # libphonenumber's matcher costs about a millisecond per region and text; it only sees runs of
        # digits long enough to be a number and not already claimed by a card, IBAN or address.
        for cand in _PHONE_CANDIDATE.finditer(text):
            start, end = cand.span()
            if sum(c.isdigit() for c in cand.group()) < 6 or _NOT_A_PHONE.match(cand.group()):
                continue
            if any(f.start <= start and end <= f.end for f in found):
                continue
            # Context either side lets the matcher see a time after a date ("2026-12-05 01:08").
            lo, hi = max(0, start - 4), min(len(text), end + 4)
            window = text[lo:hi]
            for region in self.regions:
                hits = list(phonenumbers.PhoneNumberMatcher(window, region, leniency=phonenumbers.Leniency.VALID))
                for pm in hits:
                    yield Match(lo + pm.start, lo + pm.end, "PHONE")
                if any(lo + pm.start <= start and end <= lo + pm.end for pm in hits):
                    break

    # --- replacing -----------------------------------------------------------------------------

    def redact(self, text: str) -> Redacted:
        if not self.enabled:
            return Redacted(text, ())
        short = len(text) <= _CLEAN_MAX_CHARS
        if short and text in self._clean:
            return Redacted(text, ())
        red = self._redact(text)
        if short and not red.matches:
            if len(self._clean) >= _CLEAN_ENTRIES:
                self._clean.clear()  # bounded; clearing follows a stream whose values drift
            self._clean.add(text)
        return red

    def _redact(self, text: str) -> Redacted:
        matches = self.find(text)
        if not matches:
            return Redacted(text, ())
        parts: list[str] = []
        new_starts: list[int] = []
        last = 0
        at = 0
        for m in matches:
            parts.append(text[last : m.start])
            at += m.start - last
            new_starts.append(at)
            ph = _placeholder(m.type)
            parts.append(ph)
            at += len(ph)
            last = m.end
        parts.append(text[last:])
        return Redacted("".join(parts), tuple(matches), tuple(new_starts))

    def text(self, text: str) -> str:
        return self.redact(text).text


def _resolve(found: Sequence[Match], order: Sequence[str]) -> list[Match]:
    """Longest match wins where matches overlap; on equal length, the type listed first."""
    rank = {t: i for i, t in enumerate(order)}
    chosen: list[Match] = []
    for m in sorted(found, key=lambda m: (-(m.end - m.start), rank.get(m.type, len(rank)), m.start)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)
