"""A trans or nonbinary person's stated gender, name or pronouns refused by the writer
(harm_misgendering): a verb of calling or using refused or kept up against what was asked for, a
sex asserted against a stated gender, a gender conceded only as talk, a scare-quoted noun said to
have been the other sex.

Contrasts of the same words: respect (the new name kept up, the old one refused), the same sex
stated, negated, someone else's refusal reported or condemned, apologies, the writer's own history,
cis people and ordinary name or pronoun talk, phone calls, asked. Sentences are written for these
tests.
"""

from __future__ import annotations

import pytest

from detectors import harm_misgendering as misgendering
from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import frame_groups


def _read(det: HarmLexiconDetector, text: str) -> set[str]:
    return frame_groups(det, text, misgendering.FRAME)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # a name or pronouns refused by the writer
        ("Our new intern is trans and goes by Tom, but I'm not going to call him Tom.", "transgender"),
        ("My flatmate came out as nonbinary. Honestly, I refuse to use their pronouns.", "nonbinary"),
        ("The enby kid at church asked for they/them and we will not use they/them.", "nonbinary"),
        ("My stepdad transitioned last spring. I won't use her new name at dinner.", "transgender"),
        ("She wants to be called Mx. Lee since coming out as nonbinary, but I'm never going to say that.", "nonbinary"),
        ("Dana is transgender and goes by he now. I'm not calling her he.", "transgender"),
        ("The trans guy next door told us his pronouns, and I flat out refuse to use them.", "transgender"),
        ("My nephew says he's a trans girl. I refuse to call him anything but Jake.", "transgender"),
        # a given-up form kept up by the writer
        ("The trans pupil asked to be called Noah, but I'm still calling her Nora.", "transgender"),
        ("My cousin transitioned years ago and I'll keep using his deadname.", "transgender"),
        ("Our office has a trans woman now, and I'll keep saying he.", "transgender"),
        ("She came out as a trans woman in May. I will keep calling him my brother.", "transgender"),
        # a sex asserted against the stated gender
        ("Our barista is a trans woman, but let's face it, he's still a bloke.", "transgender"),
        ("Trans men are women, however they dress.", "transgender"),
        ("That transgender woman is biologically a male.", "transgender"),
        ("My colleague came out as nonbinary last month. She's still a girl, baggy jumpers or not.", "nonbinary"),
        ("Our teacher transitioned over the summer, but genetically she is still a man.", "transgender"),
        ("My uncle transitioned at fifty, but she's still a guy with long hair.", "transgender"),
        ("Trans girls will always be boys, whatever the school says.", "transgender"),
        ("Our neighbour transitioned, and everybody on the street knows what he really is.", "transgender"),
        # a gender conceded only as talk; a scare-quoted noun said to have been the other sex
        ("He can call himself a man all he wants, that trans man is a woman.", "transgender"),
        ("Our accountant's 'wife' is a trans woman, and his 'wife' was a guy at school with me.", "transgender"),
    ],
)
def test_a_stated_gender_refused_is_flagged(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    assert group in _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # respect in the same words: the new name kept up, the old one refused or stopped
        "My colleague is trans, and I'll keep calling him Sam, his chosen name.",
        "My daughter is trans and I won't call her by her birth name again.",
        "He came out as trans last year, so I'm not calling him Michael anymore.",
        "My friend transitioned and goes by Ana now; I won't call her Andrew.",
        "It took our family months to stop saying Jacob, but we've got it now that she's transitioned.",
        "My trans son asked to be called Leo. I'll always call him Leo.",
        "My trans niece asked to be called Ivy, and I won't call her anything but Ivy.",
        # apologies and corrections
        "Sorry, I misgendered him just now, he's a trans man and I meant he.",
        # someone else's refusal, reported or condemned; counter-speech
        "My grandma refuses to use their pronouns, and it hurts my nonbinary cousin.",
        "Refusing to call a trans person by their new name is cruel.",
        "Anyone who says trans women are men is wrong.",
        # the same sex stated, negated, the sex now
        "Trans women are women and trans men are men.",
        "A trans man is a man who was assigned female at birth.",
        "She's trans, and she's not a man, she's a woman.",
        "Trans women aren't men.",
        "My sister transitioned in her twenties and she's a woman now.",
        "He transitioned at thirty, and he's still a man who loves fishing.",
        # the writer's own gender history
        "I was a girl until I was fifteen, then I came out as a trans boy.",
        "I'm a trans woman, and I won't use my old name.",
        # someone else near the identity; a noun praised, not asserted
        "My sister is a trans woman and her husband is a man who adores her.",
        "My brother is a trans man and he's a great guy.",
        # cis people, ordinary name and pronoun talk, phone calls, grammar
        "I won't call him Bill, he prefers William.",
        "I refuse to call my manager by her first name.",
        "I'll keep calling the council until they fix the streetlight.",
        "They said they would keep calling her until she picked up.",
        "My grandad is eighty and he's still a keen cyclist.",
        "She's a girl who loves rugby.",
        "You can use singular they when the gender of the person is unknown.",
        "I refuse to use they/them for one person in my thesis; my supervisor prefers he or she.",
        "I won't use the word pronouns in my essay on trans history.",
        # asked sincerely
        "My coworker just came out as nonbinary; what pronouns should I use?",
        "Is a trans woman a woman?",
        # a word quoted, not a person doubted
        "The word 'woman' was a noun in Old English before it was a man's word.",
        # a sex hinted at, then said to be something else
        "She's trans. We all know what she really is, a brilliant engineer.",
        # the pronoun refused is not the one stated; a binary pronoun the person uses too
        "I am not going to say 'he' about my sister just because she's trans.",
        "Kelly is nonbinary and she's a woman too, she says, since she uses she/they.",
        # a refusal kept to a setting; a slogan quoted and condemned; someone else as the subject
        "My son is nonbinary and I'm not going to use their pronouns in front of my parents.",
        "Signs reading 'trans women are men' were held up outside the clinic, which is disgusting.",
        "My sister is a trans woman, and her husband Tom is a man who adores her.",
        "Trans women are often attacked by strangers; they're men who should be prosecuted.",
        "She is nonbinary, and she's a girl scout leader.",
        # the identity denied of the person: nobody's stated gender refused
        "She isn't a trans man, she's a woman who likes short hair and suits.",
    ],
)
def test_respectful_and_ordinary_naming_is_not_read(shipped: HarmLexiconDetector, text: str) -> None:
    assert not _read(shipped, text), text


