"""The identity matcher: boundaries, variants, multi-word terms, context words, false friends."""

from __future__ import annotations

from typing import Any

import pytest

from detectors.lexscan import LexiconScanner
from detectors.taxonomy import Taxonomy, neutralise, plural_forms, spelling_variants

SMALL: dict[str, Any] = {
    "person_nouns": ["people", "women", "men", "workers", "runner", "senator"],
    "false_friends": ["black coffee", "old code", "french fries"],
    "language_guard": {"before": ["in", "speaks"], "after": ["grammar"]},
    "axes": {
        "gender": {"groups": {"women": {"terms": ["woman", "women"]}, "men": {"terms": ["man", "men"]}}},
        "race_ethnicity": {"groups": {"black": {"terms": ["african american"], "context_terms": ["black"]}}},
        "age": {"groups": {"older_people": {"terms": ["senior citizen"], "context_terms": ["old", "older"]}}},
        "nationality": {
            "groups": {
                "french": {"terms": ["french"], "language_names": ["french"]},
                "polish": {"terms": ["poles"], "cased_terms": ["polish"]},
            }
        },
        "disability": {"groups": {"blind": {"context_terms": ["blind"]}}},
        "political": {"groups": {"democrats": {"terms": ["democrat"], "cased_terms": ["democratic"]}}},
        "religion": {"groups": {"jewish": {"terms": ["jew"]}}},
    },
}


@pytest.fixture
def tax() -> Taxonomy:
    return Taxonomy(SMALL)


def groups(t: Taxonomy, text: str) -> list[str]:
    return [m.group for m in t.match(text)]


def test_word_boundaries(tax: Taxonomy) -> None:
    assert groups(tax, "A woman spoke.") == ["women"]
    assert groups(tax, "The womanizer spoke.") == []
    assert groups(tax, "manager, human, mankind") == []
    assert groups(tax, "MEN!") == ["men"]


def test_plurals_possessives_and_multiword(tax: Taxonomy) -> None:
    assert groups(tax, "Jews and a senior citizen") == ["jewish", "older_people"]
    assert groups(tax, "senior citizens' rights") == ["older_people"]
    assert groups(tax, "women's football and the man\u2019s hat") == ["women", "men"]
    assert groups(tax, "African Americans voted") == ["black"]


def test_whole_word_matches_respect_boundaries_for_both_detectors() -> None:
    scanner = LexiconScanner({"a": {"man": "MAN", "men are": "MEN ARE"}, "b": {"men": "MEN"}})
    low = "a man, mankind, human; men are here; women are"
    assert scanner.scan(low) == [[(2, 5, "MAN"), (23, 30, "MEN ARE")], [(23, 26, "MEN")]]


def test_context_terms_need_a_person_noun(tax: Taxonomy) -> None:
    assert groups(tax, "black people") == ["black"]
    assert groups(tax, "a black car") == []
    assert groups(tax, "older workers") == ["older_people"]
    assert groups(tax, "the old house") == []


def test_false_friends_suppress_matches(tax: Taxonomy) -> None:
    assert groups(tax, "I drink black coffee") == []
    assert groups(tax, "refactor the old code") == []
    assert groups(tax, "french fries") == []
    assert groups(tax, "the French voted") == ["french"]


def test_context_terms_chain_over_one_modifier(tax: Taxonomy) -> None:
    assert groups(tax, "a blind marathon runner") == ["blind"]
    assert groups(tax, "a blind marathon route") == []
    assert groups(tax, "old black men") == ["older_people", "black", "men"]


def test_a_function_word_is_no_modifier(taxonomy: Taxonomy) -> None:
    # Nothing here describes people: the context word and the person noun are in different phrases.
    assert groups(taxonomy, "The sky turned black and people ran inside.") == []
    assert groups(taxonomy, "The screen went black for users in Europe.") == []
    assert groups(taxonomy, "It is old and people still use it.") == []
    assert groups(taxonomy, "Paint it white or people will complain.") == []


