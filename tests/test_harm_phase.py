"""An identity called a phase, a fashion, a choice or a bid for attention (harm_phase, the
twenty-third round): the identity as a copula's subject with a word of dismissal ("being bi is just
a phase", "<identity> is the new trend"), taking it with a purpose of show ("kids only say they're
<identity> for attention"), or growing out of it ("<group> kids grow out of it").

Contrasts of the same words: the dismissal denied, asked, reported or named as someone else's view;
the writer's own past; a phase of a process; a measured trend; a thing named by the group's word;
a stereotype of the people ("gays are fashionable"), which is another reading's. Sentences are
written for these tests.
"""

from __future__ import annotations

import pytest

from detectors import harm_phase as phase
from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import frame_groups


def _read(det: HarmLexiconDetector, text: str) -> set[str]:
    return frame_groups(det, text, phase.FRAME)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Bisexuality is just a phase.", "bisexual"),
        ("Homosexuality is a lifestyle choice.", "gay"),
        ("Being trans is just a phase.", "transgender"),
        ("I think being bi is a phase.", "bisexual"),
        ("Being nonbinary has become a trend.", "nonbinary"),
        ("Your kid saying they're gay is almost certainly a phase.", "gay"),
        ("Teenagers saying they're autistic is the new attention-seeking fad.", "autistic"),
        ("bi people are just in a phase until they pick a side", "bisexual"),
        ("Most teenagers who say they're trans are just following a social media trend.", "transgender"),
        # a purpose of show
        ("Kids only say they're nonbinary for attention.", "nonbinary"),
        ("Bisexual women mostly just claim the label to look interesting to guys.", "bisexual"),
        ("Mixed-race people who identify as Black are just doing it because it's trendy.", "multiracial"),
        # grown out of
        ("Trans kids grow out of it by high school.", "transgender"),
        ("Non-binary people, mostly. They'll grow out of it.", "nonbinary"),
        # the review's misses (helper-106): a pronoun before, the identity after, other tenses,
        # the identities as the subject, what is grown out of named
        ("She's just going through a lesbian phase.", "lesbian"),
        ("Your son isn't trans, it's a phase.", "transgender"),
        ("He's pansexual, but honestly it's a fad.", "pansexual"),
        ("It's trendy to be trans now.", "transgender"),
        ("Being bi has always been a phase for girls like her.", "bisexual"),
        ("Nonbinary identities are just a trend.", "nonbinary"),
        ("All these teen girls identifying as trans are a social contagion.", "transgender"),
        ("She'll grow out of being bi.", "bisexual"),
        ("He'll get over the trans thing.", "transgender"),
        ("My nephew says he's trans but it's obviously for attention.", "transgender"),
        ("Half the kids in her class have decided they're trans because it's cool.", "transgender"),
        # passing or pretence said of someone just said to have the identity
        ("You're not really bi, you're just confused.", "bisexual"),
        ("He's gay now, but he'll settle down with a nice girl eventually.", "gay"),
        ("Adults saying they've got ADHD is a TikTok trend.", "neurodivergent"),
        ("Calling yourself neurodivergent is the new fad.", "neurodivergent"),
        ("Being gay is an immoral choice.", "gay"),
        # the next sentence dismissing an identity said of someone, a choice, a denial
        (
            "Friend: My roommate came out as nonbinary. Me: Give it a year, they're just trying to stand out.",
            "nonbinary",
        ),
        ("Your cousin says he's gay now? He's just experimenting.", "gay"),
        ("You chose to be gay, so stop expecting everyone else to accept it.", "gay"),
        ("I don't believe in asexuality.", "asexual"),
        ("Bisexuality isn't real.", "bisexual"),
        ("You're not really bi, you've just decided it sounds more interesting.", "bisexual"),
        ("He'll grow out of the gay thing once he meets the right girl.", "gay"),
        ("Nonbinary identification typically fades as its adherents reach adulthood.", "nonbinary"),
    ],
)
def test_an_identity_called_a_phase_or_taken_for_show_is_flagged(
    shipped: HarmLexiconDetector, text: str, group: str
) -> None:
    assert group in _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # denied, asked, told otherwise
        "Being bi is not a phase.",
        "Bisexuality isn't a choice.",
        "Is being trans just a phase?",
        "Don't let anyone tell you being gay is a choice.",
        "Nobody comes out as trans for attention.",
        # someone else's view, named or reported
        "Bisexuality is often dismissed as a phase, but long studies find it stable.",
        "My parents thought being bi was a phase.",
        "Muslim apologists believe that being gay is a choice.",
        # the writer's own; a phase of a process; a measured trend; a thing
        "My emo phase was a choice I do not regret.",
        "I came out as gay for attention, my brother joked.",
        "The phase 2 trial for transgender patients starts in May.",
        "The rise in people identifying as bisexual is a trend driven by younger respondents.",
        "Wheelchair basketball is a growing trend.",
        "My toddler is going through a biting phase.",
        # the people, not the identity: a stereotype, read elsewhere
        "Gays are fashionable.",
        # a short name in another sense
        "Being bi-weekly is a choice the paper made.",
        "Trans fats are just a trend in cheap baking.",
        # grown out of, of something else
        "Most kids grow out of it by twelve.",
        "Trans kids don't grow out of it.",
        # the review's false flags (helper-106): other senses of the words, the writer's own, a
        # thing for the group, an option, the dismissal rebutted or mocked, a purpose of another
        # saying, another subject growing out of something
        "Being gay is covered by the Civil Rights Act according to the Supreme Court.",
        "Being trans is the heart of her one-woman performance.",
        "Coming out as gay to your boss is a choice, not an obligation.",
        "Coming out as gay was a choice I made at thirty.",
        "Casting a cis actor as trans was a choice the studio defended.",
        "Wheelchair rugby for the disabled is the new craze at our gym.",
        "Bisexual is a choice on the census question about orientation.",
        "It's a myth that being gay is a choice.",
        "The tired line that being asexual is a phase gets repeated every year.",
        "Stop telling teens that being bi is just a phase.",
        "Right, being trans is totally a trend, that's why we've been around for centuries.",
        "My teen asked if being gay is a choice. I told her it isn't.",
        "More people identify as LGBTQ today because it's safer to say so, not because it's trendy.",
        "Many Black students say they code-switch to fit in.",
        "Gay dads know toddlers grow out of it.",
        "Trans teens with eczema often outgrow it.",
        "Counting the card as ace is a choice each player makes.",
        "Yeah because being gay is such a fun choice when people want you dead.",
        "The idea that being bi is a phase is outdated.",
        "Some people assume being gay is a trend among young people, but it reflects less stigma.",
        "Calling yourself queer is a personal choice.",
        # ... and their contrasts
        "Two girls in my grade came out as trans this year. It's not a social contagion, it's kids feeling safe.",
        "He won't grow out of being gay, and he doesn't need to meet the right girl. He's met the right guy.",
        "You didn't choose to be gay, so stop letting anyone tell you to hide.",
        "I chose to be open about being gay at work.",
        "My coming out isn't real to my grandmother yet.",
        "You started calling yourself autistic after that video helped you recognise yourself.",
        "You're not too young to know you're asexual, and I won't tell you it's a phase that will pass.",
    ],
)
def test_the_same_words_denied_reported_or_of_something_else_are_not(shipped: HarmLexiconDetector, text: str) -> None:
    assert not _read(shipped, text), text


