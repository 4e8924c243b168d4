"""An identity or condition marked as not real by the writer's distancing (harm_sneered): scare
quotes around the identity said of a person (after a copula, a possessive or a verb of having), a
gendered word in quotes for a trans person, and "so-called", "self-proclaimed" (and "supposed" after
a possessive) before the identity of people or a person's condition.

Contrasts of the same words: the word as a word, titles and names, quoted speech, the writer's own,
pride, negation and counter-speech about the quotes, "so-called" on a thing or on no identity,
apostrophes that are no quotes. Sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from detectors import harm_sneered as sneered
from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import frame_groups


def _read(det: HarmLexiconDetector, text: str) -> set[str]:
    return frame_groups(det, text, sneered.FRAME)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # scare quotes after a copula with a person as subject
        ("My cousin is 'nonbinary' this week, apparently.", "nonbinary"),
        ('He\'s "autistic" now, because that is the excuse for everything.', "autistic"),
        ("My coworker is 'genderfluid', whatever that means this week.", "nonbinary"),
        ("Our new hire is 'neurodivergent', which means we all tiptoe around him.", "neurodivergent"),
        ("His girlfriend is 'bi', which means she wants attention from both.", "bisexual"),
        ("My brother-in-law is \u2018bipolar\u2019 whenever he wants a day off.", "mentally_ill"),
        ("she was 'a trans man' for a year at college and now she has three kids", "transgender"),
        # after a possessive
        ("Her 'autism' only shows up when there's homework to do.", "autistic"),
        ("His \u201cdepression\u201d flared up again right before the exams, funny that.", "mentally_ill"),
        ("My aunt's 'long Covid' somehow lets her go on holiday twice a year.", "disabled"),
        ("Her 'OCD' is just being fussy about her desk.", "mentally_ill"),
        # after a verb of having; a subject a few words back
        ("She has 'fibromyalgia' again, so she can't come to the office.", "disabled"),
        ("Half the people in my office have 'anxiety' now that meetings are in person.", "mentally_ill"),
        # a quoted identity naming people, or as the subject of a clause after "the"
        ("The 'trans' kid in my son's class uses whatever toilet he wants.", "transgender"),
        ("Another 'chronic fatigue' warrior posting gym selfies.", "disabled"),
        ("Send him to boot camp and the 'ADHD' will vanish in a week.", "neurodivergent"),
        # a clinical word in quotes after the condition, or before it
        ("His dyslexia 'diagnosis' arrived just in time for the exams.", "neurodivergent"),
        ("She got a 'diagnosis' of ADHD from some online quiz.", "neurodivergent"),
        # a gendered word in quotes for a person
        ("My neighbour's 'daughter' was in the girls' changing room again.", "transgender"),
        ("His \u201cwife\u201d Jessica was at the party, deep voice and all.", "transgender"),
        ("That 'woman' in the changing room was obviously a man.", "transgender"),
        ("Their 'son' used to be called Emily.", "transgender"),
        # a sneering word before the identity of people or a person's condition
        ("So-called trans women should not be in the women's race.", "transgender"),
        ("These self-proclaimed nonbinary kids just want attention.", "nonbinary"),
        ("The so-called nonbinary students in my class get special treatment.", "nonbinary"),
        ("Her so-called chronic fatigue never stops her going to the pub.", "disabled"),
        ("His supposed ADHD is just an excuse for laziness.", "neurodivergent"),
        ("Her alleged anxiety gets her out of every presentation.", "mentally_ill"),
        ("His self-styled disability gets him the best parking spot.", "disabled"),
        ("His self-proclaimed autism is just rudeness with a label.", "autistic"),
        # a negation further back governs another verb, not the quote
        ("She couldn't finish one shift because of her 'migraines'.", "disabled"),
        ("I really don't believe his 'PTSD' at all.", "mentally_ill"),
        # the writer's possessive on someone else
        ("My 'genderfluid' flatmate changes pronouns more often than socks.", "nonbinary"),
        ("My so-called nonbinary manager wants a new badge every month.", "nonbinary"),
        # pride or quotes elsewhere in the sentence say nothing of the claim
        ("I was proud of my brother at the wedding, but his 'wife' clearly shaves every morning.", "transgender"),
        # people named inside the quote after "these" or "those"
        ("Those 'trans men' at the gym are just butch girls.", "transgender"),
        # a sneering word before a person's condition and a verb
        ("Her supposed fibromyalgia vanishes every time there is a festival.", "disabled"),
        # a right curly quote typed as the opening mark
        ("My cousin's \u2019anxiety\u2019 is just an excuse to skip meetings.", "mentally_ill"),
        # a gendered word said to be the other sex after "is a"
        ("Their 'daughter' is a grown man with a beard.", "transgender"),
        ("The 'lady' in that video was a guy in a wig a year ago.", "transgender"),
        ("Well done to the 'girl' who took the county record by ten seconds.", "transgender"),
        ("Her 'long Covid' gets her out of every fire drill.", "disabled"),
        # "X's" for "X is" before a new clause
        ("Now Priya's 'bipolar' we can't say anything to her.", "mentally_ill"),
    ],
)
def test_identity_held_at_arms_length_is_flagged(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    assert group in _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # the word as a word
        "The term 'nonbinary' is fairly new in dictionaries.",
        "The label 'queer' was reclaimed by activists in the nineties.",
        "She ticked 'disabled' on the census form.",
        "I spent the night searching 'autism' online after the appointment.",
        "The word 'autistic' is preferred by many autistic adults.",
        "Type 'long covid' into the search bar and you'll find the clinic.",
        "The form has 'disabled' as one of the options.",
        "Everyone at the meeting has 'ADHD' on their list of topics for next year.",
        "They have 'PTSD' in the title of the new report.",
        "In the 1970s, children called 'handicapped' were sent to separate schools.",
        "The 'autism' category on the forum has the most posts.",
        "Click 'Disabled' to turn the feature off.",
        # titles and names
        "I just read the book 'Autistic and Proud' and loved it.",
        "She joined the group 'Trans Youth Alliance' last year.",
        "The support group 'Depression Alliance' meets on Tuesdays.",
        # quoted speech, someone's words cited
        "She said 'I'm bi' and we all hugged her.",
        "He told me: 'I have ADHD', and it explained a lot.",
        "He's 'autistic', his doctor said, and the diagnosis explained his childhood.",
        # the writer's own
        "I'm 'ace', as the kids say, and happy with it.",
        "My 'depression' was really a thyroid problem, it turned out.",
        "I'm 'disabled' on paper but I still climb mountains.",
        # emphasis in support
        "She is 'queer' and proud, and we love her for it.",
        # negation and counter-speech about the quotes
        "Stop putting 'trans' in quotes when you write about real people.",
        "People write her 'autism' in scare quotes, and it's cruel.",
        "Stop calling it her 'depression' like it isn't real.",
        "Trans people are real; stop calling them 'so-called' anything.",
        "He isn't 'trans', he's a drag queen, and there's nothing wrong with either.",
        # a sneering word on a thing, on no identity, or not sneering
        "So-called experts keep getting the data wrong.",
        "The so-called gay agenda is a fantasy invented by homophobes.",
        "So-called conversion therapy has been banned in several countries.",
        "The so-called autism epidemic is mostly better diagnosis.",
        "Her so-called friends abandoned her after she came out as bi.",
        "The alleged attacker shouted slurs at the gay couple.",
        "He was supposed to bring the ADHD paperwork on Monday.",
        "The supposed link between vaccines and autism has been debunked.",
        "Her self-diagnosed autism was later confirmed by a specialist.",
        # apostrophes that are no quotes
        "My sister's son loves rock 'n' roll.",
        "The Joneses' daughter is autistic and brilliant at chess.",
        # a quoted kin word doubting the relation, not the gender
        "Her 'son' is really her nephew, whom she raised.",
        "My friend's 'mum' drove us to the party; she's her stepmother, really.",
        # the same identities said plainly
        "His depression flared up again before exams, so we got him extra support.",
        "She has fibromyalgia and manages it with pacing.",
        "My daughter is nonbinary and uses they/them pronouns.",
        # the word placed as a word: a participle, a work and its author, a place for text
        "My aunt has 'bipolar' written in big letters on her medication box.",
        "He had 'autistic' inked on his forearm after his diagnosis.",
        "My nephew spelled 'fibromyalgia' right at the spelling bee.",
        "She has 'Depression' by Radiohead on repeat this week.",
        "My manager has 'neurodivergent' in her username on the work chat.",
        # a relative clause before the verb: its pronoun is not the subject
        "The option he picked was 'asexual', from what the survey showed.",
        # a capital the quotes mark, mid-sentence
        "My friend is 'Blind' with a capital B, because it is her culture.",
        "They write 'Disabled' with a capital letter in the newsletter.",
        # the quoted word as the subject of a sentence about words
        "The 'bi' is short for bisexual in the group's name.",
        "In that headline, the 'autistic' has no hyphen.",
        # a quoted word modifying a noun, or another sense of it
        "Her 'ace' forehand won her the club trophy.",
        "My uncle is 'ace' at crosswords.",
        "Our company gives everyone a 'mental health' afternoon once a quarter.",
        "My mum's 'depression' soup is what she makes on grey days.",
        "The BBC's 'Autistic' podcast has a new season.",
        # a gendered word in quotes for a pet, an object, a role, a friend
        "Their 'son' is a tabby cat who sleeps on the piano.",
        "My friend's 'wife' is her car, she spends every weekend polishing it.",
        "Her 'brother' is really just a neighbour she grew up with.",
        "Since Dad left, she's the 'man' of the house.",
        "The 'girl' on the poster is a painting from 1890.",
        # a quoted "diagnosis" with no person holding it
        "The leaflet describes what a 'diagnosis' of dyslexia means for adults.",
    ],
)
def test_fair_quotes_and_modifiers_are_not_read(shipped: HarmLexiconDetector, text: str) -> None:
    assert not _read(shipped, text), text


def test_a_long_sentence_of_quotes_keeps_its_first_claims(shipped: HarmLexiconDetector) -> None:
    # every window is bounded by characters (its cost is measured in bench/, not here)
    text = "her 'autism' so-called trans women, she's 'bi' and my neighbour's 'daughter' " * 260
    assert "autistic" in _read(shipped, text)