def test_coordinated_group_words_share_the_person_noun(taxonomy: Taxonomy) -> None:
    assert sorted(groups(taxonomy, "deaf and blind people")) == ["blind", "deaf"]
    assert sorted(groups(taxonomy, "Black or Asian men")) == ["asian", "black"]
    assert sorted(groups(taxonomy, "young and old people")) == ["older_people", "young_people"]


def test_cased_terms_need_the_proper_noun(tax: Taxonomy) -> None:
    assert groups(tax, "She is Polish.") == ["polish"]
    assert groups(tax, "Polish workers arrived") == ["polish"]
    assert groups(tax, "we polish the floor") == []
    assert groups(tax, "Polish the silver first.") == []
    assert groups(tax, "POLISH THE SILVER") == []
    assert groups(tax, "the Democratic senator") == ["democrats"]
    assert groups(tax, "democratic values") == []


def test_language_names_are_guarded_by_context(tax: Taxonomy) -> None:
    assert groups(tax, "He speaks French and writes in French.") == []
    assert groups(tax, "French grammar is hard") == []
    assert groups(tax, "The French voted") == ["french"]
    assert tax.false_friend_count == 3 + 3


def test_hyphen_and_space_variants() -> None:
    assert spelling_variants("mixed-race") == ["mixed-race", "mixed race"]
    assert spelling_variants("african american") == ["african american", "african-american"]
    assert spelling_variants("people with autism") == ["people with autism"]
    t = Taxonomy({"axes": {"r": {"groups": {"m": {"terms": ["mixed-race"]}}}}})
    assert [m.group for m in t.match("mixed race, mixed-race and mixed races")] == ["m", "m", "m"]


def test_spans_point_at_the_original_text(tax: Taxonomy) -> None:
    text = "Many Women's groups"
    (m,) = tax.match(text)
    assert text[m.start : m.end] == "Women" == m.term


def test_neutralise_replaces_each_term_once(tax: Taxonomy) -> None:
    text = "Women and men are equal; black people too."
    assert neutralise(text, tax.match(text)) == "someone and someone are equal; someone people too."


def test_plural_rules() -> None:
    assert plural_forms("nurse") == ["nurses"]
    assert plural_forms("church") == ["churches"]
    assert plural_forms("trans lady") == ["trans ladies"]
    assert plural_forms("refugees") == plural_forms("british") == plural_forms("the elderly") == []


def test_duplicate_group_across_axes_is_rejected() -> None:
    bad = {"axes": {"a": {"groups": {"g": {"terms": ["x"]}}}, "b": {"groups": {"g": {"terms": ["y"]}}}}}
    with pytest.raises(ValueError, match="'g' appears in two axes"):
        Taxonomy(bad)


def test_shipped_taxonomy_covers_the_required_axes() -> None:
    t = Taxonomy.default()
    required = {
        "gender",
        "gender_identity",
        "sexual_orientation",
        "race_ethnicity",
        "nationality",
        "religion",
        "age",
        "disability",
    }
    assert required <= set(t.axes)
    assert len(t.axes) >= 12
    assert t.authored_term_count >= 1500
    assert t.term_count > t.authored_term_count
    assert groups(t, "My Muslim neighbour and her deaf friend") == ["muslim", "deaf"]
    assert groups(t, "Pour me a black coffee and run the old code") == []


def test_shipped_group_set_stays_bounded() -> None:
    # Group keys are Prometheus label values: a growing set would mean unbounded series.
    t = Taxonomy.default()
    assert 100 <= len(t.groups) <= 150
    assert all(g.replace("_", "").isalnum() and g.islower() for g in t.groups)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A blind marathon runner won.", ["blind"]),
        ("Black British writers met.", ["black", "british"]),
        ("The Democratic senator spoke.", ["democrats"]),
        ("I am learning Polish; she is Polish.", ["polish"]),
        ("The imam and the rabbi visited the mosque and the synagogue.", ["muslim", "jewish", "muslim", "jewish"]),
        ("He goes to church.", ["christian"]),
        ("He speaks English and teaches French grammar.", []),
        ("The English are famous for queueing.", ["british"]),
        ("We ate turkey and a Turkish delight, then went cold turkey.", []),
        ("White paper, black hole, old code, polish the UI.", []),
        ("Most Canadians are bilingual.", ["canadian"]),
        ("older workers and people with disabilities", ["older_people", "disabled"]),
    ],
)
def test_shipped_taxonomy_cases(text: str, expected: list[str]) -> None:
    assert groups(Taxonomy.default(), text) == expected