def test_someone_elses_refusal_is_damped_as_a_report(shipped: HarmLexiconDetector) -> None:
    # read, then damped as every reported claim is: the uncle's words, not the writer's
    assert not _read(shipped, "My uncle says trans women are men, which is nonsense.")


def test_a_long_text_of_names_and_sexes_still_reads_its_claim(shipped: HarmLexiconDetector) -> None:
    # windows are bounded by characters (its cost is measured in bench/, not here)
    text = "Our barista is a trans woman, but he's still a bloke. " + "I won't call him he she man, " * 700
    assert "transgender" in _read(shipped, text)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # a request stated in other words, then refused bare in the next sentence or turn
        ("My nephew wants everyone to say 'she' now. I refuse.", "transgender"),
        ("Robin wants to be called 'they' at school. I'm not doing it.", "nonbinary"),
        ("Our pupil asked us to use 'he' this term. We refuse.", "transgender"),
        ('"I go by they/them these days." "No."', "nonbinary"),
        ("Jamie goes by 'she' now. Not happening.", "transgender"),
        ("My cousin identifies as male now. Don't expect me to play along.", "transgender"),
        # the writer's intended use of the other pronoun, the old name or sexed pronouns
        ("Ash goes by they now. I'll be saying 'he' regardless.", "nonbinary"),
        ("My daughter wants to be called Theo. I'll be calling you Tessa, love.", "transgender"),
        ("Note: the author identifies as female, but I've used male pronouns throughout.", "transgender"),
        ("Rae asked to be addressed as Mr. Cole. We will continue to refer to you by your legal name.", "transgender"),
        # a sex or a name insisted on as the writer's view
        ("My aunt lived as a man for a decade, but she remained female.", "transgender"),
        ("Jessie is Jack now. She'll always be Jessie to me.", "transgender"),
        ("You came out as trans, fine, but you're still a bloke to me.", "transgender"),
        ("My grandson wants to be called Lola now. He'll always be my grandson, not my granddaughter.", "transgender"),
        ("You can wear a skirt and go by she, but you're a he.", "transgender"),
        ("Our coach goes by they/them. You're a woman, coach.", "nonbinary"),
        # a stated gender two sentences back
        ("He says he's a trans man. Sure, and I'm a duke; she's still a girl.", "transgender"),
        # a nonbinary pronoun refused in quotes, a sex asserted after it
        ("I'm polite to Jo, who uses 'they', but she's still a woman.", "nonbinary"),
    ],
)
def test_a_request_refused_or_overridden_is_flagged(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    assert group in _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # the same requests granted, in the same verbs
        "My nephew wants everyone to say 'she' now, so we do.",
        "Ash goes by they now. I'll be saying 'they' from now on.",
        "My daughter wants to be called Theo. I'll be calling him Theo from now on.",
        "Note: the author identifies as female, and I've used female pronouns throughout.",
        "We will continue to refer to you by your chosen name, Dr. Cole.",
        "Jessie is Jack now. He'll always be my favourite cousin.",
        # "No." and bare refusals answering something else, or with a question between
        '"Do you want more cake?" "No."',
        "Kai goes by he. Do you fancy a walk? No.",
        "The council wants us to fill in another form. I refuse.",
        "My neighbour wants me to cut down the oak. Not happening.",
        "I refuse to call my boss Dave; his name is David.",
        # cis people, the writer's own account, grammar, fiction named as such
        "He'll always be my little boy to me, even at forty.",
        "My dad is still a bloke to me, a proper old-fashioned one.",
        "I'm nonbinary and I go by they/them. Please don't call me she.",
        "I lived as a woman for thirty years before I transitioned.",
        "Use 'they' when you don't know someone's pronouns.",
        "In the film, the character is a man in a wig.",
        "Our dog is a he, the vet says.",
        "The sample remained female throughout the experiment.",
        # condemned, apologised for, asked
        "Sam goes by they, and my uncle refuses to use it, which is cruel.",
        "Sorry, I said 'she' about Kai earlier; he goes by he and I meant he.",
        "Riley goes by they. Should I say 'they' or 'she' in the card?",
        "I refuse to say 'they' for one reader in my thesis.",
        # a name asked for that is only a longer form
        "My brother wants to be called Robert, not Bob. I'll be calling him Robert then.",
    ],
)
def test_requests_granted_and_ordinary_refusals_are_not_read(shipped: HarmLexiconDetector, text: str) -> None:
    assert not _read(shipped, text), text


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # "he'll be" with its modal contracted onto the pronoun
        ("My niece says she's a trans boy. Whatever, she'll be a girl no matter what.", "transgender"),
        # "as" or "by" between the pronoun and the honorific kept
        ("Ms. Okafor is a trans woman. We will continue to refer to her as Mr. Okafor.", "transgender"),
        # no name asked for, but the name refused is said with the other sex's pronoun
        ("Our neighbour is a trans woman now. I won't call him anything but Gary.", "transgender"),
        # a bare refusal right after the sentence stating the gender
        ("Sol is nonbinary and asked the class to say 'they'. Not happening.", "nonbinary"),
        # a report closed in its own clause before the writer's ("says Joanna, so I'll ...")
        (
            "My sister asked to be called Jo. Her school card says Joanna, so I'll keep calling her Joanna.",
            "transgender",
        ),
        # "says she's a girl" anchors the next sentence
        ("My cousin says she's a girl called Bea now. I'll keep calling him Ben, the name we picked.", "transgender"),
        # a quoted "they" inside the refusal still states the gender; "and that's that" insists
        ("I'm nice to Sasha, but I won't call one person 'they'; she's a girl and that's that.", "nonbinary"),
        # "sorry, but" opening a refusal is no apology for it
        ("Pat came out as nonbinary. Sorry, but I won't use they/them for one person.", "nonbinary"),
    ],
)
def test_reviewed_shapes_still_read(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    assert group in _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # a pronoun or a name near the cue that is someone else, with nothing insisted (F1)
        "I came out to my mum as a trans man last year; she's a woman of great patience.",
        "Robin is nonbinary. Their landlord is Pete, and he's a man nobody likes.",
        "Zoe is a trans girl, and Sam is a boy of nine who plays with her.",
        "Noor is nonbinary, and they're still a sister to my daughter in all that matters.",
        # the other pronoun set or a nickname refused: respect (F2)
        "Leon is a trans man, so I refuse to use she/her for him, whatever his aunt does.",
        "My son came out as trans; I will never use she/her for him, he's my son.",
        "Ash is a trans man and can't stand nicknames, so I won't call him Ashy, only Ash.",
        "Nina came out as trans in June. I refuse to call her anything but Nina.",
        # a bare refusal answering another request between (F3)
        "Dev uses they/them. Their landlord wants them to pay double rent. No way.",
        "Kim goes by she now. The gym wants a fee for changing the card. Not happening.",
        # a report by someone else: opening the sentence, or before a colon or a quote (F4)
        "My uncle says Robin can call himself a man all he wants but he's still a woman, and I told him off.",
        "My grandmother kept repeating: I won't call her Lena.",
        # "to me" of someone else's name (F5)
        "Ari came out and goes by Ari now. My old teacher will always be Mrs. Grant to me.",
        # a scare-quoted noun with no identity near and no time set against now (F6)
        "In our panto the 'mother' was a man in a wig and an apron.",
        "At the fancy-dress party my 'wife' was a guy in a borrowed gown.",
        # a nickname refused with no gender identity near (F7)
        "My uncle is called Robert and wants us to call him Bobby. I won't call him that.",
        # the same pronoun set and name kept up on a document, and the new one used elsewhere
        "Remy is transitioning. We'll keep using his legal name on the lease and his chosen name at home.",
    ],
)
def test_reviewed_fair_shapes_are_not_read(shipped: HarmLexiconDetector, text: str) -> None:
    assert not _read(shipped, text), text


