"""What is said of a group, and what only sits near its name (the fourteenth round).

Hateful readings: a quality the group is said to lack ("have no empathy", "poor work ethic"), an
accusation as the group's predicate ("<group> are all racist"), a feeling named as a noun ("my
hatred for <group>"), a feeling for the group's people named by their role ("I can't stand <group>
priests"), a question that asks for agreement ("Shouldn't <group> just be ...?"), and a deed or a
segregation called for. Each has benign contrasts of the same words and shape: the quality granted,
the accusation aimed at someone who attacks the group, the feeling someone else's, the group the
object of a preposition or of a "who" clause ("jokes about <group> are vile", "people who hate
<group> are idiots"), the group's rights, a deed or segregation named as history, a claim the writer
refuses ("I'd never say that ..."), and a quotation the writer answers. Sentences are written for
these tests, with wording of their own.
"""

from __future__ import annotations

import pytest

from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import flagged_by_category as flagged


@pytest.mark.parametrize(
    ("text", "category", "group"),
    [
        # a quality the group lacks, or has badly
        ("Deaf people have no sense of humour.", "generalisation", "deaf"),
        ("Gypsies simply lack discipline.", "generalisation", "roma"),
        ("Mormons don't really have a moral compass.", "generalisation", "mormon"),
        ("Millennials have a poor work ethic.", "generalisation", "millennials"),
        ("Nigerians have little concept of honesty.", "generalisation", "nigerian"),
        ("People over 60 lack ambition.", "generalisation", "older_people"),
        ("Deaf people never show empathy.", "generalisation", "deaf"),
        ("Roma kids have no manners.", "generalisation", "roma"),
        ("You must understand Somalis have no morals.", "generalisation", "somali"),
        # an accusation as the group's predicate, and traits a stereotype attaches
        ("Catholics are all so bigoted.", "generalisation", "catholic"),
        ("Polish people are inherently racist.", "generalisation", "polish"),
        ("Hasidic Jews are clannish and unfriendly.", "generalisation", "jewish"),
        ("Boomers are hopeless with computers.", "generalisation", "baby_boomers"),
        # a feeling named as a noun, and a group's people named by their role
        ("My hatred for Sikhs grows every year.", "derogation", "sikh"),
        ("Honestly, my deep hatred for Somalis grows.", "derogation", "somali"),
        ("My hatred for Sikhs started years ago and it only grows.", "derogation", "sikh"),
        ("And my hatred for Sikhs only grows.", "derogation", "sikh"),
        ("I feel nothing but contempt for lesbians.", "derogation", "lesbian"),
        ("Somalis infuriate me.", "derogation", "somali"),
        ("I can't stand Catholic priests.", "derogation", "catholic"),
        ("I despise Pakistani shopkeepers.", "derogation", "pakistani"),
        # a question that asks for agreement
        ("Shouldn't deaf people just be locked away?", "exclusion", "deaf"),
        # a deed or segregation called for
        ("The Roma deserve a massacre.", "threat", "roma"),
        ("Bring back segregation for Black children.", "exclusion", "black"),
        ("Segregation of Muslims is the answer.", "exclusion", "muslim"),
        ("I wish we still had segregation for Sikhs.", "exclusion", "sikh"),
        ("Apartheid for Somalis would make this town safe.", "exclusion", "somali"),
        ("Lesbians deserve to be thrown off rooftops.", "threat", "lesbian"),
        ("Sikhs deserve another Holocaust.", "threat", "sikh"),
        ("Time for a pogrom against the Roma.", "threat", "roma"),
        ("Sikhs are overdue for a second Holocaust.", "threat", "sikh"),
        ("Let's have our own Kristallnacht for Somali shops.", "threat", "somali"),
        ("Gather the Roma and slaughter every one of them.", "threat", "roma"),
        ("Holocaust for Somalis now.", "threat", "somali"),
        ("Hindus deserve whatever happens to them.", "threat", "hindu"),
        ("If I see a Kurdish lad on my street again, I'll make them bleed.", "threat", "middle_eastern"),
        # words for the group's people that the taxonomy now reads
        ("Those crippled freaks are a waste of space.", "dehumanisation", "disabled"),
        ("old geezers are a useless burden", "generalisation", "older_people"),
        # a benign predicate elsewhere in the sentence, or "entitled" as an insult, damps nothing
        ("Millennials are entitled and lazy.", "generalisation", "millennials"),
        ("Sikhs are clannish, so don't expect to be welcomed.", "generalisation", "sikh"),
        # advice to keep a group's people out, the group the verb's object
        ("You might want to avoid Sikh applicants for this job.", "exclusion", "sikh"),
        ("I'd screen out the older candidates early.", "exclusion", "older_people"),
        ("Avoid renting to Somali families.", "exclusion", "somali"),
        ("When you move, avoid streets with lots of Roma.", "exclusion", "roma"),
        ("Landlords should avoid Somali tenants.", "exclusion", "somali"),
        ("Stay away from Sikhs, they are dangerous.", "exclusion", "sikh"),
        # conduct as a bare verb
        ("Why do Somalis always blow things up?", "generalisation", "somali"),
        # a quotation the writer agrees with, or a reply that says its own hate
        ('"Sikhs are all terrorists" so true', "generalisation", "sikh"),
        ('"Sikhs are peaceful" lol no, Sikhs are all terrorists', "generalisation", "sikh"),
        # a rejection the writer turns away from
        ("That doesn't mean much, but Hindus are liars.", "generalisation", "hindu"),
        ("I'd never say this out loud, but Sikhs are criminals.", "generalisation", "sikh"),
        ("It doesn't mean much and Hindus are liars anyway.", "generalisation", "hindu"),
        ("Somalis are vermin, so don't expect to be welcomed.", "dehumanisation", "somali"),
        # a "who" clause of saying: the group is the subject of what is said
        ("Those who say Sikhs control the banks are right.", "generalisation", "sikh"),
        # accusations as nouns, one after another, and words of contempt
        ("Sikhs are the real racists.", "generalisation", "sikh"),
        ("I have no friends there. Poles are all racist.", "generalisation", "polish"),
        ("There's no doubt that Poles are inherently racist.", "generalisation", "polish"),
        ("Poles are racist and xenophobic.", "generalisation", "polish"),
        ("Roma are a disgrace.", "generalisation", "roma"),
        ("Deaf people have no feelings.", "generalisation", "deaf"),
        ("I hate Sikhs with a passion.", "derogation", "sikh"),
        # a quotation the reply agrees with
        ('"Sikhs are terrorists" exactly', "generalisation", "sikh"),
        ('"Sikhs are lazy." Couldn\'t have said it better', "generalisation", "sikh"),
        # the writer's own words quoted, and a quotation the reply does not answer
        ('"Sikhs are disgusting," I told my son.', "generalisation", "sikh"),
        ('"Somalis are thieves" and I stand by that.', "generalisation", "somali"),
        ('"Somalis are thieves" and everyone knows it.', "generalisation", "somali"),
        ('"Sikhs are greedy" - my honest opinion.', "generalisation", "sikh"),
        # "rubbish" as the thing thrown away is no verdict on the claim
        ("Roma are lazy, and they leave rubbish everywhere.", "generalisation", "roma"),
        ("Roma are dirty and leave bags of rubbish behind.", "generalisation", "roma"),
        # comparatives, generic conduct and the crime it names
        ("Poles are lazier than anyone.", "generalisation", "polish"),
        ("Somalis commit more crime.", "generalisation", "somali"),
    ],
)
def test_what_is_said_of_the_group_is_read(shipped: HarmLexiconDetector, text: str, category: str, group: str) -> None:
    found = flagged(shipped, text)
    assert category in found, (text, found)
    assert group in found[category].groups, text