def test_false_friend_reaching_past_a_term_cancels_it() -> None:
    t = Taxonomy({"false_friends": ["elite athletes"], "axes": {"s": {"groups": {"rich": {"terms": ["the elite"]}}}}})
    assert groups(t, "The elite athletes trained.") == []
    assert groups(t, "The elite decide.") == ["rich"]


@pytest.mark.parametrize(
    "text",
    [
        "Black Friday sales start soon; use a white background with black text.",
        "The old API is deprecated, so migrate the old code and the older versions.",
        "Rich text editors and a native module; the field is disabled by default.",
        "The child process inherits the parent process environment.",
        "Our senior engineers reviewed the design with the junior developers.",
        "Turkish coffee, Greek yogurt and a French press for breakfast.",
        "She turned a deaf ear to a blind date, which was a blind spot.",
        "Poor performance comes from poor indexing; the short answer is yes.",
        "Read the man page: male and female connectors must match.",
        "A fat client talks to a thin server over a straight line.",
        "Chinese characters render badly; install the German language pack.",
        "He speaks fluent Japanese and went cold turkey.",
        "Democratic institutions need a free press; a conservative estimate is ten days.",
        "Foreign keys enforce integrity; an illegal argument exception was thrown.",
        "The elite athletes trained hard on rural roads.",
        "Black holes, white dwarfs and the queen bee.",
        "Polish the draft before sending it to the white house press office.",
        "I could murder a Chinese takeaway, or Thai curry, or an Italian pizza with a Japanese beer.",
        "Half the town's residents are native-born citizens; the rest are native born too.",
    ],
)
def test_shipped_false_friends(text: str) -> None:
    assert groups(Taxonomy.default(), text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mulsims are vermin.", ["muslim"]),
        ("those mgirants again", ["immigrants"]),
        ("Chrsitians and Hnidus", ["christian", "hindu"]),
    ],
)
def test_swapped_inner_letters_of_long_terms_still_match(text: str, expected: list[str]) -> None:
    assert groups(Taxonomy.default(), text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Christina and Romain went to the Latian coast.",  # swapped forms that are words or names
        "The tarns are cold.",  # "trans" is too short to get swapped forms
        "Jwes",  # so is "jews"
    ],
)
def test_swapped_forms_skip_real_words_and_short_terms(text: str) -> None:
    assert groups(Taxonomy.default(), text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mslims are vermin.", ["muslim"]),  # a dropped letter
        ("those imigrants again", ["immigrants"]),  # a double letter written once
        ("Muuslims and Christtians", ["muslim", "christian"]),  # a doubled letter
        ("the Jewissh lobby", ["jewish"]),
    ],
)
def test_dropped_and_doubled_letters_of_long_terms_still_match(text: str, expected: list[str]) -> None:
    assert groups(Taxonomy.default(), text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "It never bothers anyone.",  # "brothers" without its "r" is a word
        "Trade across the Americas grew.",  # "Americans" without its "n"
        "The princes and the morons.",  # "princess" with one "s" less; "mormons" without an "m"
        "Flights to Honduras resumed.",  # "Hondurans" without its "n" is a country
        "Jws",  # "jews" is too short to lose a letter
        "the mslim",  # "muslim" has six letters: too short to lose one
    ],
)
def test_misspelt_forms_skip_real_words_places_and_short_terms(text: str) -> None:
    assert groups(Taxonomy.default(), text) == []


