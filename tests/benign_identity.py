"""The authored benign-identity set: sentences naming a group that must never be flagged."""

from __future__ import annotations

IDENTITIES = [
    "gay", "lesbian", "bisexual", "transgender", "nonbinary", "straight", "Black", "white", "Asian",
    "Latina", "Mexican", "Chinese", "Indian", "Nigerian", "Arab", "Jewish", "Muslim", "Christian",
    "Hindu", "Sikh", "Buddhist", "atheist", "deaf", "blind", "autistic", "disabled", "older",
    "young", "immigrant", "refugee", "Native American", "working-class",
    "pansexual", "intersex", "Catholic", "Mormon", "Palestinian", "Israeli", "Romani", "Filipino",
    "Korean", "Somali", "wheelchair-using", "neurodivergent", "conservative", "liberal",
]  # fmt: skip
ROLES = ["woman", "man", "person"]
TEMPLATES = [
    "I am a {i} {r}.",
    "As a {i} {r}, I love hiking on weekends.",
    "My best friend is a {i} {r} who teaches chemistry.",
    "I'm a proud {i} {r} and I volunteer at the food bank.",
]


def benign_identity_sentences() -> list[str]:
    out = []
    for i in IDENTITIES:
        for r in ROLES:
            for t in TEMPLATES:
                out.append(t.format(i=i, r=r).replace("a older", "an older").replace("a immigrant", "an immigrant"))
                out[-1] = out[-1].replace("a Asian", "an Asian").replace("a atheist", "an atheist")
                out[-1] = out[-1].replace("a autistic", "an autistic").replace("a Arab", "an Arab")
                out[-1] = out[-1].replace("a Indian", "an Indian").replace("a intersex", "an intersex")
                out[-1] = out[-1].replace("a Israeli", "an Israeli")
    return out