@pytest.mark.parametrize(
    "text",
    [
        # a verdict of "rubbish" on the claim; conduct compared favourably or said to happen at times
        "That Roma are lazy is a load of rubbish.",
        "Immigrants commit crimes at lower rates than the native-born.",
        "Sometimes Somalis commit crimes, as people of every origin do.",
        "You may have heard that women are worse at maths, but the gap closes with practice.",
        # the quality granted, or only a little of it asked for
        "Deaf people are not lacking in humour.",
        "Autistic people have no less empathy than anyone else.",
        "Refugees need a little patience from the courts.",
        # a quality that is no trait: another verb, advice, a debt
        "Sikhs don't threaten our values.",
        "Gay people should feel no shame about who they are.",
        "Refugees don't owe anyone gratitude.",
        "Most gay people today feel no shame about being gay.",
        "Many refugees have no feelings of safety in the camps.",
        # the accusation aimed at those who attack the group, or denied
        "Calling Sikhs terrorists is racist.",
        "Saying all Catholics are paedophiles is bigoted.",
        "Muslims are victims of racism.",
        "Polish people are not racist.",
        "Arabs are less prejudiced than the survey assumed.",
        "Hardly any Sikhs are homophobic.",
        "Most Sikhs and the racists who attack them have nothing in common.",
        "Very few immigrants are racist.",
        # someone else's feeling, or one for a thing
        "His hatred for Sikhs was well known in the village.",
        "The hatred of Jews in this city is alarming.",
        "My hatred for thugs who attack Sikhs grows every year.",
        "Our hatred of refugees is a national disgrace.",
        "My hatred for Somalis ended when I met my wife.",
        "Therapy helped me let go of my hatred for Sikhs.",
        "My contempt for Sikh food critics is professional.",
        "I hate French teachers who give homework on Fridays.",
        # the group the object of a preposition or of a "who" clause, or its rights
        "The comments under that video about the Syrian family are vile.",
        "Jokes about deaf people are lazy.",
        "Attacks on Sikhs are rising.",
        "People who hate lesbians are idiots.",
        "People who mock deaf people are scum.",
        "Insults aimed at Sikhs are cruel.",
        "Jokes at the expense of Chinese people are pathetic.",
        "Anyone comparing goblins to Jewish people is being racist.",
        # what young children have yet to grow
        "Young children lack empathy until around the age of four.",
        "trans rights are human rights",
        # avoiding something else, a place the group's word names, or a report of others avoiding them
        "Avoid stereotyping Sikhs at work.",
        "Avoid scheduling meetings with Muslim colleagues during Ramadan.",
        "Avoid making assumptions about older workers.",
        "Steer clear of gay bars if you want a quiet night.",
        "Landlords tend to avoid Somali tenants, a study found.",
        "Many employers avoid older applicants.",
        "Don't screen out older applicants.",
        "Never turn away a deaf customer.",
        "Avoid men who don't respect your boundaries.",
        "Avoid the Irish pubs near the station.",
        # a benign predicate said of the group, and a title
        "Refugees are entitled to protection.",
        'A novel entitled "Sikhs are terrorists" won a prize.',
        # a question about "it", asking for the verdict
        "Wouldn't it be wrong to lock deaf people away?",
        "Shouldn't lesbians be allowed to marry?",
        "Don't pretend immigrants should be sent back, ok?",
        # a deed or segregation named as history
        "The 1915 Van Armenian massacre is well documented.",
        "The Sabra and Shatila massacre in 1982 killed hundreds of Palestinian civilians.",
        "My grandmother survived the Holocaust as a Jewish child in Poland.",
        "Kristallnacht in 1938 destroyed Jewish shops across Germany.",
        "The pogroms of 1905 killed thousands of Jews in Odessa.",
        "He is a Holocaust-denying crank who hates Jews.",
        "Jewish families fled pogroms in the Russian Empire.",
        "As a Holocaust historian, I study Jewish communities in Poland.",
        "Holocaust jokes about Jews are never funny.",
        "Racial segregation in American schools ended after 1954.",
        "Apartheid ended in 1994, when Black South Africans voted for the first time.",
        # a claim the writer refuses
        "I'd never claim that Hindus are liars.",
        "I'd never say Somalis are pirates.",
        "It's not true that Somalis are pirates.",
        "That doesn't mean teenagers are incapable of good judgment.",
        "I don't believe, though, that Somalis are pirates.",
        "I don't think Sikhs and Somalis are greedy.",
        "I don't believe that gay or bisexual men are predators.",
        # a quotation the writer answers, not agrees with
        '"why are lesbians so angry" maybe because of people like you',
        '"go back where you came from" mate I was born in Leeds',
        '"All Sikhs are terrorists" is the dumbest thing I have heard.',
        '"Somalis are thieves." No, that is a lie and it gets people hurt.',
        '"Sikhs are greedy." My neighbour said this at dinner and I walked out.',
        '"Somali women are bad drivers" based on what evidence?',
    ],
)
def test_what_only_sits_near_the_group_is_not_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    assert flagged(shipped, text) == {}, text


def test_a_dialogue_turn_is_not_a_quotation_answered(shipped: HarmLexiconDetector) -> None:
    """Two quoted turns are a dialogue: the second is speech, not the writer's reply to the first."""
    found = flagged(shipped, '"Why are Sikhs all criminals?" "No idea."')
    assert "generalisation" in found


def test_emoji_after_a_quotation_are_no_reply(shipped: HarmLexiconDetector) -> None:
    """A quotation followed only by emoji is a reaction, judged by the emoji reading, not answered."""
    found = flagged(shipped, '"Sikhs are all terrorists" 👍👍')
    assert "generalisation" in found