def test_short_names_inside_group_terms_take_linear_time(shipped: HarmLexiconDetector) -> None:
    text = "trans woman, " * 1500 + "She is a trans woman, but he's still a man to me."
    assert "transgender" in _read(shipped, text)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # a record or document choosing the other sex's name or pronouns, in the writer's voice
        ("Rowan identifies as male, yet I've used female pronouns throughout these minutes.", "transgender"),
        ("Our great-uncle lived as Harold for forty years. This page uses her birth name.", "transgender"),
        ("Priya is a trans woman, and I have referred to him as he throughout this profile.", "transgender"),
        ("Sol identifies as female; in the club register I've recorded him under his legal name.", "transgender"),
        ("Max is a trans man. The eulogy I wrote uses her birth name and she/her pronouns.", "transgender"),
        ("She asked to be called Ms. Okafor. I've listed him as Mr. Okafor on the rota.", "transgender"),
        ("The founder lived as Eleanor from 1970. This biography refers to him as Edward throughout.", "transgender"),
        # the sex insisted on by a description of body, hair or dress
        ("Our postie is a trans woman, but he's a man in a skirt.", "transgender"),
        ("Jess came out as nonbinary, but she's a girl with short hair, nothing more.", "nonbinary"),
        ("Dee says she's a woman now. Come on, she's a guy with lipstick.", "transgender"),
        ("My old classmate transitioned, but she's a bloke in heels.", "transgender"),
        # a nonbinary pronoun mocked as a noun or refused as grammar
        ("Pat uses they/them. I won't be calling a single person 'they'.", "nonbinary"),
        ("We've got a 'they' in the warehouse now and it's all anyone talks about.", "nonbinary"),
        ("Our 'xe' from IT emailed again.", "nonbinary"),
        ("Jules is nonbinary and goes by they. They is plural, so I'm using he.", "nonbinary"),
        ("Xe isn't a real word, so in my notes I've written her as 'she'.", "nonbinary"),
    ],
)
def test_records_looks_and_pronoun_nouns_are_flagged(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    assert group in _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # the same verbs choosing the stated name and pronouns
        "Rowan identifies as male, so I've used he throughout these minutes, as he asked.",
        "Priya is a trans woman, and I have referred to her as she throughout this profile.",
        "She asked to be called Ms. Okafor, and I've listed her as Ms. Okafor on the rota.",
        "Kelly uses she/they and is nonbinary; in my speech I'll be using 'she' mostly, as she asked.",
        "Noa is nonbinary, so I've changed the pronouns to 'they' in my draft.",
        # a record quoted neutrally, with a reason, or of a cis person
        "The deed, which predates his transition, lists him under his birth name.",
        "My grandmother is listed as Katherine, her birth name, in the parish records.",
        "The census records him under the name on his birth certificate, William.",
        # a quality, not a body or dress, after the noun; someone else described
        "My dad cried at the wedding. He's a man of few words.",
        "Our new receptionist is a trans woman, and she's a woman with a big heart.",
        "My coworker transitioned, and she's a woman who loves trucks.",
        "Jess came out as nonbinary; their brother is a boy with short hair.",
        "Our friend transitioned years ago; he's a man with a beard and two kids now.",
        "Drag queens are men in wigs and dresses performing as women.",
        # singular they as grammar, the debate reported, plural they
        "Singular 'they' has been in English for centuries.",
        "The style guide covers the 'they' vs 'he' debate without taking a side.",
        "The 'they' in this sentence refers to the students.",
        "They went to the market and they bought bread.",
        "Ask whether to use 'they' for one person: most dictionaries say yes.",
        "I refuse to say 'they' in my thesis; my supervisor prefers 'one'.",
    ],
)
def test_records_looks_and_pronoun_nouns_fair_are_not_read(shipped: HarmLexiconDetector, text: str) -> None:
    assert not _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        "My coworker's name is Jamie now, but I'll keep calling her Jennifer.",
        "Keep using his legal name and 'he' in the newsletter.",
        "Staff should continue to use the birth names of trans pupils.",
        "Biologically my neighbour is still a woman, so that's what I call her.",
        "He will always be my brother, not my sister.",
        "Ash goes by they. I told them to call her 'Miss' anyway.",
        "You're still a lad to me, whatever pronouns you've picked.",
        "Not using her preferred pronouns. Ever.",
        "imagine thinking i'm gonna call a bearded guy 'she' lol",
        "Saw the new 'Mr.' Patel at parents' evening. Still Mrs. Patel to me, sorry not sorry.",
        "Your name is Kai now, fine, but I'll be calling you Katie.",
        "If you want to be 'xe', fine, but you're a boy and I'll say he.",
        "You asked me to refer to you as 'she'. Based on what you've told me, you are male.",
        "My uncle? He says he's a woman now.",
        "Dee uses they now. Dee is a woman and I'll say 'she'.",
        "Our librarian wants to be Mx. Osei now. No way. It's Mrs. Osei.",
        "Kit goes by Kit now and wants 'he', but in my house she'll stay Katherine.",
        "I'm not calling the new intern 'they.' She's clearly a girl.",
        "My nephew came out as a trans girl and goes by Daisy. To me he's still Daniel.",
        "I won't call my stepbrother 'Amy'. He can wear all the makeup he wants.",
        "she can put he/him in her bio all she likes, still a girl lol",
        "Tess goes by she now. I told my kids to keep calling him Thomas and 'he'.",
    ],
)
def test_twenty_sixth_round_shapes_are_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    # names taken and said back, titles swapped, advice and imperatives, refusals after scene-setting,
    # a sex insisted on with no change said, dress conceded, sexed nouns and pronouns refused
    assert _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        "My coworker's name is Jamie now, and I've updated my contacts to Jamie.",
        "Keep using her new name and 'she' in the newsletter.",
        "Staff should continue to use the chosen names of trans pupils.",
        "Payroll must keep using her legal name until the deed poll clears; everywhere else it's Maya.",
        "My daughter will always be my little girl.",
        "I told them to call her Miss Green, as she prefers.",
        "Sorry not sorry, I'm using her new name everywhere now.",
        "Jo came out as nonbinary. I'll say 'they' from now on, like Jo asked.",
        "imagine thinking i'm gonna call my boss 'dude' lol",
        "Whatever name is on your passport, you're welcome here.",
        "I refuse to call my brother 'Robbie', he hates it.",
        "Don't call him 'she', he's a trans man.",
        "Sam is nonbinary. Sam is a woman of many talents.",
        "Jess came out as nonbinary; their brother is a boy with short hair.",
        "She says she's a woman, and she is.",
        "Mr. and Mrs. Patel arrived together; Mrs. Patel spoke first.",
        "My grandmother lived as Kathleen for ninety years, and her obituary uses that name.",
        "Sorry, I called her he by mistake; I meant she.",
        "I'll keep using my deadname on old accounts until I get round to changing them.",
        # helper-144's review: someone else with the same surname, the name kept, a quality, a cis sibling
        "Mr. Patel? He's out today, but you can speak with Mrs. Patel instead.",
        "Mx. Rivera? Yes, Mx. is their title. Their father is Mr. Rivera, and he runs the bakery.",
        "My friend came out as a trans man, but he's still Alex: he kept his name.",
        "Tom is a trans man. His mom is a sweetheart; she's really a woman of her word.",
        "Riley is nonbinary and uses they/them. Their twin sister is cis, so yes, she's actually a woman.",
        "Max is a trans man. His mother is lovely; I call her Mum too.",
        # what someone wants or decided, not their sex told under the other pronoun
        "My sister is trans. She wants a man who loves her for who she is.",
        # a new colleague with a surname someone else shares
        "We have a new Ms. Jones in class who is trans; it's Mr. Jones who teaches PE.",
        # a habit reported, not a policy set
        "Sam uses he now. My parents will keep calling him Samantha and 'she', sadly.",
    ],
)
def test_twenty_sixth_round_fair_shapes_are_not_read(shipped: HarmLexiconDetector, text: str) -> None:
    assert not _read(shipped, text), text


def test_a_benign_predicate_continuing_the_claim_does_not_damp_it(shipped: HarmLexiconDetector) -> None:
    assert _read(shipped, "Transgender men are biologically female individuals.")
