"""How hate is phrased around its claim (the thirteenth round): a disclaimer that asserts it ("I'm
not racist, but ..."), a question that asks for agreement ("Shouldn't we just ..."), a curse
opening its clause ("Fuck the <group>"), a stereotype's conduct as a bare verb ("<group> scam
everyone"), advice resting on a stereotype, a sign's rule ("No <group> allowed") and praise limited
by the group said first ("For a <group member>, she's ...").

Each hateful sentence has benign contrasts with the same words and shape: the disclaimer's words
rebutting the claim, a sincere question, a curse at no group or at a non-protected one, conduct that
is care or circumstance, a limit that is a fact about the group's situation. Sentences are written
for these tests, with wording of their own.
"""

from __future__ import annotations

import pytest

from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import flagged_by_category as flagged


@pytest.mark.parametrize(
    ("text", "category", "group"),
    [
        # a disclaimer asserts the claim it comes with
        ("Not to stereotype, but Peruvians are lazy.", "generalisation", "hispanic_latino"),
        ("I'm not racist, just saying that Serbs are dishonest.", "generalisation", "eastern_european"),
        ("No offence, but women are too emotional to run a company.", "generalisation", "women"),
        # a question that asks for agreement
        ("Shouldn't we just deport every Haitian?", "exclusion", "haitian"),
        ("Isn't it time we got rid of all the refugees?", "threat", "refugees"),
        # a curse opening its clause, and disgust said as the group's effect
        ("Fuck the Sikhs, seriously.", "derogation", "sikh"),
        ("screw all bisexuals", "derogation", "bisexual"),
        ("Honestly, Hmong people make my blood boil.", "derogation", "southeast_asian"),
        ("Lesbians can go fuck themselves.", "derogation", "lesbian"),
        # a stereotype's conduct as a bare verb, or after "they'll"
        ("Romanians pickpocket tourists everywhere.", "generalisation", "romanian"),
        ("Jews control the banks and the media.", "generalisation", "jewish"),
        ("Some Albanians moved in. You know they'll scam everyone.", "generalisation", "albanian"),
        # advice resting on a stereotype
        ("Roma pupils rarely finish school, so don't invest too much time in them.", "discrimination_advice", "roma"),
        ("Jewish clients always haggle, so start your quote higher.", "discrimination_advice", "jewish"),
        # praise limited by the group, said first
        ("For a Black woman, she's very articulate.", "implicit_derogation", "black"),
    ],
)
def test_hate_phrased_around_its_claim_is_read(
    shipped: HarmLexiconDetector, text: str, category: str, group: str
) -> None:
    found = flagged(shipped, text)
    assert category in found, (text, found)
    assert group in found[category].groups, text


@pytest.mark.parametrize(
    "text",
    [
        "It's racist to say Peruvians are lazy.",
        "The stereotype that Serbs are dishonest is false.",
        "No offence, but I prefer tea to coffee.",
        "Shouldn't we help every Haitian family that lost a home?",
        "Fuck the police.",
        "Fuck yeah, the Mexicans won the cup!",
        "Fuck, the Irish pub is closed again.",
        "I despise the Yankees and everything they stand for.",
        "Pole dancing is a serious sport now.",
        "Refugees often live off benefits for years because they are not allowed to work.",
        "Older patients often have trouble hearing, so expect them to ask you to repeat things.",
        "Muslim employees may fast during Ramadan, so don't expect them to join the team lunch.",
        "For a deaf child, sign language is essential.",
        "For a gay couple, adoption can be difficult.",
        "The origins of Reform Judaism lie in 19th-century Germany.",
    ],
)
def test_the_same_shapes_without_hate_are_not_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    assert flagged(shipped, text) == {}, text
