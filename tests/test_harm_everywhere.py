"""An identity dismissed as everywhere now (harm_everywhere): a universal set of people with the
identity, or a word standing for it, as the complement of a verb of being, having, getting or
saying, and a word of novelty ("every kid on my street is nonbinary now"); or a measure of the
identity put down to a fashion ("the jump in dyslexia diagnoses is fuelled by a fad").

Contrasts of the same words: the identity restricting the set, a set said fairly with no word of
novelty, the writer's own circle, negated or asked, a real cause, a report rejected, a word that
stands for no identity. Sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from detectors import harm_everywhere as everywhere
from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import frame_groups


def _read(det: HarmLexiconDetector, text: str) -> set[str]:
    return frame_groups(det, text, everywhere.FRAME)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Every kid on my street is nonbinary now.", "nonbinary"),
        ("Everybody's autistic nowadays.", "autistic"),
        ("Half the girls in her year are suddenly trans.", "transgender"),
        ("All the teenagers at church are bi now, apparently.", "bisexual"),
        ("Every other celebrity has ADHD these days.", "neurodivergent"),
        ("Lately every student claims to be asexual.", "asexual"),
        ("They all say they're pansexual now.", "pansexual"),
        ("Everyone and their cousin is on the spectrum these days.", "autistic"),
        ("All of a sudden everyone is a lesbian.", "lesbian"),
        # a word standing for the identity named in the turn or sentence before
        ("Back in my day nobody had dyslexia. Now every child has it.", "neurodivergent"),
        ("Teacher: Sam may be autistic. Dad: Rubbish, every boy gets that label now.", "autistic"),
        ("My nephew came out as nonbinary, but every teenager is one these days.", "nonbinary"),
        # a measure put down to a fashion
        ("The jump in dyslexia diagnoses is fuelled by a fad.", "neurodivergent"),
        ("The surge in girls identifying as transgender is driven by social contagion.", "transgender"),
        ("The rise in autism diagnoses is mostly down to parents wanting special treatment.", "autistic"),
        ("The number of students calling themselves nonbinary is a product of TikTok.", "nonbinary"),
    ],
)
def test_identity_said_everywhere_is_flagged(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    assert group in _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # the identity restricts the set
        "Every autistic pupil gets a support plan now.",
        "Everyone with dyslexia can ask for extra time these days.",
        "Every gay couple can adopt now.",
        "All the trans kids in the club have a mentor now.",
        # a set said fairly, with no word of novelty
        "Everyone in the band is queer and proud of it.",
        "All the girls in my sister's class are autistic; it's a specialist school.",
        # the writer's own circle
        "All my friends are bi now that I've moved to the city.",
        "Everyone in our support group has ADHD now, obviously.",
        # negated, rebutted, asked
        "Not everyone is autistic these days, but more adults are assessed.",
        "It's not that every teen is trans now; more of them are safe to say so.",
        "Is everyone really nonbinary now, or do we just hear about it more?",
        # a real cause, or fashion denied
        "The rise in autism diagnoses is due to broader criteria and better screening.",
        "The increase in ADHD diagnoses is driven by awareness rather than fashion.",
        "The surge in trans teens is often blamed on TikTok, but the studies disagree.",
        "The jump in dyslexia diagnoses isn't driven by a fad.",
        # a report rejected
        "People claim every kid is trans now, which is nonsense.",
        # things that are not identities, and words made of one
        "Everyone has a smartphone these days.",
        "Every child gets a label on their coat peg now.",
        "Every bar on this street is gay-friendly now.",
        "All the girls in the choir are trans allies now.",
        "My autistic son has a cold. Now every kid in his class has it.",
        "Every kid deserves a diagnosis if they need one.",
        # the review's classes (helper-132): a count reported, a set restricted by a relative
        # clause, the writer among the set, a measure of harm done to the group, a measure of
        # another noun, the fashion as a medium or a modifier of another cause
        "A third of the pupils in the poll now say they are bisexual, the study found.",
        "My niece is autistic. Luckily every child who struggles gets an assessment now.",
        "My dad has ADHD. Now we all have it too, since it runs in families and we were all assessed.",
        "The rise in attacks on trans people is driven by social media rumours.",
        "The number of gay characters on TV is due to fashion executives listening to viewers.",
        "The increase in autism diagnoses is partly due to awareness campaigns on TikTok.",
        "The surge in adult ADHD diagnoses is driven by TikTok creators describing symptoms.",
    ],
)
def test_fair_ubiquity_is_not_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    assert not _read(shipped, text), text
