"""A deed named as history is not a threat (detectors/harm_history.py, the thirteenth round).

Encyclopaedic, testimonial and news sentences name genocides, lynchings and massacres as events;
the hateful contrasts use the same nouns and say something of the deed itself: a call for it, an
approval in its predicate, mockery, another one asked for. Places of a genocide asked for a group
("deserve the camps") are listed threats, whose history ("sent to the gas chambers") is not.
Sentences are written for these tests, with wording of their own.
"""

from __future__ import annotations

import pytest

from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import threat


@pytest.mark.parametrize(
    "text",
    [
        "Her family fled Kigali during the Rwandan genocide.",
        "Turkey still refuses to recognise the Armenian genocide.",
        "The ethnic cleansing of Bosnian Muslims shocked the world.",
        "Museums document the extermination of European Jews.",
        "The lynching of Black Americans was a tool of terror in the Jim Crow South.",
        "The massacre of Chinese miners at Rock Springs is a forgotten chapter of history.",
        "During the purge of the Jews from German universities, many scientists fled.",
        # classified as one, reported, or a field of study
        "The Lavender Scare was a purge of gay men and lesbians from federal jobs.",
        "A tribunal ruled the killing of Bosnian Muslims a genocide.",
        "The committee heard evidence of ethnic cleansing of Bosnian Muslims by Serb forces.",
        "Genocide scholars call the killing of Rwandan Tutsi a textbook case.",
        # words that call for a deed elsewhere, here said of something else
        "Next month marks thirty years since the genocide of the Tutsi.",
        "Never again: today we remember the extermination of the Jews.",
        "The best book on the lynching of Black Americans is by Ida B. Wells.",
        "The massacre at Srebrenica claimed more than 8,000 Bosnian Muslim lives.",
        "Jews were sent to the gas chambers at Auschwitz.",
        # a modal that remembers or teaches the deed, not one that calls for it
        "The Armenian genocide will never be forgotten.",
        "The extermination of European Jews should be taught in every school.",
        "The lynching of Black Americans needs to be remembered.",
        # words that approve elsewhere, here plain report
        "The lecture was based on the Rwandan genocide of the Tutsi.",
        "It's a shame the genocide of the Tutsi is so little known.",
        "I wish that genocide of the Tutsi had never happened.",
        "The massacre of the Tutsi came back into the news this week.",
        "The genocide of the Tutsi began in April and was done within a hundred days.",
        "Scholars argue the slow, bureaucratic genocide of the Armenians was a way to test methods.",
        # a modal, a verb of seeing, a prayer and "failed" said of study, view, hope and survival
        "Every student should read about the Armenian genocide.",
        "Students must study the extermination of European Jews.",
        "Historians see the Armenian genocide as the first modern genocide.",
        "I pray the genocide of the Uyghurs is stopped.",
        "The genocide of the Armenians failed to erase their culture.",
        "The Uyghurs in the camps deserve our help.",
        "Lidice, a Czech village, was wiped off the map in 1942.",
        "It's time to get rid of the stigma around autistic people.",
    ],
)
def test_a_deed_named_as_a_past_event_is_history(shipped: HarmLexiconDetector, text: str) -> None:
    assert threat(shipped, text) is None, text


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("We should repeat the Armenian genocide.", "caucasus_central_asian"),
        ("The Rwandan genocide didn't go far enough.", "african"),
        ("I'm all for the extermination of Muslims.", "muslim"),
        ("Honestly the extermination of gypsies was a blessing.", "roma"),
        ("The purge of the gays starts tomorrow.", "gay"),
        ("We need a Jewish genocide.", "jewish"),
        ("Bring back the lynching of black men.", "black"),
        # approval in the predicate of the deed, a coordinated subject, regret that it ended
        ("The Holocaust and the extermination of Jews were fine by me.", "jewish"),
        ("The genocide of the Uyghurs is exactly what those people deserve.", "caucasus_central_asian"),
        ("Shame the genocide of the Armenians failed.", "caucasus_central_asian"),
        ("The genocide of the Tutsi was the right thing to do.", "african"),
        ("I wish the purge of the gays had gone further.", "gay"),
        ("The lynching of Black men should be a national holiday.", "black"),
        ("As a patriot I demand a purge of Muslims.", "muslim"),
        ("Muslims were a mistake and we need a genocide of them.", "muslim"),
        ("The eradication of the Roma is the only answer.", "roma"),
        # mockery, and a bare question answered by a call in the next sentence
        ("imagine crying about the genocide of the Tutsi lmaooo", "african"),
        ("The extermination of the Jews? Do it again, properly this time.", "jewish"),
        # the places of a genocide asked for the group, and coded calls for one
        ("Uyghurs deserve the camps.", "caucasus_central_asian"),
        ("Send the gays back to the gas chambers.", "gay"),
        ("Let's finish what Hitler started with the Jews.", "jewish"),
        ("Wipe them off the map, every last Hungarian.", "eastern_european"),
    ],
)
def test_the_same_deed_called_for_or_approved_stays_a_threat(
    shipped: HarmLexiconDetector, text: str, group: str
) -> None:
    found = threat(shipped, text)
    assert found is not None and group in found, text