# The twenty-fifth round: who the identity is said of (the writer only when the nearest person
# word is the writer, and never a speaker's "I"), reassurance that asserts, a motive whose cause
# is the label, grading adverbs, a population or an age in the subject, a label said before its
# purpose, outgrowing after a turn, and a short name in the sentence before its dismissal.
@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("I told my brother his bisexuality would fade once he met the right woman.", "bisexual"),
        ("I can't accept that my son is autistic; he's just copying his cousins.", "autistic"),
        ("Gran: Is Robin still doing the nonbinary thing? Dad: Don't worry, it's a phase.", "nonbinary"),
        ("Priya: I think I'm asexual. Aunt: That's the trendy thing to say at your age.", "asexual"),
        (
            "Nurse: A patient told me he's autistic. Porter: They want the diagnosis now, it makes them feel special.",
            "autistic",
        ),
        ("Pansexuality is generally a passing stage for college students.", "pansexual"),
        ("Bisexuality among teenage girls is mainly a phase.", "bisexual"),
        ("Adult autism is largely a self-diagnosis made online.", "autistic"),
        ("Most children grow out of identifying as nonbinary.", "nonbinary"),
        ("At his age I thought I was gay too, but he'll grow out of it like I did.", "gay"),
        ("You claim you have autism, but you only picked up that label because it's trendy.", "autistic"),
        ("You're only saying you're bisexual to annoy your mother.", "bisexual"),
        ("My flatmate said he was bi for a month. Total phase.", "bisexual"),
        ("Asexuality is usually a temporary condition of adolescence.", "asexual"),
        # an account set against a real one; a transient feature; an ending
        ("Pansexuality is mostly a pose for attention rather than a genuine orientation.", "pansexual"),
        (
            "Adult ADHD, as marketed online, is a story people tell rather than an underlying condition.",
            "neurodivergent",
        ),
        ("Nonbinary self-identification seems to be a transient phase of the teenage years.", "nonbinary"),
        ("My niece says she's bi, but it will blow over by the summer.", "bisexual"),
        # compared to a fashion
        ("Pansexual is this season's must-have.", "pansexual"),
        ("Being nonbinary is the new black at my kid's school.", "nonbinary"),
        ("Being autistic is a status symbol on TikTok now.", "autistic"),
        # reduced to another word, or to an excuse
        ("Pansexual is just a posh word for greedy.", "pansexual"),
        ("Being nonbinary is basically what people call it when they want attention.", "nonbinary"),
        ("Autism is an excuse for bad manners.", "autistic"),
        # the identity as a thing to drop
        ("He'll find a nice girl and forget all this bisexual stuff.", "bisexual"),
        ("She should just give up the nonbinary thing and get a job.", "nonbinary"),
        # the writer's "my" before someone else; reassurance inside the sentence
        ("My roommate is bi now, but she's just confused.", "bisexual"),
    ],
)
def test_an_identity_dismissed_by_whoever_says_it_is_flagged(
    shipped: HarmLexiconDetector, text: str, group: str
) -> None:
    assert group in _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # the writer's own, without a speaker's label
        "I think I might be bisexual. It's the cool thing to say, sure, but it's true for me.",
        "When I was fourteen I thought I was gay, and I grew out of it.",
        # reassurance is not a denial, but a denial still is
        "Gran: Is Robin still nonbinary? Dad: It's not a phase, and they're doing great.",
        # a motive given by people, not by the label
        "My daughter is autistic. Her teachers make her feel special every single day.",
        # something else grown out of, after the identity
        "She's a lesbian and she has asthma, and she'll grow out of it by ten.",
        # a report of the dismissal, whose verb governs the identity
        "I've heard people saying bisexuals are just confused; must be exhausting.",
        # a process's phase, not a condition described by "of"
        "Coming out is an act of courage.",
        # a real cause, with the same grading words
        "Adult autism is largely a missed diagnosis in women.",
        # the real set against something else, or the alternative of something else
        "Asexuality is a genuine orientation rather than a phase.",
        "The rise reflects better screening rather than a real increase in autism.",
        "Critics claim pansexuality is a pose rather than a genuine orientation, but they are wrong.",
        "Her fatigue turned out to be anaemia rather than an underlying condition.",
        # a fashion of something else, or the comparison denied
        "Being autistic is not a personality trait.",
        "Trans athletes are this year's champions.",
        "The gay bar on Main Street is the new hot spot.",
        # a definition, not a reduction; the excuse denied
        "Autism is a word for a difference in how brains develop.",
        "Bisexual is a label for people attracted to more than one gender.",
        "ADHD is not an excuse for rudeness, but it is a reason to offer support.",
        # the people, not the identity as a thing
        "Forget the trans kids' bathroom debate, let's talk budgets.",
        "You can drop the gay couple at the station on your way.",
        # the review's classes (helper-132): an illness or a disability denied of an
        # orientation or a difference, a clause of its own, a season's thing, a definition of
        # the word, the identity's paperwork, another phase in the next sentence, "my" before
        # someone else, a heading, a motive from something else, a trend in the numbers
        "Homosexuality left the manual because it is a variation rather than a genuine disorder.",
        "Being bi is a normal variation rather than a real illness.",
        "Dyslexia is a learning difference rather than a true disability.",
        "Autism is this month's theme for the school assembly.",
        "Asexual is simply a label for people who feel little or no sexual attraction.",
        "Please forget the ADHD diagnosis letter, I'll bring a copy tomorrow.",
        "My son told me he's gay. Don't worry, the awkward phase passes for parents too.",
        "Jo: I'm bi. Sam: My goth phase was far more embarrassing than that.",
        "Update: I'm pretty sure I'm bi. Could be a phase, still figuring it out.",
        "Me: I think I'm bi. Mum: It's a phase, love.",
        "Robin came out as nonbinary. Using their name, it makes them feel seen.",
        "Autism among girls is a trend clinicians missed for decades.",
        "My cousin is gay and I'm bi, and we're experimenting with a podcast.",
        "My son is ace at chess. Honestly it's a phase, he'll be into football next year.",
        "I've heard people say bisexuals are just confused, which must be exhausting to hear.",
        # "thing to say" still denounces
        "Someone told me being bi is a phase. What a thing to say.",
    ],
)
def test_the_same_turns_and_words_of_the_writer_or_rebutted_are_not(shipped: HarmLexiconDetector, text: str) -> None:
    assert not _read(shipped, text), text


def test_a_speakers_turn_starts_after_its_label() -> None:
    low = "aunt jo: so is jamie pansexual?"
    assert low[phase.speaker_turn(low, 0) :].startswith("so is")
    assert phase.speaker_turn("the doctor said so.", 0) == 0


def test_a_benign_predicate_continuing_the_claim_does_not_damp_it(shipped: HarmLexiconDetector) -> None:
    # "individuals" right after the claim is its noun, not "<group> are individuals" (the twenty-sixth round)
    assert _read(shipped, "Bisexuality is a passing preference that individuals adopt and later drop.")
