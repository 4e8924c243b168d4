"""How hate is phrased around its claim (the thirteenth round): a disclaimer that asserts it ("I'm
not racist, but ..."), a question that asks for agreement ("Shouldn't we just ..."), a curse
opening its clause ("Fuck the <group>"), a stereotype's conduct as a bare verb ("<group> scam
everyone"), advice resting on a stereotype, praise limited by the group said first ("For a <group
member>, she's ..."), "they're" said of the group named before, and a world better if the group
were gone.

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
        # "they're" after the group's sentence, and a decade that is no antecedent
        ("I met some Kurds last week. They're animals.", "dehumanisation", "middle_eastern"),
        ("Many Sikhs came in the 1970s. They are a violent and backward people.", "generalisation", "sikh"),
        # a loaded question's attribute, and a world better if the group were gone
        ("Why are Bulgarians all beggars and pickpockets?", "generalisation", "eastern_european"),
        ("Wouldn't the world be better if autistic people weren't born?", "exclusion", "autistic"),
        ("This country would be safer if all the refugees vanished.", "exclusion", "refugees"),
        # an insult standing for people after a group's everyday word
        ("Lynching is what those Black thugs need.", "threat", "black"),
        ("old hags should stay home", "exclusion", "older_people"),
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
        "The world would be better if racism disappeared.",
        "The world would be better if Jews disappeared, said no sane person ever.",
        "I met some Kurds last week. They're lovely.",
        # conduct and advice that are care, faith or circumstance
        "Orthodox Jews never work on the Sabbath.",
        "Baptised Sikhs carry knives called kirpans as an article of faith.",
        "Deaf children take forever to learn to read without early sign language.",
        "Young children have small stomachs, so give them less food at each meal.",
        "Young people have decades ahead of them, so don't invest too conservatively.",
        "Deaf customers usually prefer text, so don't bother explaining things over the phone.",
        "For a deaf student, it's smart to sit at the front of the class.",
        "It's time we sent refugees more aid.",
        "Wouldn't it be cruel to deport every Haitian?",
        "The poor idiots lost everything in the crash.",
        "Black criminals are overrepresented in the statistics, the report claims.",
        "There was black scum growing around the shower drain.",
        "Those poor freaks in the sideshow were exploited for money.",
    ],
)
def test_the_same_shapes_without_hate_are_not_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    assert flagged(shipped, text) == {}, text
