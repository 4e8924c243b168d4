"""An authored corpus of PII and secrets in varied formats, for the redaction leak tests.

Every value is synthetic: card numbers and IBANs are generated with valid checksums from a seeded
generator, phone numbers use numbering-plan example ranges, keys are random strings in the shapes
their issuers publish. `leaks(text)` lists the items whose value (or its digits/characters without
separators) still appears in a piece of stored or logged text.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass

CUSTOM_PATTERNS = [{"name": "EMPLOYEE_ID", "pattern": r"\bEMP-\d{6}\b"}, {"name": "TICKET", "pattern": r"\bINC\d{7}\b"}]


@dataclass(frozen=True)
class Item:
    kind: str
    value: str

    @property
    def compact(self) -> str:
        return re.sub(r"[\s().-]", "", self.value)


def _luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def _group(s: str, sizes: list[int], sep: str) -> str:
    out, at = [], 0
    for n in sizes:
        out.append(s[at : at + n])
        at += n
    if at < len(s):
        out.append(s[at:])
    return sep.join(out)


def _cards(rng: random.Random) -> list[Item]:
    kinds = [("4", 16), ("51", 16), ("55", 16), ("2221", 16), ("6011", 16), ("3528", 16), ("4", 13), ("34", 15)]
    kinds += [("37", 15), ("36", 14), ("4", 19)]
    out = []
    for i in range(48):
        prefix, length = kinds[i % len(kinds)]
        number = _luhn_complete(prefix, length, rng)
        style = i % 4
        if length == 15:
            sizes = [4, 6, 5]
        elif length == 14:
            sizes = [4, 6, 4]
        else:
            sizes = [4] * (length // 4)
        if style == 0:
            out.append(Item("CARD", number))
        elif style == 1:
            out.append(Item("CARD", _group(number, sizes, " ")))
        elif style == 2:
            out.append(Item("CARD", _group(number, sizes, "-")))
        else:
            out.append(Item("CARD", _group(number, sizes, " ")))
    return out


# Country: (length of the BBAN, its shape: n digit, a letter, c alphanumeric).
_IBAN_SHAPES = {
    "DE": "18n",
    "GB": "4a14n",
    "FR": "10n11c2n",
    "NL": "4a10n",
    "ES": "20n",
    "IT": "1a10n12c",
    "BE": "12n",
    "CH": "5n12c",
    "AT": "16n",
    "PL": "24n",
    "SE": "20n",
    "IE": "4a14n",
    "DK": "14n",
    "NO": "11n",
}


def _bban(shape: str, rng: random.Random) -> str:
    out = []
    for count, kind in re.findall(r"(\d+)([nac])", shape):
        pool = {"n": string.digits, "a": string.ascii_uppercase, "c": string.digits + string.ascii_uppercase}[kind]
        out.append("".join(rng.choice(pool) for _ in range(int(count))))
    return "".join(out)


def _iban(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    numeric = int("".join(str(int(ch, 36)) for ch in rearranged))
    return f"{country}{98 - numeric % 97:02d}{bban}"


def _ibans(rng: random.Random) -> list[Item]:
    out = []
    countries = list(_IBAN_SHAPES)
    for i in range(42):
        c = countries[i % len(countries)]
        iban = _iban(c, _bban(_IBAN_SHAPES[c], rng))
        if i % 3 == 1:
            iban = " ".join(iban[j : j + 4] for j in range(0, len(iban), 4))
        out.append(Item("IBAN", iban))
    return out


_PHONES = [
    "+1 (415) 555-2671",
    "+1-202-555-0143",
    "+1 212 736 5000",
    "(201) 555-0123",
    "201-555-0123",
    "201.555.0123",
    "+44 20 7946 0958",
    "+44 (0)20 7946 0958",
    "020 7946 0958",
    "07700 900123",
    "+44 7700 900123",
    "+49 30 901820",
    "0049 30 901820",
    "030 901820",
    "+49 151 23456789",
    "+33 6 12 34 56 78",
    "+33 1 23 45 67 89",
    "01 23 45 67 89",
    "06.12.34.56.78",
    "+91 98765 43210",
    "+91-98765-43210",
    "098765 43210",
    "+81 90-1234-5678",
    "+81 3-1234-5678",
    "03-1234-5678",
    "+61 412 345 678",
    "+61 2 9876 5432",
    "0412 345 678",
    "+55 (21) 98765-4321",
    "+55 11 2345-6789",
    "(11) 2345-6789",
    "+34 612 345 678",
    "+34 912 345 678",
    "+39 347 123 4567",
    "+39 06 1234 5678",
    "+31 6 12345678",
    "+31 20 123 4567",
    "+52 55 1234 5678",
    "+1 604 555 0199",
    "+353 87 123 4567",
    "+27 82 123 4567",
    "+82 10-1234-5678",
    "+86 139 1234 5678",
    "+971 50 123 4567",
    "+7 912 345-67-89",
    "+48 512 345 678",
    "+46 70 123 45 67",
    "+47 412 34 567",
    "+45 20 12 34 56",
    "+41 79 123 45 67",
    "+43 664 1234567",
    "+32 470 12 34 56",
    "+351 912 345 678",
    "+30 691 234 5678",
    "+90 532 123 45 67",
    "+62 812-3456-7890",
    "+63 917 123 4567",
    "+234 803 123 4567",
    "+20 100 123 4567",
    "+64 21 123 4567",
    "+1 (800) 555-0199",
    "+12025550143",
    "+447700900123",
    "+4915123456789",
]

_FIRST = ["amira", "jonas", "li.wei", "o'neil", "sofia_r", "k.tanaka", "marie-claire", "dev+alerts", "Ngozi.Obi", "x"]
_DOMAINS = ["example.com", "mail.example.org", "corp.example.co.uk", "example.io", "uni-example.de", "EXAMPLE.NET"]


def _emails(rng: random.Random) -> list[Item]:
    out = []
    for i in range(55):
        local = _FIRST[i % len(_FIRST)]
        if i % 3 == 0:
            local += str(rng.randint(1, 9999))
        domain = _DOMAINS[i % len(_DOMAINS)]
        if i % 11 == 5:
            out.append(Item("EMAIL", f"{local} [at] {domain.replace('.', ' [dot] ')}"))
        else:
            out.append(Item("EMAIL", f"{local}@{domain}"))
    return out


def _ips(rng: random.Random) -> list[Item]:
    out = []
    for _ in range(22):
        out.append(Item("IP", ".".join(str(rng.randint(1, 254)) for _ in range(4))))
    for i in range(22):
        groups = [f"{rng.randint(0, 0xFFFF):x}" for _ in range(8)]
        if i % 3 == 0:
            addr = ":".join(groups)
        elif i % 3 == 1:
            addr = f"2001:db8:{groups[0]}::{groups[1]}"
        else:
            addr = f"fe80::{groups[2]}:{groups[3]}"
        out.append(Item("IP", addr))
    return out


def _rand(rng: random.Random, n: int, pool: str = string.ascii_letters + string.digits) -> str:
    return "".join(rng.choice(pool) for _ in range(n))


def _urls(rng: random.Random) -> list[Item]:
    out = []
    for i in range(30):
        token = _rand(rng, 24)
        forms = [
            f"https://admin:{_rand(rng, 10)}@internal.example.com/dashboard",
            f"postgres://svc_user:{_rand(rng, 12)}@db.example.internal:5432/prod",
            f"https://api.example.com/v1/export?access_token={token}",
            f"https://files.example.net/report.pdf?X-Amz-Signature={_rand(rng, 40, '0123456789abcdef')}&x=1",
            f"redis://:{_rand(rng, 16)}@cache.example.com:6379/0",
            f"https://hooks.example.com/notify?api_key={token}&channel=ops",
        ]
        out.append(Item("URL", forms[i % len(forms)]))
    return out


def _secrets(rng: random.Random) -> list[Item]:
    up = string.ascii_uppercase + string.digits
    b64 = string.ascii_letters + string.digits + "+/"
    out = []
    for i in range(44):
        forms = [
            "AKIA" + _rand(rng, 16, up),
            "ghp_" + _rand(rng, 36),
            "xoxb-" + _rand(rng, 11, string.digits) + "-" + _rand(rng, 24),
            "sk_live_" + _rand(rng, 24),
            "AIza" + _rand(rng, 35, string.ascii_letters + string.digits + "_-"),
            "eyJhbGciOiJIUzI1NiJ9." + _rand(rng, 30) + "." + _rand(rng, 43),
            "sk-proj-" + _rand(rng, 40),
            "glpat-" + _rand(rng, 20),
            _rand(rng, 40, b64),
            _rand(rng, 32, "0123456789abcdef"),
            "hf_" + _rand(rng, 34),
        ]
        out.append(Item("SECRET", forms[i % len(forms)]))
    return out


# Secrets whose context tells what they are; the placeholder replaces the value only.
def _assigned(rng: random.Random) -> list[tuple[Item, str]]:
    out = []
    for i in range(12):
        value = _rand(rng, 14) + "!"
        forms = [f"password: {value}", f'api_key="{value}"', f"Authorization: Bearer {_rand(rng, 40)}"]
        text = forms[i % len(forms)]
        secret = text.split(":", 1)[1].strip().removeprefix("Bearer ") if ":" in text else text.split("=", 1)[1]
        out.append((Item("SECRET", secret.strip('"')), text))
    return out


def _custom(rng: random.Random) -> list[Item]:
    out = [Item("EMPLOYEE_ID", f"EMP-{rng.randint(100000, 999999)}") for _ in range(6)]
    out += [Item("TICKET", f"INC{rng.randint(1000000, 9999999)}") for _ in range(6)]
    return out


_PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow{body}\n{body2}\n-----END RSA PRIVATE KEY-----"


def corpus(seed: int = 2026) -> list[tuple[Item, str]]:
    """(item, the text it appears in as written) pairs: over 300 items."""
    rng = random.Random(seed)
    items = _emails(rng) + [Item("PHONE", p) for p in _PHONES] + _cards(rng) + _ibans(rng) + _ips(rng)
    items += _urls(rng) + _secrets(rng) + _custom(rng)
    out = [(it, it.value) for it in items]
    out += _assigned(rng)
    key = _PRIVATE_KEY.format(body=_rand(rng, 60, string.ascii_letters + string.digits + "+/"), body2=_rand(rng, 60))
    out.append((Item("SECRET", key), key))
    return out


# Sentences the lexicon detectors flag, each with a slot for a piece of PII.
TEMPLATES = [
    "Immigrants are all criminals. Reach the author at {pii} for the full list.",
    "All muslims are terrorists, says the account {pii} in the leaked thread.",
    "Women are too emotional to lead; forward complaints to {pii}.",
    "Those immigrants are vermin. Contact: {pii}",
    "Old people are useless burdens ({pii}) and everyone knows it.",
]


def leaks(text: str, items: list[Item]) -> list[Item]:
    """Items whose value, or its separator-free form, is still in `text`."""
    compact = re.sub(r"[\s().-]", "", text)
    out = []
    for it in items:
        if it.value in text or (len(it.compact) >= 8 and it.compact in compact):
            out.append(it)
    return out