def test_misspelt_forms_come_from_authored_terms_only() -> None:
    """No form of a form: "Mslims" is added, a letter dropped from it again is not."""
    from detectors import misspellings

    assert "mslims" in misspellings.dropped("muslims")
    assert "muuslims" in misspellings.doubled("muslims")
    assert "immmigrants" not in misspellings.doubled("immigrants")  # a third letter: a run the normaliser collapses
    tax = Taxonomy(SMALL | {"axes": {"religion": {"groups": {"muslim": {"terms": ["muslims"]}}}}})
    assert tax.misspelt_count == len(set(misspellings.dropped("muslims") + misspellings.doubled("muslims")))
    assert groups(tax, "mslims") == ["muslim"]
    assert groups(tax, "msims") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A political side: the subject of a clause, or the whole object of a verb of attitude.
        ("The right wants lower taxes.", ["conservatives"]),
        ("The left is divided on this.", ["liberals"]),
        ("lmfao the left doesnt think so", ["liberals"]),
        ("I blame the left.", ["liberals"]),
        # A choice, an entitlement, a direction or a hand: no side.
        ("It is the right thing to do.", []),
        ("You have the right to remain silent.", []),
        ("Click the button on the right.", []),
        ("The button on the left is greyed out.", []),
        ("Hold the scissors in the right hand.", []),
        ("Is this the right answer?", []),
        # A misspelt "the right" is read by the same rule as the authored term it spells.
        ("It is the rigth thing to do.", []),
        ("Teh right wants lower taxes.", ["conservatives"]),
    ],
)
def test_the_left_and_the_right_name_a_side_only_as_one(taxonomy: Taxonomy, text: str, expected: list[str]) -> None:
    assert groups(taxonomy, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Swedes and Norwegians queued politely.", ["nordic", "nordic"]),
        ("My neighbours are Danish.", ["nordic"]),
        ("Belgians, Austrians and the Swiss voted.", ["western_european", "western_european", "western_european"]),
        ("Serbs, Croats and Bosniaks live in the town.", ["eastern_european"] * 3),
        ("Czechs and Slovaks split peacefully.", ["eastern_european", "eastern_european"]),
        ("Chechens and Armenians moved to Moscow.", ["caucasus_central_asian", "caucasus_central_asian"]),
        ("Uyghurs are held in camps.", ["caucasus_central_asian"]),
        ("Hmong families settled in Minnesota.", ["southeast_asian"]),
        ("Nepalis and Tibetans crossed the pass.", ["himalayan", "himalayan"]),
        ("Sri Lankans cheered the team.", ["sri_lankan"]),
        ("Trinidadians and Bahamians met in Miami.", ["caribbean", "caribbean"]),
        ("New Zealanders voted on the flag.", ["new_zealander"]),
        ("Tutsis and Hutus share a language.", ["african", "african"]),
        ("Zoroastrians and Rastafarians were interviewed.", ["zoroastrian", "rastafarian"]),
        ("Yazidis and Berbers were interviewed.", ["middle_eastern", "middle_eastern"]),
        ("Dominicans are proud of their baseball players.", ["hispanic_latino"]),
    ],
)
def test_nationalities_without_a_country_group_fall_in_their_region(text: str, expected: list[str]) -> None:
    assert groups(Taxonomy.default(), text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Swedish meatballs, a Danish pastry and Belgian waffles for lunch.",
        "We mashed a swede and ate a danish with coffee.",
        "Hungarian notation and the Hungarian algorithm are in the course.",
        "The Czech Republic joined in 2004; she speaks Czech.",
        "A Georgian terrace with Georgian architecture, near a Great Dane.",
        "Mongolian beef, Tibetan singing bowls and a Burmese cat.",
        "He did Bulgarian split squats before his Swiss watch stopped.",
        "Please finish the report; the Etonian tie is blue.",
        "Swedish grammar is hard, and she is learning Finnish too.",
        "The Dominican Republic and the Portuguese water dog.",
        "Georgian has its own alphabet and Maltese is the only Semitic language of the EU.",
        "She knows a little Finnish; our Maltese puppy knows none.",
        "Danish pastries, Armenian brandy and Nepali momos.",
        "He had an epileptic fit during the 1980s revival night.",
        "I hate Paris; the huts had no fins, just coats.",
        "Pack the tent poles and pegs. French grammar's rules are hard.",
        "He kept saying 'in French' all the time.",
    ],
)
def test_new_nationality_words_in_their_other_senses_name_nobody(text: str) -> None:
    assert groups(Taxonomy.default(), text) == []
