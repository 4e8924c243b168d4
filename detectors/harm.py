"""`harm_lexicon`: slurs, dehumanisation, threats, exclusion, derogation and generalisations.

Every category except slurs is anchored on a group mention in the same sentence (a word of
prejudice that names its group, "homophobia", anchors as a slur does: harm_prejudice), or on a plural
anaphor or verbless fragment resolved to the group named in the sentence or turn before
(harm_discourse), or on a group named on its own before a comment with no subject of its own,
read as the sentence they make (harm_topic: "Mormons. A cult."), so the same words about a
non-group ("all cats are lazy", "rats in the barn") never fire. A reply whose short prompt asks
about one group (or mentions one, when the reply speaks of "people like that") is also read with
that group named before it. Besides insults and predicates, the grammar reads presupposition (a
why-question asserts what it asks), deontic frames (denial of access, discrimination advice, advice to avoid or
scrutinise a group: harm_directives), a group told to leave or sent away (harm_expulsion), a trait
put down to the group's nature (harm_essence) and implicit derogation (backhanded praise, a group's
presence as a nuisance: harm_implicit; a group said to get favours while others go without:
harm_grievance; the prejudice a group meets denied, harm_denial, or its reports of it doubted or
resented, harm_doubt, or its people's positions said to be unearned, harm_unearned); a disclaimer
("I'm not racist but") makes the generalisation after it negative.
Scores are damped, never zeroed: by counter-speech, which may sit in a neighbouring sentence
("... should be shot." "That's a vile thing to say."), by reporting ("a post calling <group>
parasites"), by a negated threat, by a title or fiction frame ("in the film ..."), by words cited
in quotes after a reporting cue ("someone commented '<group> = burden'") or as a label ("the
'<claim>' guys"), and for slurs, by a mention rather than a use (quotes, names, "the word") or by
the word's everyday sense ("faggots in gravy").
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from detectors import harm_address as address
from detectors import harm_apart as segregation
from detectors import harm_backhanded as backhanded
from detectors import harm_burden as burden
from detectors import harm_causes as causes
from detectors import harm_conduct as habitual
from detectors import harm_contempt as contempt
from detectors import harm_denial as denial
from detectors import harm_directives as directives
from detectors import harm_discourse as discourse
from detectors import harm_doubt as doubt
from detectors import harm_essence as essence
from detectors import harm_everywhere as everywhere
from detectors import harm_expectations as expectations
from detectors import harm_explained as explained
from detectors import harm_expulsion as expulsion
from detectors import harm_faking as faking
from detectors import harm_frames as frames
from detectors import harm_grammar as g
from detectors import harm_grievance as grievance
from detectors import harm_history as history
from detectors import harm_implicit as implicit
from detectors import harm_incompatible as incompatible
from detectors import harm_misgendering as misgendering
from detectors import harm_motives as motives
from detectors import harm_phase as phase
from detectors import harm_prejudice as prejudice
from detectors import harm_profanity as profanity
from detectors import harm_reaction as reaction
from detectors import harm_scrutiny as scrutiny
from detectors import harm_sex_rules as sex_rules
from detectors import harm_sneered as sneered
from detectors import harm_sorting as sorting
from detectors import harm_suffering as suffering
from detectors import harm_topic as topic
from detectors import harm_unearned as unearned
from detectors import harm_violence as violence
from detectors import harm_wishes as wishes
from detectors import polarity as sentiment
from detectors import slur_forms, yamlload
from detectors.base import Batch, Evidence, Finding
from detectors.harm_discourse import DiscourseWords, Resolved
from detectors.harm_frames import FrameWords, Stance
from detectors.harm_grammar import Hit
from detectors.harm_senses import SlurSenses
from detectors.lexscan import LexiconScanner, Match
from detectors.normalise import Normalised, normalise_text
from detectors.taxonomy import Mention, Mentions, Taxonomy, normalise


class HarmOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = Field(True, description="run this detector")
    threshold: float = Field(0.5, ge=0.0, le=1.0, description="score at or above which a sample is flagged")
    slur_score: float = Field(0.95, ge=0.0, le=1.0, description="score of a slur")
    dehumanising_score: float = Field(
        0.85, ge=0.0, le=1.0, description="score of dehumanising language said of a group in the same sentence"
    )
    threat_score: float = Field(0.9, ge=0.0, le=1.0, description="score of a threat of violence near a group mention")
    exclusion_score: float = Field(
        0.75, ge=0.0, le=1.0, description='score of a call to exclude a group ("<group> should be deported")'
    )
    derogation_score: float = Field(
        0.7, ge=0.0, le=1.0, description='score of an insult attached to a group term ("filthy <group>")'
    )
    generalisation_negative_score: float = Field(
        0.8, ge=0.0, le=1.0, description='score of "all/most <group> are" with a negative attribute'
    )
    generalisation_score: float = Field(
        0.35, ge=0.0, le=1.0, description="score of a generalisation with no negative attribute (evidence only)"
    )
    countered_factor: float = Field(0.4, ge=0.0, le=1.0, description="multiplier when the sentence rejects the claim")
    title_factor: float = Field(
        0.3, ge=0.0, le=1.0, description="multiplier when the sentence frames a title or fiction (film, novel, lyrics)"
    )
    mentioned_slur_factor: float = Field(
        0.3, ge=0.0, le=1.0, description='multiplier for a slur quoted, inside a name, or after "the word"'
    )
    reported_factor: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description='multiplier when someone other than the writer says it ("he said ...", "a post calling ...")',
    )
    discrimination_advice_score: float = Field(
        0.8,
        ge=0.0,
        le=1.0,
        description=(
            "score of advice to treat a group differently with a generalisation as its reason"
            ' ("<group> tend to ..., so prefer other candidates")'
        ),
    )
    implicit_score: float = Field(
        0.65,
        ge=0.0,
        le=1.0,
        description=(
            'score of implicit derogation: praise that presupposes the group lacks the quality ("articulate for a'
            ' <group member>", "<group> but nice"), a precaution conceded against a person\'s group, or the group\'s'
            ' presence as a reason to leave or a danger ("too many <group> moved in")'
        ),
    )
    homonym_factor: float = Field(
        0.3,
        ge=0.0,
        le=1.0,
        description='multiplier for a slur in its everyday sense ("faggots in gravy", "a Maine coon")',
    )


# Words between a reporting cue and the quotation it governs ("commented under my post '...'").
_CITE_REACH = 6
# Words between a quotation's close and the copula of the writer's judgement of it ("'...' trending
# again is vile"), and the kinds of word that judge speech (not the negative qualities a claim
# itself says of a group: "'refugees' are criminals").
_JUDGED_REACH = 4
_JUDGING = ("quote_judgements", "rejection_cues", "counter_cues", "weak_denunciations", "denunciations", "accusations")
# harm_terms.yaml keys matched as phrases; `slurs` (mappings) and the two cue lists read as word
# sequences (`quantifiers`, `generalising_predicates`) are handled apart.
_KINDS = (
    "dehumanising",
    "dehumanising_predicates",
    "dehumanising_verbs",
    "threats",
    "exclusion_phrases",
    "negative_attributes",
    "capability_denials",
    "negative_behaviours",
    "pathologising",
    "positive_attributes",
    "lacked_qualities",
    "accusations",
    "framing_verbs",
    "benign_predicates",
    "counter_cues",
    "title_cues",
    "mention_cues",
    "quote_judgements",
    "stereotype_tags",
    *frames.KINDS,
    *discourse.KINDS,
    *directives.KINDS,
    *implicit.KINDS,
    *explained.KINDS,
    *profanity.KINDS,
    *address.KINDS,
    *violence.KINDS,
    *wishes.KINDS,
    *contempt.KINDS,
    *expulsion.KINDS,
    *suffering.KINDS,
    *reaction.KINDS,
    *essence.KINDS,
    *sorting.KINDS,
    *denial.KINDS,
    *doubt.KINDS,
    *unearned.KINDS,
    *burden.KINDS,
    *causes.KINDS,
    *phase.KINDS,
    *expectations.KINDS,
    *segregation.KINDS,
    *backhanded.KINDS,
    *faking.KINDS,
    *scrutiny.KINDS,
    *everywhere.KINDS,
    *sneered.KINDS,
    *misgendering.KINDS,
    *sex_rules.KINDS,
    *incompatible.KINDS,
    *motives.KINDS,
)
# A quoted slur is a mention when the quotes hold at most this many words ('the word "x"',
# 'called me "a dirty x"'); longer quoted spans are speech, judged by the reporting frames.
_QUOTED_WORDS = 3
# A reporting cue this close after a quotation that has words before it cites it ('lol, "...", said
# the guy'); further on, the words are the writer's again.
_CITED_AFTER = 1
_DAMPING = ("counter_cues", "benign_predicates")
_NEGATIVE_KINDS = ("negative_attributes", "negative_behaviours", "pathologising")
# Words of a sentence that report someone else's decision ("My manager said to pass on him.").
_REPORTED_DECISION = frozenset(["said", "says", "told", "tells", "asked", "wants", "wanted", "according"])
# Praise said of a group after a disclaimer is not made negative by it.
_PRAISE_KINDS = tuple(sorted(implicit.CONCEDED_KINDS))
# Pronouns that name people as a decision's object ("turning him down"); not "her", which is as
# often a possessive ("declining her claim").
_PERSON_PRONOUNS = frozenset(["him", "them", "she", "he", "they"])
# Words before a generalisation that gives the reason for the advice in the sentence before ("Older
# workers tend to ...", "Honestly, most <group> ...").
_REASON_OPENERS = 2
# Between a group's copula and an accusation said of it ("<group> are, frankly, all racist").
_ACCUSING_ADVERBS = frozenset(
    [
        *("all", "so", "very", "really", "just", "generally", "mostly", "usually", "often", "always"),
        *("inherently", "basically", "extremely", "deeply", "incredibly", "too", "fundamentally", "naturally"),
        *("clearly", "obviously", "totally", "completely", "quite", "pretty", "fucking", "bloody", "such", "frankly"),
    ]
)
# Right before a group (or its quantifier), these say few or none of it: "Hardly any <group> are
# homophobic", "Very few <group> are racist", "Not every <group> is sexist".
_FEW = frozenset(["few", "no", "not", "none"])
_FEW_PAIRS = frozenset([("hardly", "any"), ("scarcely", "any"), ("not", "every"), ("not", "all")])
_ACCUSED_WORDS = 6  # words between the group and its accusation ("<group> are, frankly, all so racist")
# In the cue itself these deny or lessen the accusation ("are less prejudiced", "are not racist").
_NOT_ACCUSING = frozenset(["less", "not", "never", "no", "hardly", "rarely", "seldom", "least", "few", "none"])
# An age group's children lack a quality by development, not by a stereotype ("Young children lack
# empathy until about four").
# After a denied quality, these make it a participle with an agent or a goal (`_closes_quality`),
# unless they name the trait's source ("by nature", "by birth").
_AGENT_PREPOSITIONS = frozenset(["by", "into"])
_BY_ITSELF = frozenset(["nature", "birth", "default", "design"])
# Conduct said with a favourable comparison after it: "<group> rely on welfare less than natives do".
_LESS_THAN = (
    *(" less than", " less often", " no more than", " fewer than", " less frequently", " at lower rates"),
    *(" at a lower rate", " at much lower rates", " at rates below", " at rates lower", " no more often", " rarely"),
)
# An explanation refused right before the group: "..., not because <group> are inherently suited to
# it". Only the claim it opens; a claim before it stands ("<group> are violent, not because of ...").
_REFUSED = re.compile(
    r"(?:(?<![a-z0-9'])not|n't)\s+(?:just\s+|simply\s+|only\s+)?because\s+(?:(?:all|most|some|the)\s+)?$"
)
# A benign predicate after one of these is in another clause than the group ("<group> are clannish,
# so don't expect to be welcomed").
_CLAUSE_MARKS = frozenset(",;:")


class HarmLexiconDetector:
    name = "harm_lexicon"

    def __init__(
        self,
        taxonomy: Taxonomy,
        options: HarmOptions | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        self.options = options or HarmOptions()
        if data is None:
            ref = resources.files("detectors") / "data" / "harm_terms.yaml"
            data = yamlload.safe_load(ref.read_text(encoding="utf-8"))
        self.taxonomy = taxonomy
        self.slur_groups: dict[str, str] = {}
        kinds: dict[str, set[str]] = {}
        for item in data.get("slurs") or []:
            term, group = normalise(str(item["term"])).strip(), str(item["group"])
            if group not in taxonomy.group_axis:
                raise ValueError(f"harm lexicon: slur group {group!r} is not in the taxonomy")
            self.slur_groups[term] = group
            kinds.setdefault(term, set()).add("slurs")
        for kind in _KINDS:
            for item in data.get(kind) or []:
                kinds.setdefault(normalise(str(item)).strip(), set()).add(kind)
        self._misconduct = habitual.Misconduct(data)
        for phrase in self._misconduct.forms:
            kinds.setdefault(phrase, set()).add(habitual.KIND)
        for phrase in violence.normative_threats(data):
            kinds.setdefault(phrase, set()).add("threats")
        for phrase in expulsion.called_exclusions(data):
            kinds.setdefault(phrase, set()).add("exclusion_phrases")
        self.prejudice_groups = prejudice.prejudice_groups(data, frozenset(taxonomy.group_axis))
        for term in self.prejudice_groups:
            kinds.setdefault(term, set()).add("grievance_nouns")
        self.sneered_conditions = sneered.condition_groups(data, frozenset(taxonomy.group_axis))
        for term in self.sneered_conditions:
            kinds.setdefault(term, set()).add(sneered.CONDITIONS)
        for phrase in frames.prejudice_disclaimers(data):
            kinds.setdefault(phrase, set()).add("prejudice_disclaimers")
        quantifiers = {" ".join(g.words(normalise(str(q)), 0, 10**6)) for q in data.get("quantifiers") or []}
        predicates = {normalise(str(p)).strip() for p in data.get("generalising_predicates") or []}
        # Longest alternative first, so "all of the" wins over "all" and "are all" over "are".
        self._quantifier_re = re.compile(r"(?<![a-z0-9'])(" + _alternation(quantifiers) + r")[^a-z0-9]*$")
        self._predicate_re = re.compile(r"(?:" + _alternation(predicates) + r")(?![a-z0-9])")
        self.definitional = frozenset(
            normalise(str(v)) for key in ("definitional_verbs", "circumstance_verbs") for v in data.get(key) or []
        )
        negatives = {normalise(str(a)).strip() for a in data.get("negative_attributes") or []}
        traits = (normalise(str(w)).strip() for k in essence.TRAIT_KINDS for w in data.get(k) or [])
        self._traits = frozenset(t for t in traits if " " not in t)
        # the nouns a group's phrase ends on ("the working-class ones")
        self._heads = frozenset(taxonomy.person_nouns | {"ones", "lot", "crowd", "types", "kind"})
        self._emoji_glue = g.EMOJI_GLUE | taxonomy.person_nouns | {a for a in negatives if " " not in a}
        self.frame_words = FrameWords(
            frozenset(normalise(str(w)).strip() for w in data.get("own_voice") or []),
            frozenset(normalise(str(w)).strip() for w in data.get("endorsing_markers") or []),
        )
        self.senses = SlurSenses(data)
        self.discourse_words = DiscourseWords.from_data(data)
        self.suffering_words = suffering.SufferingWords.from_data(data)
        self.access = directives.AccessFrames(data)
        self.address_words = address.AddressWords(data)
        self.framing = frozenset(normalise(str(w)).strip() for w in data.get("framing_verbs") or [])
        # one accusation may follow another ("<group> are racist and xenophobic")
        self._accusing = frozenset(
            a for a in (normalise(str(w)).strip() for w in data.get("accusations") or []) if " " not in a
        )
        for term in self.senses.terms():
            if term not in self.slur_groups:
                raise ValueError(f"harm lexicon: slur_senses names {term!r}, which is not a slur")
        terms = {term: (term, tuple(sorted(ks))) for term, ks in kinds.items()}
        # "ngiger", "fa ggot": a misspelt slur is read as the slur it spells (its senses, its group).
        for form, slur in slur_forms.misspelt_slurs(self.slur_groups, taken=(kinds, taxonomy)).items():
            terms[form] = (slur, terms[slur][1])
        digest = hashlib.sha256(yamlload.digest_text(data).encode()).hexdigest()[:12]
        self.version = f"2+lexicon.{digest}"
        # The taxonomy scans every prompt and response for group terms anyway: the same pass finds
        # these terms too, and the matches travel with the mentions. Texts matched elsewhere (or
        # mentions built by hand) are scanned here.
        self._scan_key = f"{self.name}.{digest}"
        self._terms = terms
        self._scanner = LexiconScanner({self._scan_key: terms})
        taxonomy.share_scan(self._scan_key, terms)

    def _matches(self, low: str, text: str, mentions: list[Mention]) -> list[Match]:
        shared = mentions.shared_matches(self._scan_key, text) if isinstance(mentions, Mentions) else None
        return shared if shared is not None else self._scanner.scan(low)[0]

    def detect(self, batch: Batch) -> list[Finding]:
        findings: list[Finding] = []
        for p in batch.pairs():
            found = self.score_text(p.sample.id, p.response, p.response_mentions)
            asked = self._asked_about(p.prompt, p.prompt_mentions, p.response, p.response_mentions)
            if asked is not None:
                found = _stronger(found, self._replying(p.sample.id, p.response, *asked))
            findings.extend(found)
        return findings

    def _asked_about(
        self, prompt: Normalised, p_mentions: list[Mention], norm: Normalised, mentions: list[Mention]
    ) -> tuple[str, int] | None:
        """The group a short prompt asks about, when the reply's first sentence names none (the
        reply is read with it named first); or the group the reply's "people like that" means, when
        the reply names none before it (named before that sentence)."""
        if not p_mentions or len(prompt.text) > topic.ASKED_CHARS or not norm.text.strip():
            return None  # most prompts name no group, or are too long to be about one
        return topic.reply_topic(
            normalise(prompt.text),
            prompt.text,
            [m.normalised() for m in p_mentions],
            mentions.low if isinstance(mentions, Mentions) and mentions.text == norm.text else normalise(norm.text),
            [m.normalised() for m in mentions],
        )

    def _replying(self, sample_id: str, norm: Normalised, asked: str, at: int) -> list[Finding]:
        """The reply read with the group named at `at` ("Nigerians." before "Scammers, mostly."),
        so a fragment or "they" there is said of that group; evidence maps back into the reply.
        Only what that reading flags: its plain findings say no more than the reply's own."""
        lead = f"{asked}. "
        written = normalise_text(norm.text[:at] + lead + norm.text[at:])
        out = []
        for f in self.score_text(sample_id, written, self.taxonomy.match(written)):
            if not f.flagged:
                continue
            evidence = []
            for e in f.evidence:
                if e.span is None:
                    evidence.append(e)
                    continue
                start, end = (_unshifted(x, at, len(lead)) for x in e.span)
                if end <= start:
                    # only the group named for the reading: it is the prompt's
                    evidence.append(dataclasses.replace(e, text=asked, field="prompt", span=None))
                    continue
                o_start, o_end = norm.span(start, end)
                evidence.append(dataclasses.replace(e, text=norm.original[o_start:o_end], span=(o_start, o_end)))
            out.append(dataclasses.replace(f, evidence=tuple(evidence)))
        return out

    def score_text(
        self, sample_id: str, text: str | Normalised, mentions: list[Mention], topics: bool = True
    ) -> list[Finding]:
        """Findings for one text; `mentions` come from matching the same text (their spans map back).
        `topics`: also read a group named on its own and the fragment said of it (harm_topic)."""
        norm = text if isinstance(text, Normalised) else normalise_text(text)
        text = norm.text
        # The taxonomy lowered the same text for its scan.
        low = mentions.low if isinstance(mentions, Mentions) and mentions.text == text else normalise(text)
        matches = self._matches(low, text, mentions)
        # A slur, or a word of prejudice that names its group ("homophobia"), anchors a claim
        # without a group mention.
        sneers = [end for _, end, (_, kinds) in matches if "sneer_markers" in kinds]
        anchors = [
            start
            for start, end, (term, kinds) in matches
            if "slurs" in kinds
            or ("grievance_nouns" in kinds and term in self.prejudice_groups)
            # an identity said to be everywhere, named in the sentence before ("Now every influencer has it.")
            or ("novelty_markers" in kinds and everywhere.anchor(low, start))
            # a condition the taxonomy does not read, in scare quotes or after "so-called"
            or (sneered.CONDITIONS in kinds and sneered.anchored(text, start, end, sneers))
            # a name or a sex refused next to a gender identity said ("... is a trans woman. He's
            # still a bloke."): the sentence may name no group
            or (not misgendering.TRIGGERS.isdisjoint(kinds) and misgendering.anchored(low, start, kinds))
            # names ruled by birth sex, singular "they" derided: about everyone's names
            or sex_rules.anchored(low, start, kinds)
        ]
        for start, _, (_, kinds) in matches:
            # an identity the taxonomy does not read alone, dismissed ("being trans is a phase"),
            # perhaps in the sentence before ("she was bi for two months. Total phase.")
            short = None if phase.TRIGGERS.isdisjoint(kinds) else phase.short_name_near(low, start)
            if short is not None:
                anchors += [start, short]
        if not mentions and not anchors:
            return []  # every other category is anchored on a group mention
        # The grammar reads the normalised text; evidence spans are mapped back to the original.
        mentions = [m.normalised() for m in mentions]
        hits = [Hit(start, end, kind, term) for start, end, (term, kinds) in matches for kind in kinds]
        found = _Collector()
        spans = g.sentences(low)
        # Each mention, slur and hit goes to its sentence once (the spans tile the text), rather
        # than every sentence filtering every list.
        by_sentence = g.in_sentences(spans, mentions)
        hits_by = g.in_sentences(spans, hits)
        # Only sentences naming a group or holding an anchor (a slur, a word of prejudice that
        # names its group) make claims; the stance (cues read across sentences) is worked out
        # for those alone.
        starts = [s for s, _ in spans]
        anchored = {bisect_right(starts, start) - 1 for start in anchors}
        claims = {i: by_sentence.get(i, []) for i in sorted(by_sentence.keys() | anchored)}
        # "they", "the lot of them" and verbless fragments said of the group named just before.
        resolved = (
            discourse.resolve(low, spans, mentions, hits, self.discourse_words, text, (by_sentence, hits_by))
            if mentions
            else {}
        )
        for i, r in resolved.items():
            claims[i] = [*claims.get(i, []), *r.mentions]
        cues = (h for h in hits if h.kind in frames.KINDS or h.kind in frames.HOLDING)
        stance_of = frames.stances(low, spans, cues, self.frame_words, claims.keys())
        replied = frames.replied_quote(low, hits, norm.from_emoji)
        for i, stance in stance_of.items():
            asked = frames.agreement_asked(low, *spans[i], claims[i])
            stance_of[i] = dataclasses.replace(
                stance,
                replied=replied if replied is not None and spans[i][0] < replied[1] else None,
                joined=frames.coordinators(low, claims[i]),
                exceptions=stance.exceptions if asked is None else (*stance.exceptions, asked),
            )
        for i in resolved:
            # A turn inside a quotation someone else is reported saying ('He said "What about <group>?
            # Rats, all of them."') is theirs: the report reaches into the quote's later sentences.
            opened = g.quote_opened(text, spans[i][0])
            j = next((k for k, (lo, hi) in enumerate(spans) if lo <= opened < hi), None) if opened >= 0 else None
            if j is not None and j != i and j in stance_of and stance_of[j].reported(low, opened):
                stance_of[i] = dataclasses.replace(stance_of[i], inherited_report=True)
        for i, s_mentions in claims.items():
            s_start, s_end = spans[i]
            s_hits = hits_by.get(i, [])
            # Readings that join two sentences see the one before and the one after.
            neighbours = (
                (*spans[i - 1], hits_by.get(i - 1, [])) if i > 0 else None,
                (*spans[i + 1], hits_by.get(i + 1, [])) if i + 1 < len(spans) else None,
            )
            around = (by_sentence.get(i - 1, []), by_sentence.get(i + 1, []))
            self._sentence(
                norm,
                low,
                s_start,
                s_end,
                s_hits,
                s_mentions,
                stance_of[i],
                found.add,
                resolved.get(i),
                neighbours,
                around,
            )
        if topics and by_sentence:
            self._topics(sample_id, norm, low, spans, by_sentence, found.add)
        o = self.options
        return [
            Finding(
                self.name,
                sample_id,
                score,
                score >= o.threshold,
                category,
                tuple(sorted(groups)),
                tuple(evs),
                o.threshold,
            )
            for category, (score, evs, groups) in found.by_category.items()
        ]

    def _topics(
        self,
        sample_id: str,
        norm: Normalised,
        low: str,
        spans: list[tuple[int, int]],
        by_sentence: dict[int, list[Mention]],
        add: Callable[[str, float, Evidence, set[str]], None],
    ) -> None:
        """A group named on its own and the fragment said of it ("Mormons. A cult full of
        weirdos."): the text is read again with the sentence they make written in their place, and
        what that sentence is found to say is evidence on the pair as written."""
        pairs = topic.topic_claims(low, norm.text, spans, by_sentence, self._heads, norm.from_emoji)
        if not pairs:
            return
        text, parts, regions, pos = norm.text, [], [], 0
        for p in pairs:
            parts.append(text[pos : p.start])
            at = sum(map(len, parts))
            parts.append(p.sentence)
            regions.append((at, at + len(p.sentence), p))
            pos = p.end
        parts.append(text[pos:])
        written = normalise_text("".join(parts))
        for f in self.score_text(sample_id, written, self.taxonomy.match(written), topics=False):
            if not f.flagged:
                continue  # only what the sentence is flagged for: a plain one adds nothing to read
            for e in f.evidence:
                pair = next(
                    (q for lo, hi, q in regions if e.span is not None and e.span[0] < hi and lo < e.span[1]), None
                )
                if pair is None:
                    continue  # said outside the pairs: the text as written holds it already
                o_start, o_end = norm.span(pair.start, pair.end)
                detail = {**e.detail, "claim": pair.sentence}
                add(
                    f.category,
                    f.score,
                    Evidence(e.kind, norm.original[o_start:o_end], span=(o_start, o_end), detail=detail),
                    set(f.groups),
                )

    def _sentence(
        self,
        norm: Normalised,
        low: str,
        s_start: int,
        s_end: int,
        hits: list[Hit],
        mentions: list[Mention],
        stance: Stance,
        add: Callable[[str, float, Evidence, set[str]], None],
        resolved: Resolved | None = None,
        neighbours: tuple[g.Neighbour | None, g.Neighbour | None] = (None, None),
        around: tuple[list[Mention], list[Mention]] = ([], []),
    ) -> None:
        o = self.options
        by_kind: dict[str, list[Hit]] = {}
        for h in hits:
            by_kind.setdefault(h.kind, []).append(h)
        titled = bool(by_kind.get("title_cues"))
        frame = o.title_factor if titled else 1.0
        # A counter cue inside a disclaimer that asserts the claim ("I'm not racist, but") damps nothing.
        disclaimers = [*by_kind.get("endorsements", []), *by_kind.get("prejudice_disclaimers", [])]
        damping = [
            c for k in _DAMPING for c in by_kind.get(k, []) if not any(e.start <= c.start < e.end for e in disclaimers)
        ]
        cued = bool(damping)
        text = norm.text
        # Most sentences hold no quote mark: the quotation readings (a scan per claim) are skipped.
        quotes_here = any(text.find(q, s_start, s_end) >= 0 for q in "'\"\u2018\u201c")

        def held(claim: int, start: int) -> tuple[int, int] | None:
            """The quotation holding the claim and its words (`start`), if any; None outside one, or
            for a scare quote around the group alone ("these 'refugees' are vermin")."""
            quoted = g.quotation(text, s_start, s_end, claim)
            return quoted if quoted is not None and quoted[0] <= start < quoted[1] else None

        def quoting(quoted: tuple[int, int]) -> bool:
            """Someone's words cited in the quotation: after a reporting cue ("someone commented
            '<group> = burden'"), or opening the sentence with the report after ("'<group> = vermin'
            is what he wrote"), or as a label of the people who say it ("the '<claim>' guys"). Not
            the writer's own ("I always say '...'", "My motto: '...'")."""
            if g.quoted_label(low, quoted, s_start, s_end):
                return True  # "the '<claim>' guys"
            cues = by_kind.get("reporting_cues", [])
            opened, closed = quoted
            prefaced = opened > s_start and bool(g.words(low, s_start, opened))
            # after the quotation, the report ("'...' is what he wrote"; with words before it,
            # only right after: "lol, '...', said the guy who ...")
            after = _CITED_AFTER if prefaced else 4
            if any(
                c.start > closed and len(said := g.words(low, closed, c.start)) <= after and not writers(said)
                for c in cues
            ):
                return True
            return prefaced and any(
                c.end <= opened
                and len(g.words(low, c.end, opened)) <= _CITE_REACH
                and not writers(g.words(low, s_start, c.start)[-3:])
                for c in cues
            )

        def judged(quoted: tuple[int, int]) -> bool:
            """The quotation is judged right after it by the writer: "'<claim>' is an ignorant lie",
            "seeing '<claim>' trending is vile": a copula within a few words of the closing mark,
            then, with no negation, a judgement of speech (`quote_judgements`, rejections,
            accusations, denunciations), not a claim's own predicate."""
            closed = quoted[1]
            # the copula may follow a word or two of the writer's ("'...' trending again is vile")
            after = list(g.WORD.finditer(low, closed, s_end))[: _JUDGED_REACH + 3]
            copula = next((i for i, w in enumerate(after[:_JUDGED_REACH]) if w.group(0) in g.COPULAS), None)
            if copula is None or copula + 1 >= len(after):
                return False
            lo, hi = after[copula].end(), after[min(len(after) - 1, copula + 3)].end()
            if any(w in g.NEGATIONS or w.endswith("n't") for w in g.words(low, lo, hi)):
                return False  # "'...' is not hateful, it's just honest"
            return any(lo <= h.start < hi for k in _JUDGING for h in by_kind.get(k, []))

        def writers(subject: list[str]) -> bool:
            """The writer among the words before a reporting cue: their own speech."""
            return bool(self.frame_words.own_voice.intersection(subject))

        def ev(
            kind: str,
            start: int,
            end: int,
            claim: int,
            negated: bool = False,
            cued_here: bool | None = None,
            made_of: tuple[int, int] | None = None,
            unreported: bool = False,
            **detail: Any,
        ) -> tuple[float, Evidence]:
            """The damping factor for a claim starting at `claim`, and its evidence with the policies applied.

            Counter cues of the sentence ("myth", "racist") say nothing about how a slur is used, so
            a slur is damped only by the sample's stance (a rejection or denunciation) and reporting.
            `cued_here` replaces the sentence's counter cues for a claim that holds one of them;
            `made_of`, a claim's span whose own words are rejection cues ("<prejudice> is a myth"),
            which reject nothing there. `unreported`: the claim is the writer's own act ("I won't
            call her Emma"), which a reporting cue before it in the sentence ("asked to be called
            Max, but ...") does not govern.
            """
            damped = cued if cued_here is None else cued_here
            here = stance
            if made_of is not None:
                kept = tuple(r for r in stance.rejections if not made_of[0] <= r[0] < made_of[1])
                here = dataclasses.replace(stance, rejections=kept)
            quoted = None if here.endorsed or not quotes_here else held(claim, start)
            countered = here.countered(low, claim) or (damped and kind != "slur")
            countered = countered or (quoted is not None and judged(quoted))
            reported = here.reported(low, claim) or (quoted is not None and quoting(quoted))
            reported = reported and not unreported
            factor = frame * (o.countered_factor if countered or negated else 1.0)
            factor *= o.reported_factor if reported else 1.0
            policy = {"countered": countered, "reported": reported, "negated": negated, "title_or_fiction": titled}
            o_start, o_end = norm.span(start, end)
            evidence = Evidence(kind, norm.original[o_start:o_end], span=(o_start, o_end), detail={**detail, **policy})
            return factor, evidence

        insults = by_kind.get("negative_attributes", [])
        for h in by_kind.get("slurs", []):
            group = self.slur_groups[h.value]
            mentioned = (
                g.quoted_words(text, h.start, _QUOTED_WORDS)
                or g.single_quoted(text, h.start, h.end)
                or g.in_proper_name(text, h.start, h.end)
                or any(0 <= h.start - c.end <= 3 for c in by_kind.get("mention_cues", []))
                or stance.typo
            )
            everyday = self.senses.everyday(low, s_start, s_end, h, insults)
            factor, e = ev("slur", h.start, h.end, h.start, group=group, mentioned=mentioned, homonym=everyday)
            factor *= o.mentioned_slur_factor if mentioned else 1.0
            factor *= o.homonym_factor if everyday else 1.0
            add("slur", o.slur_score * factor, e, {group})
        if resolved is not None and resolved.fragment is not None:
            self._fragment(resolved, ev, add)
        nxt = neighbours[1]
        earned = unearned.triggered(low, s_start, s_end, by_kind)
        prejudiced = any(k in by_kind for k in denial.KINDS) or doubt.triggered(by_kind, nxt) or earned
        # the twenty-third round's readings, each read only where its own words are
        costly = burden.triggered(by_kind, nxt)
        passing = phase.triggered(by_kind, nxt)
        kept = segregation.triggered(by_kind, low, s_start, s_end)
        fake = faking.triggered(by_kind, nxt)
        # the twenty-fourth round's readings, each read only where its own words are
        blaming = causes.triggered(by_kind, low, s_start, nxt)
        limited = backhanded.triggered(by_kind, low, s_start, s_end)
        # the twenty-fifth round's
        ubiquitous = everywhere.triggered(by_kind)
        sneering = sneered.triggered(by_kind, quotes_here)
        refused = misgendering.triggered(by_kind)
        # the twenty-sixth round's
        ruled = sex_rules.triggered(by_kind)
        # the twenty-seventh round's
        paired = incompatible.triggered(by_kind, nxt)
        imputing = motives.triggered(by_kind)
        readings = (
            *(prejudiced, costly, passing, kept, fake, blaming, limited, ubiquitous, sneering, refused, ruled),
            *(paired, imputing),
        )
        if any(readings):
            persons = self.taxonomy.person_nouns
            prejudice_words = {n.start for n in by_kind.get("grievance_nouns", [])}
            sentence = (s_start, s_end)
            for f in (
                *(
                    denial.denied(low, s_start, s_end, mentions, by_kind, (self.prejudice_groups, persons))
                    if prejudiced
                    else []
                ),
                *(doubt.doubted(low, sentence, mentions, by_kind, persons, nxt, norm.from_emoji) if prejudiced else []),
                *(unearned.unearned(low, sentence, mentions, by_kind, persons) if earned else []),
                *(burden.burdened(low, sentence, mentions, by_kind, persons, nxt) if costly else []),
                *(phase.dismissed(low, sentence, mentions, by_kind, persons, nxt) if passing else []),
                *(segregation.apart(low, sentence, mentions, by_kind, persons) if kept else []),
                *(faking.faked(low, sentence, mentions, by_kind, persons, nxt) if fake else []),
                *(causes.blamed(low, sentence, mentions, by_kind, neighbours) if blaming else []),
                *(backhanded.backhanded(low, sentence, mentions, by_kind, persons) if limited else []),
                *(everywhere.everywhere(low, sentence, mentions, by_kind, persons, around[0]) if ubiquitous else []),
                *(
                    sneered.sneered(text, low, sentence, mentions, by_kind, persons, self.sneered_conditions)
                    if sneering
                    else []
                ),
                *(
                    misgendering.misgendered(low, text, sentence, mentions, by_kind, (neighbours[0], around[0]))
                    if refused
                    else []
                ),
                *(sex_rules.ruled(low, sentence, by_kind) if ruled else []),
                *(incompatible.incompatible(low, sentence, mentions, by_kind, persons, nxt) if paired else []),
                *(motives.imputed(low, sentence, mentions, by_kind, persons) if imputing else []),
            ):
                # The counter cues the claim is made of ("is a myth") and any word of prejudice in
                # the sentence ("racism": what is denied or doubted) damp nothing; any other cue
                # ("the claim that ...") does.
                # A benign predicate right after the claim continues its noun ("are biologically male
                # individuals", "a preference that individuals adopt"): part of it, not a counter.
                outside = any(
                    not f.start <= c.start < f.end
                    and c.start not in prejudice_words
                    and not (c.kind == "benign_predicates" and _continues(low, f.end, c.start))
                    for c in damping
                )
                span = (f.start, f.end)
                factor, e = ev(
                    "implicit_derogation",
                    *span,
                    f.start,
                    cued_here=outside,
                    made_of=span,
                    unreported=f.unreported,
                    frame=f.frame,
                )
                add("implicit_derogation", o.implicit_score * factor, e, set(f.groups))
        if not mentions:
            return
        groups = {m.group for m in mentions}
        first = min(m.start for m in mentions)
        for h in by_kind.get("dehumanising", []):
            said_of = groups
            if h.value.split(" ")[0] in _DENIALS:
                # Humanity denied ("aren't real people") is said of a subject: the group itself,
                # not a thing its adjective names ("these <group> accounts aren't real people").
                said_of = {m.group for m in mentions if _denied_humanity(low, m, h, s_end)}
                if not said_of:
                    continue
            factor, e = ev("dehumanising_term", h.start, h.end, min(first, h.start))
            add("dehumanisation", o.dehumanising_score * factor, e, said_of)
        for kind, verb_like in (("dehumanising_predicates", False), ("dehumanising_verbs", True)):
            for h in by_kind.get(kind, []):
                # Read from an emoji: a whole noun, or a reaction.
                glue = self._emoji_glue if norm.from_emoji(h.start, h.end) else None
                anchored_at = [
                    m.start
                    for m in mentions
                    if g.predicated(low, m, h, verb_like, glue)
                    and not self._framed(low, m, h)
                    # "People who mock <group> are scum": said of the phrase the group is the object in;
                    # not "to the <group> invasion", where the word is the group's own noun phrase.
                    and not (g.object_of_noun(low, m, s_start) and g.COPULAS.intersection(g.words(low, m.end, h.start)))
                ]
                if anchored_at:
                    anchored = {m.group for m in mentions if m.start in anchored_at}
                    negated = not verb_like and (g.negated(low, h.start, s_start) or g.set_aside(low, h.start, s_start))
                    claim = min(*anchored_at, h.start)
                    # As for a generalisation, a benign predicate damps only when said of the group.
                    anchor_m = next(x for x in mentions if x.start == anchored_at[0])
                    own = any(self._damps(low, anchor_m, c, []) for c in damping)
                    factor, e = ev("dehumanising_term", h.start, h.end, claim, negated, own, anchored=True)
                    add("dehumanisation", o.dehumanising_score * factor, e, anchored)
        next_span = neighbours[1][:2] if neighbours[1] is not None else None
        for category, kind, score, reach in (
            ("threat", "threats", o.threat_score, 8),
            ("exclusion", "exclusion_phrases", o.exclusion_score, 6),
        ):
            for h in by_kind.get(kind, []):
                if directives.protected(h, by_kind.get("exclusion_exceptions", [])):
                    continue
                if violence.at_a_thing(low, h, mentions, s_end, self.taxonomy.person_nouns):
                    continue
                if category == "threat" and history.named_event(low, h, s_start, s_end, next_span):
                    continue
                if category == "exclusion" and history.named_system(low, h, s_start, s_end):
                    continue
                near = [
                    m
                    for m in mentions
                    if g.near(low, m, h, reach)
                    and not g.in_relative_clause(low, m, h, s_start)
                    and not (category == "exclusion" and _place_of(low, h, m))
                ]
                if near:
                    negated = frames.negated(low, s_start, h, stance)
                    claim = min(h.start, *(m.start for m in near))
                    # A cue inside the phrase is part of it ("welcome" in "are not welcome").
                    outside = any(not h.start <= c.start < h.end for c in damping)
                    factor, e = ev(category, h.start, h.end, claim, negated, outside)
                    add(category, score * factor, e, {m.group for m in near})
        for h, aimed in address.threats(low, mentions, by_kind, self.address_words, s_start, s_end):
            negated = frames.negated(low, s_start, h, stance)
            claim = min(h.start, *(m.start for m in aimed))
            factor, e = ev("threat", h.start, h.end, claim, negated, addressed=True)
            add("threat", o.threat_score * factor, e, {m.group for m in aimed})
        persons = self.taxonomy.person_nouns
        if any(k in by_kind for k in expulsion.KINDS):
            exceptions = by_kind.get("exclusion_exceptions", [])
            found = expulsion.expelled(low, text, mentions, by_kind, s_start, s_end, persons, norm.from_emoji)
            for h, aimed in found:
                if directives.protected(h, exceptions):
                    continue  # "keep the <group> kids out of the rain"
                negated = frames.negated(low, s_start, h, stance)
                factor, e = ev("exclusion", h.start, h.end, h.start, negated, frame=h.kind)
                add("exclusion", o.exclusion_score * factor, e, {m.group for m in aimed})
        if "avoidance_verbs" in by_kind:
            # A benign predicate describes whom the advice keeps out ("avoid hiring <group>
            # altogether, even naturalised citizens"); only a counter cue damps it.
            countering = any(c.kind == "counter_cues" for c in damping)
            for h, m, end in directives.avoided(low, mentions, hits, s_start, s_end, persons):
                negated = frames.negated(low, s_start, h, stance)
                factor, e = ev("exclusion", h.start, end, h.start, negated, countering, frame="avoidance")
                add("exclusion", o.exclusion_score * factor, e, {m.group})
        if "scrutiny_verbs" in by_kind:
            for h, m, end in directives.scrutinised(low, mentions, hits, s_start, s_end, persons):
                negated = frames.negated(low, s_start, h, stance)
                factor, e = ev("discrimination_advice", h.start, end, h.start, negated, frame="scrutiny", group=m.group)
                add("discrimination_advice", o.discrimination_advice_score * factor, e, {m.group})
        if scrutiny.triggered(by_kind):
            for m, start, end in scrutiny.scrutinised(low, (s_start, s_end), mentions, by_kind, persons):
                factor, e = ev("discrimination_advice", start, end, start, frame=scrutiny.FRAME, group=m.group)
                add("discrimination_advice", o.discrimination_advice_score * factor, e, {m.group})
        if "expecting_little" in by_kind:
            for m, start, end in expectations.lowered(low, mentions, by_kind, (s_start, s_end), persons):
                factor, e = ev("discrimination_advice", start, end, start, frame=expectations.FRAME, group=m.group)
                add("discrimination_advice", o.discrimination_advice_score * factor, e, {m.group})
        for h, aimed in violence.threats(low, mentions, by_kind, self.address_words, persons, s_start, s_end):
            negated = frames.negated(low, s_start, h, stance)
            claim = min(h.start, *(m.start for m in aimed))
            approved = h.kind == "violent_acts"
            # "violence against" is a counter cue ("we condemn violence against <group>") and also
            # the deed an approval of violence names: it does not damp the approval it is part of.
            apart = any(c.start != h.start for c in damping) if approved else None
            factor, e = ev("threat", h.start, h.end, claim, negated, apart, approved=approved)
            add("threat", o.threat_score * factor, e, {m.group for m in aimed})
        for h, aimed in suffering.approved_suffering(low, mentions, by_kind, self.suffering_words, s_start, s_end):
            negated = frames.negated(low, s_start, h, stance)
            factor, e = ev("threat", h.start, h.end, h.start, negated, frame="approved_suffering")
            add("threat", o.threat_score * factor, e, {m.group for m in aimed})
        if "death_verbs" in by_kind or "death_emoji" in by_kind:
            for h, aimed in wishes.deaths_called_for(low, mentions, by_kind, s_start, s_end, norm.from_emoji):
                negated = frames.negated(low, s_start, h, stance)
                factor, e = ev("threat", h.start, h.end, h.start, negated, frame="death_called_for")
                add("threat", o.threat_score * factor, e, {m.group for m in aimed})
        if any(k in by_kind for k in ("wish_cues", "betterment_phrases", "betterment_conditions")):
            negation_from = wishes.question_start(low, s_start, s_end)
            read = (low, mentions, by_kind, s_start, s_end)
            for category, score, how, found in (
                ("threat", o.threat_score, "death_wish", wishes.death_wishes(*read, norm.from_emoji)),
                ("exclusion", o.exclusion_score, "better_without", wishes.betterment(*read)),
            ):
                for h, aimed in found:
                    negated = frames.negated(low, negation_from, h, stance)
                    claim = min(h.start, *(m.start for m in aimed))
                    factor, e = ev(category, h.start, h.end, claim, negated, frame=how)
                    add(category, score * factor, e, {m.group for m in aimed})
        # Each frame needs words of its own in the sentence; most sentences have none, so the
        # per-mention readings run only where they could match.
        may_deny = self.access.possible(low, s_start, s_end)
        praised = any(k in by_kind for k in implicit.PRAISE_KINDS)
        present = any(k in by_kind for k in implicit.PRESENCE_KINDS)
        # the grievance needs "while" or "whilst" (harm_grievance reads which): most sentences have
        # neither, so the reading is skipped there without copying the sentence
        grieving = low.find(" whil", s_start, s_end) >= 0
        preceding, following = neighbours
        # A concession needs "but" (or "so", "though") here, or a next sentence that answers or concedes.
        conceding = implicit.may_concede(low, s_start, s_end, following)
        for m in mentions:
            access = self.access.find(low, m, s_start, s_end) if may_deny else None
            if access is not None:
                # "welcome" damps a sentence ("<group> are welcome here") but not a rule it is part of.
                outside = any(not access[0] <= c.start < access[1] for c in damping)
                factor, e = ev("exclusion", *access, access[0], cued_here=outside, frame="denial_of_access")
                add("exclusion", o.exclusion_score * factor, e, {m.group})
            for how, found_at in (
                ("backhanded_praise", implicit.backhanded(low, m, s_start, s_end, hits, persons) if praised else None),
                ("presence", implicit.presence(low, m, s_start, s_end, hits) if present else None),
                ("grievance", grievance.favoured(low, m, mentions, s_start, s_end, persons) if grieving else None),
                (
                    "conceded",
                    implicit.conceded(low, m, s_start, s_end, hits, persons, following) if conceding else None,
                ),
            ):
                if found_at is not None:
                    factor, e = ev("implicit_derogation", *found_at, found_at[0], frame=how)
                    add("implicit_derogation", o.implicit_score * factor, e, {m.group})
        # A person's fault given the group as its cause ("she's stingy because she's <group>").
        faulted = any(k in by_kind for k in explained.FAULT_KINDS) or (
            preceding is not None and any(h.kind in explained.FAULT_KINDS for h in preceding[2])
        )
        for m in mentions if faulted else ():
            why = explained.explanation(low, m, s_start, s_end, hits, persons, preceding, following)
            if why is not None:
                fault, claim, link = why
                floor = s_start if claim >= s_start or preceding is None else preceding[0]
                negated = frames.negated(low, explained.negation_floor(low, floor, fault), fault, stance)
                factor, e = ev(
                    "generalisation",
                    claim,
                    max(g.group_end(low, m, s_end), fault.end),
                    claim,
                    negated,
                    frame="explained_by_group",
                    link=link,
                    attributes=[fault.value],
                )
                add("generalisation", o.generalisation_negative_score * factor, e, {m.group})
        # "unstable" inside "mentally unstable" is the health word's, which is never an insult.
        health = by_kind.get("pathologising", [])
        negatives = [
            h
            for h in insults
            if not g.denied(low, h.start, s_start) and not any(p.start <= h.start and h.end <= p.end for p in health)
        ]
        # Conduct ("always lie"), health words ("are mentally ill") and denied or diminished
        # qualities ("not natural leaders", "less honest") are negative attributes too, but only of
        # a generalisation, never insults.
        conduct = [
            h
            for kind in ("negative_behaviours", "pathologising")
            for h in by_kind.get(kind, [])
            if not g.denied(low, h.start, s_start)
            and not low.startswith(_LESS_THAN, h.end)
            and not self._misconduct.nominal(low, h.start, h.end, h.value, s_start, s_end)
        ]
        conduct += [
            h
            for h in by_kind.get("positive_attributes", [])
            if g.diminished(low, h.start, s_start) and _closes_quality(low, h, s_end)
        ]
        # "no feelings of safety": the noun names something else the people lack
        conduct += [
            h
            for h in by_kind.get("lacked_qualities", [])
            if g.lacked(low, h.start, s_start) and not low.startswith(" of ", h.end)
        ]
        # "<group> are naturally ...": a trait put down to the group's nature, whatever the trait.
        essential = essence.essential(low, by_kind.get("essentialising", []), s_start, s_end, self._traits)
        for h in negatives:
            insulted = [m for m in mentions if g.directly_precedes(low, h, m)]
            if insulted:
                factor, e = ev("derogation", h.start, h.end, h.start)
                add("derogation", o.derogation_score * factor, e, {m.group for m in insulted})
        for h, m in (
            profanity.insults(low, mentions, by_kind, s_start, s_end) if "profane_intensifiers" in by_kind else ()
        ):
            factor, e = ev("derogation", h.start, g.group_end(low, m, s_end), h.start, frame="profane_name")
            add("derogation", o.derogation_score * factor, e, {m.group})
        if any(k in by_kind for k in contempt.KINDS):
            for h, aimed in contempt.contempt(low, mentions, by_kind, s_start, s_end, self.taxonomy.person_nouns):
                negated = frames.negated(low, s_start, h, stance)
                claim = min(h.start, *(m.start for m in aimed))
                how = "call_to_hate" if h.kind == "call_to_hate" else "contempt"
                factor, e = ev("derogation", h.start, h.end, claim, negated, frame=how)
                add("derogation", o.derogation_score * factor, e, {m.group for m in aimed})
        if "contempt_emoji" in by_kind:
            for m in mentions:
                r = reaction.contempt(low, m, s_start, by_kind, norm, persons)
                if r is not None:
                    factor, e = ev("derogation", m.start, r.end, m.start, frame="emoji_reaction")
                    add("derogation", o.derogation_score * factor, e, {m.group})
        self._sorted(low, s_start, s_end, hits, mentions, (negatives, conduct), neighbours, around, stance, ev, add)
        advised = any(k in by_kind for k in directives.ADVICE_KINDS)

        def people(lo: int, hi: int) -> bool:
            """The span names people: a person noun, a pronoun or a group ("the <group> applicant")."""
            said = set(g.words(low, lo, hi))
            return bool(_PERSON_PRONOUNS & said or persons & said or self.taxonomy.match(low[lo:hi]))

        anaphors = resolved.mentions if resolved is not None else ()
        for m in mentions:
            cue = self._generalisation_cue(low, m, s_start, s_end)
            if cue is None:
                continue
            said = [
                h
                for h in (*negatives, *conduct)
                if m.end <= h.start <= m.end + _AFTER_CHARS
                and g.after(low, m, h, 8) is not None
                and not self._framed(low, m, h)
                and not _reported_by(low, m, h)
            ]
            said = [h for h in said if not (h.kind == "pathologising" and _statistical(low, m, h, cue))]
            if _SOMETIMES.search(low, max(s_start, m.start - 30), m.start):
                # "sometimes <group> commit crimes": a frequency word before the group says what
                # happens at times, not what the group does; no generalisation of conduct
                said = [h for h in said if h.kind != "negative_behaviours"]
            if low.startswith("aren't", cue[0]):
                # the cue denies what follows: a quality denied is negative, a fault denied is not
                # ("<group> aren't the ones taking our jobs"; "aren't lazy" is denied already)
                said = [h for h in said if h.kind == "positive_attributes"]
            childhood = m.axis == "age" and bool(
                g.CHILDHOOD.intersection(g.words(low, m.start, g.group_end(low, m, s_end, self.taxonomy.person_nouns)))
            )
            # Children's nature is growing up ("toddlers are naturally curious"); an older age group's
            # said by nature is a stereotype ("old people are naturally bad at technology").
            if not childhood:
                said += [h for h in essential if g.after(low, m, h, 8) is not None and not self._framed(low, m, h)]
            # A quality young children have yet to grow is development, not a stereotype.
            if childhood:
                said = [h for h in said if h.kind != "lacked_qualities"]
            # An attribute after a pronoun that refers back is said of the pronoun's own clause
            # ("many <group> and not every one of them was a liar"), which that mention reads.
            said = [h for h in said if not any(m.end <= a.start and a.end <= h.start for a in anaphors)]
            said += [h for h in by_kind.get("capability_denials", []) if self._denies(low, m, h)]
            # "<group> are racist": the counter cue is what is said of the group, not a rebuttal.
            accused = [c for c in by_kind.get("accusations", []) if self._accused(low, m, cue, c, s_start, s_end)]
            said += accused
            # "I'm not racist but <group> ...": the disclaimer says the writer knows what follows is
            # prejudice, so a generalisation after it is negative whatever its words.
            disclaimer = next((d for d in by_kind.get("prejudice_disclaimers", []) if d.end <= m.start), None)
            # "..., they're all the same", "you know what they're like": a tag after the claim holds
            # it of the whole group with contempt, so the claim is a stereotype whatever its words.
            tag = None if disclaimer is not None else _stereotype_tag(low, m, by_kind, neighbours[1])
            if (disclaimer is not None or tag is not None) and any(
                g.after(low, m, h, 8) is not None for k in _PRAISE_KINDS for h in by_kind.get(k, [])
            ):
                disclaimer = tag = None  # praise after it ("I'm not racist but <group> are kind") stays praise
            if not (said or disclaimer or tag) and _PLACE.match(low, cue[0]) is not None:
                continue  # "<group> in the group may need ...": past a place, only what is negative is read
            base = o.generalisation_negative_score if said or disclaimer or tag else o.generalisation_score
            # Attributes denied by a comparison ("are less likely to commit crimes"): not said, but
            # named in the evidence so a reader (and detectors/protective.py) sees what was denied.
            compared = (
                []
                if said
                else self._compared_away(low, m, s_start, (*insults, *by_kind.get("negative_behaviours", [])))
            )
            span = (min(cue[0], m.start), max([m.end, cue[1], *(h.end for h in (*said, *compared))]))
            attrs = [h.value for h in said]
            more: dict[str, Any] = {"compared_away": [h.value for h in compared]} if compared else {}
            if disclaimer is not None:
                more["disclaimer"] = disclaimer.value
            if tag is not None:
                more["stereotype_tag"] = tag.value
            factor, e = ev(
                "generalisation",
                *span,
                span[0],
                _REFUSED.search(low, max(s_start, m.start - 40), m.start) is not None,
                cued_here=any(self._damps(low, m, c, accused) for c in damping),
                group=m.group,
                cue=low[cue[0] : cue[1]],
                attributes=attrs,
                **more,
            )
            add("generalisation", base * factor, e, {m.group})
            cared_for = m.axis in directives.CARED_FOR_AXES
            advice = directives.advice(low, s_start, span, hits, bool(said), cared_for, people) if advised else None
            if advice is not None and not frames.negated(low, s_start, advice, stance):
                claim = min(span[0], advice.start)
                factor, e = ev("discrimination_advice", claim, max(span[1], advice.end), claim, group=m.group)
                add("discrimination_advice", o.discrimination_advice_score * factor, e, {m.group})
            elif advice is None and preceding is not None and len(g.words(low, s_start, span[0])) <= _REASON_OPENERS:
                # Advice is often justified in the next sentence ("I'd pass on him. <group> rarely ..."):
                # a generalisation opening its sentence is the reason for the advice just before.
                before = directives.advice_before(low, preceding, bool(said), cared_for, people)
                # the advice must be about people ("I'd set lower targets for the new hire"), not a
                # plan's pace ("Aim lower for the first month.")
                before = before if before is not None and people(preceding[0], preceding[1]) else None
                if before is not None and not frames.negated(low, preceding[0], before, stance):
                    factor, e = ev("discrimination_advice", *span, span[0], group=m.group, advice=before.value)
                    add("discrimination_advice", o.discrimination_advice_score * factor, e, {m.group})

    def _sorted(
        self,
        low: str,
        s_start: int,
        s_end: int,
        hits: list[Hit],
        mentions: list[Mention],
        said_here: tuple[list[Hit], list[Hit]],
        neighbours: tuple[g.Neighbour | None, g.Neighbour | None],
        around: tuple[list[Mention], list[Mention]],
        stance: Stance,
        ev: Callable[..., tuple[float, Evidence]],
        add: Callable[[str, float, Evidence, set[str]], None],
    ) -> None:
        """A decision that disfavours a group's people with a generalisation as its reason
        (harm_sorting): inside the sentence; across its end, in the next sentence; or from the
        sentence before, when that one names no group and holds a decision about a person ("I'd
        pass on him. <group> ...")."""
        prev, nxt = neighbours
        pairs: list[tuple[sorting.Span, list[Hit], sorting.Span, list[Hit], list[Mention], list[Mention]]] = []
        if any(h.kind in sorting.DECISION_KINDS for h in hits) and not g.is_question(low, s_end):
            inside = sorting.within(low, s_start, s_end, hits)
            pairs += [(d, hits, r, hits, mentions, mentions) for d, r in inside]
            if nxt is not None and not g.is_question(low, nxt[1]):
                pairs.append(((s_start, s_end), hits, nxt[:2], nxt[2], around[1], mentions))
        if prev is not None and not around[0] and self._decided(low, prev):
            pairs.append((prev[:2], prev[2], (s_start, s_end), hits, mentions, []))
        if not pairs:
            return  # most sentences: no decision here or just before
        # The sentence's negative attributes and conduct; a reason in the next sentence has its own
        # negative words, read as this sentence's are.
        said = [*said_here[0], *said_here[1]]
        if nxt is not None:
            said += [h for h in nxt[2] if h.kind in _NEGATIVE_KINDS and not g.denied(low, h.start, nxt[0])]

        def negative(lo: int, hi: int) -> bool:
            return any(lo <= h.start < hi for h in said)

        persons = self.taxonomy.person_nouns
        cared = directives.CARED_FOR_AXES
        for decision, d_hits, reason, r_hits, r_mentions, about in pairs:
            found = sorting.sorted_by_group(
                low, decision, d_hits, reason, r_hits, r_mentions, about, persons, negative, cared
            )
            if found is not None:
                negated = frames.negated(low, decision[0], found.decision, stance)
                factor, e = ev("discrimination_advice", found.start, found.end, found.start, negated, frame="sorted")
                add("discrimination_advice", self.options.discrimination_advice_score * factor, e, {found.group.group})
                return

    @staticmethod
    def _decided(low: str, prev: g.Neighbour) -> bool:
        """The sentence holds a decision phrase and is neither a question nor a report."""
        if not any(h.kind in sorting.DECISION_KINDS for h in prev[2]) or g.is_question(low, prev[1]):
            return False
        return not _REPORTED_DECISION.intersection(g.words(low, prev[0], prev[1]))

    def _fragment(
        self,
        resolved: Resolved,
        ev: Callable[..., tuple[float, Evidence]],
        add: Callable[[str, float, Evidence, set[str]], None],
    ) -> None:
        """A verbless derogatory fragment said of the group named just before ("Rats, the lot of them.")."""
        assert resolved.fragment is not None
        start, end = resolved.fragment
        groups = set(resolved.groups)
        score = (
            self.options.dehumanising_score
            if resolved.fragment_kind == "dehumanisation"
            else self.options.derogation_score
        )
        factor, e = ev(resolved.fragment_kind, start, end, start, fragment=True)
        add(resolved.fragment_kind, score * factor, e, groups)

    def _compared_away(self, low: str, m: Mention, s_start: int, hits: Iterable[Hit]) -> list[Hit]:
        """The negative attributes the group's own clause denies by comparison, in text order."""
        return sorted(
            (h for h in hits if g.after(low, m, h, 8) is not None and g.compared_away(low, h.start, s_start)),
            key=lambda h: h.start,
        )

    def _framed(self, low: str, m: Mention, h: Hit) -> bool:
        """The group is the patient of someone's view ("are treated like criminals", "seen as lazy")."""
        lo, hi = (m.end, h.start) if m.end <= h.start else (h.end, m.start)
        return bool(self.framing.intersection(g.words(low, lo, hi)))

    def _damps(self, low: str, m: Mention, c: Hit, accused: list[Hit]) -> bool:
        """A damping cue damps the group's generalisation unless it is the accusation said of it; a
        benign predicate only when it is said of the group ("<group> are entitled to protection"),
        not elsewhere in the sentence ("<group> are clannish, so don't expect to be welcomed")."""
        if any(c.start == a.start for a in accused):
            return False
        if c.kind != "benign_predicates":
            return True
        return g.after(low, m, c, 8) is not None and not _CLAUSE_MARKS.intersection(low[m.end : c.start])

    def _accused(self, low: str, m: Mention, cue: tuple[int, int], c: Hit, s_start: int, s_end: int) -> bool:
        """An accusation (`accusations`: "racist", "bigoted") is the predicate of the group's
        generalisation: after its copula, with only adverbs between ("<group> are all racist"), or
        after another accusation and "and"/"or" ("are racist and xenophobic"). Not "calling <group>
        thieves is racist" (another copula), "victims of racism" (a noun), "<group> and the racists
        who attack them" (no copula), nor said of few of the group ("Hardly any <group> are ...")."""
        if _NOT_ACCUSING.intersection(g.words(low, *cue)):
            return False  # "<group> are less prejudiced", "are not racist"
        before = tuple(g.words(low, s_start, m.start)[-2:])  # with the quantifier, if any
        if (before[-1:] and before[-1] in _FEW) or before in _FEW_PAIRS:
            return False
        predicate_first = cue[1] > m.start  # "<group> are ...", not "all <group> are ..."
        start = max(g.group_end(low, m, s_end), cue[1])
        between = g.words(low, start, c.start)
        if c.start < start or len(between) > _ACCUSED_WORDS:
            return False
        copulas = [w for w in between if w in g.COPULAS]
        if len(copulas) != (0 if predicate_first else 1):
            return False
        for i, w in enumerate(between):
            joined = w in ("and", "or") and i > 0 and between[i - 1] in self._accusing
            if not (w in g.COPULAS or w in _ACCUSING_ADVERBS or w in self._accusing or joined):
                return False
        return True

    def _denies(self, low: str, m: Mention, h: Hit) -> bool:
        """ "<group> can't drive": a capability denied to the group, unless it is definitional."""
        between = g.after(low, m, h, 2)
        if between is None:
            return False
        verb = g.words(low, h.end, min(len(low), h.end + 20))[:1]
        return not (verb and verb[0] in self.definitional)

    def _generalisation_cue(self, low: str, m: Mention, s_start: int, s_end: int) -> tuple[int, int] | None:
        """A quantifier just before the group term, or a generalising predicate just after it."""
        if g.names_rights(low, m):
            return None
        if _one_of_own(low, m, s_start, s_end, self.taxonomy.person_nouns):
            return None
        lo = max(s_start, m.start - 40)
        if g.described_of(low, m, s_start):
            return None  # "the living conditions of many <group> are ...": said of the conditions
        q = self._quantifier_re.search(low, lo, m.start)
        if q is not None:
            return q.start(1), m.start
        # A why-question presupposes what it asks about: "why are <group> so ...", "how come
        # <group> always ..." assert it, where "are <group> ...?" asks.
        why = _WHY.search(low, lo, m.start) if "why" in low[lo : m.start] or "how" in low[lo : m.start] else None
        if why is not None:
            return why.start(1), m.start
        if low.startswith(discourse.QUANTIFIED, m.start):
            # "every one of them was a liar": the anaphor carries its own quantifier, so any copula
            # after it generalises, as after "every <group>"; "not every one of them" does not.
            if g.negated(low, m.start, s_start):
                return None
            copula = _COPULA.match(low, m.end, s_end)
            if copula is not None:
                return m.start, copula.end()
        if g.object_of_noun(low, m, s_start) or g.gerund_object(low, m, s_start):
            return None  # "jokes about <group> are ...", "skipping <group> would be ...": not the group's
        end = m.end
        # A context term's span stops before its person noun ("black" in "black people are").
        nxt = g.next_word(low, end, s_end)
        if nxt is not None and (nxt[0] in self.taxonomy.person_nouns or nxt[0] in self.taxonomy.insult_nouns):
            end = nxt[1]
        elif not g.plural_group(low, m, end, []):
            # only after an adjective: "<group>s rob pensioners" is a verb and its object
            end = g.role_end(low, end, s_end, self.taxonomy.person_nouns)
        rest = low[end:s_end]
        if rest.startswith("'re"):
            rest = "are" + rest[3:]  # "they're all ...": the same length, so offsets hold
        skipped = len(rest) - len(rest.lstrip(" "))
        p = self._predicate_re.match(rest, skipped)
        whoever = _WHOEVER.intersection(g.words(low, m.start, m.start + 9)[:1])
        if p is None and whoever and rest.startswith("is ", skipped):
            # "anyone from <country> is a scammer": whoever fits is the group, as "<group> are"
            p = self._predicate_re.match("are" + rest[skipped + 2 :])
            return (end + skipped, end + skipped + p.end() - 1) if p is not None else None
        # "<group> at work are useless", "<group> on my street are ...": a place between the
        # group and what is said of it; the place is where, the group still the subject.
        places = _past_place(rest, skipped)
        for at in places:
            if p is not None:
                break
            p = self._predicate_re.match(rest, at)
        if p is not None:
            return end + skipped, end + p.end()
        # "<group> keep nicking bikes", "they'll smash up your pub": misconduct as a habit, of
        # several people ("the short guy at the bar kept picking fights" tells of one), asserted
        several = not habitual.picked(low, m.start) and not habitual.asking(low, s_start, s_end)
        several = several and (
            g.plural_group(low, m, end, []) or bool(_COLLECTIVE.intersection(g.words(low, m.start, end)[-1:]))
        )
        for at in (skipped, *places) if several else ():
            done = self._misconduct.cue_end(rest, at)
            if done is not None:
                return end + skipped, end + done
        return None


# A place after a group ("in the office", "at work", "on my street"): a preposition of place, at
# most one determiner and up to three words of the place, none a verb or a clause's word.
_PLACE = re.compile(
    r"(?:in|at|on|around|across|inside|round|near) (?:(?:the|a|an|my|our|your|this|that|these|those|every|each|some) )?"
)
# A place said without a preposition ("<group> next door are always ...", "<group> round here will ...").
_HERE = re.compile(r"(?:next door|round here|around here|over here|down the road|up the road|these days|nowadays),? ")
_NOT_PLACE = frozenset([*g.COPULAS, *g.CLAUSE_BREAKS, *g.NEGATIONS, "who", "that", "which", "and", "or", "with"])


def _past_place(rest: str, at: int) -> list[int]:
    """Where what is said of a group may start past a place after it, nearest first."""
    here = _HERE.match(rest, at)
    if here is not None:
        return [here.end()]
    place = _PLACE.match(rest, at)
    if place is None:
        return []
    out = []
    for w in list(g.WORD.finditer(rest, place.end()))[:3]:
        if w.group(0) in _NOT_PLACE or rest[w.end() : w.end() + 1] != " ":
            break
        out.append(w.end() + 1)
    return out


# Eight words after a group are within this many characters in any real text: a cheap bound that
# spares the word count for the hits far away (a long sentence holds many).
_AFTER_CHARS = 400
# The last word of a phrase naming a group's people that is no plural ("that lot", "their sort").
_COLLECTIVE = frozenset(["lot", "sort", "kind", "crowd", "type"])
# VADER's compound score above which the words between a group and a tag praise it.
_PRAISED = 0.3
# A described group's head that takes a singular verb for all who fit ("anyone over 60 is ...").
_WHOEVER = frozenset(["anyone", "anybody", "everyone", "everybody"])
# How far into the next sentence a stereotype tag may start ("... Honestly, they're all the same.").
_TAG_WORDS = 2


def _stereotype_tag(low: str, m: Mention, by_kind: dict[str, list[Hit]], following: g.Neighbour | None) -> Hit | None:
    """A stereotype tag after the mention in its sentence, or opening the next one, unless what
    comes between is praise no list holds ("the kindest people I know, they're all like that")."""
    tag = _tag_after(low, m, by_kind, following)
    if tag is None or sentiment.graded_polarity(low[m.end : tag.start]) > _PRAISED:
        return None
    return tag


def _tag_after(low: str, m: Mention, by_kind: dict[str, list[Hit]], following: g.Neighbour | None) -> Hit | None:
    tag = next((t for t in by_kind.get("stereotype_tags", []) if t.start >= m.end), None)
    if tag is None and following is not None:
        f_start, _, f_hits = following
        tag = next(
            (t for t in f_hits if t.kind == "stereotype_tags" and len(g.words(low, f_start, t.start)) <= _TAG_WORDS),
            None,
        )
    return tag


def _one_of_own(low: str, m: Mention, s_start: int, s_end: int, persons: frozenset[str]) -> bool:
    """The mention is one person someone has ("my dad", "our son", "her Muslim neighbour"): a
    possessive before a singular noun. What is said of them is not said of a group."""
    before = g.words(low, max(s_start, m.start - 12), m.start)
    if not before or before[-1] not in g.POSSESSIVES:
        return False
    end = g.role_end(low, g.group_end(low, m, s_end, persons), s_end, persons, plural=False)
    own = g.words(low, m.start, end)
    return bool(own) and not g.plural_noun(own[-1])


def _closes_quality(low: str, h: Hit, s_end: int) -> bool:
    """A denied quality is the group's trait unless an agent or a goal follows it: "not motivated by
    hate", "not organised into unions" deny something else ("less intelligent by nature" does not)."""
    nxt = g.next_word(low, h.end, s_end)
    if nxt is None or nxt[0] not in _AGENT_PREPOSITIONS:
        return True
    after = g.next_word(low, nxt[1], s_end)
    return after is not None and after[0] in _BY_ITSELF


# Before a mention after an exclusion, these make it the place excluded from ("not welcome here 🇺🇸",
# "not welcome in America"), not who is excluded. Not "to": "send them back to <country>" names
# where the excluded come from.
_PLACE_WORDS = frozenset(["here", "there", "in", "into", "from"])


def _place_of(low: str, h: Hit, m: Mention) -> bool:
    prev = g.words(low, h.start, m.start)[-1:] if m.start >= h.end else []  # the phrase's own "here" too
    return bool(prev) and prev[0] in _PLACE_WORDS


# Dehumanising phrases that deny humanity ("not human", "aren't real people") and the words that
# may stand between their subject and them ("<group> are simply not human").
_DENIALS = frozenset(["not", "aren't", "isn't", "ain't", "less"])
_DENIAL_GLUE = g.LINKS | {"all", "just", "simply", "really", "honestly", "truly", "literally", "even", "still"}


def _denied_humanity(low: str, m: Mention, h: Hit, s_end: int) -> bool:
    end = g.group_end(low, m, s_end)
    return h.start >= end and set(g.words(low, end, h.start)) <= _DENIAL_GLUE


# A health word said of some of a group, or as a rate, is epidemiology, not a slur on all of them:
# "many homeless people are mentally ill", "<group> are more likely to be mentally ill".
_PARTIAL = frozenset(["many", "some", "several", "a lot of", "lots of", "a few", "so many", "too many"])
_RATES = frozenset(["likely", "disproportionately", "often", "more", "twice", "rates", "risk", "higher", "frequently"])


def _statistical(low: str, m: Mention, h: Hit, cue: tuple[int, int]) -> bool:
    if " ".join(g.words(low, *cue)) in _PARTIAL:
        return True
    return bool(_RATES.intersection(g.words(low, m.end, h.start)))


# Verbs with which the group reports something: a word after them has its own subject ("many
# <group> say the paperwork is a heavy burden"), unless that is the group again ("... say they are").
_REPORTING = frozenset(
    [
        *("say", "says", "said", "report", "reports", "reported", "tell", "told", "describe", "describes"),
        *("described", "explain", "explains", "explained", "mention", "mentions", "mentioned", "note", "notes"),
        *("find", "found", "feel", "feels", "felt", "worry", "worried", "fear", "fears", "feared"),
    ]
)
_SELF = frozenset(["they", "they're", "theyre", "themselves", "we", "we're"])


def _reported_by(low: str, m: Mention, h: Hit) -> bool:
    """Between the group and `h`, a verb of reporting whose clause has a subject other than the
    group: `h` is said of that subject."""
    found = list(g.WORD.finditer(low, m.end, h.start))
    between = [w.group(0) for w in found]
    at = next((i for i, w in enumerate(between) if w in _REPORTING), None)
    if at is None or _SELF.intersection(between[at + 1 :]):
        return False
    if between[at] not in ("said", "reported") and g.COPULAS.intersection(between[max(0, at - 2) : at]):
        return False  # "<group> are told to ...", "are found in": passive, the group's own predicate
    # "<group> never say thank you and are lazy": the verb's clause ends before the attribute
    return "and" not in between[at + 1 :] and "," not in low[found[at].end() : h.start]


_SOMETIMES = re.compile(r"\b(?:sometimes|occasionally|at times|now and then)\W+(?:\w+\W+)?$")
_COPULA = re.compile(r"\s+(?:is|was|are|were)(?![a-z0-9'])")
_WHY = re.compile(
    r"(?<![a-z0-9'])((?:why|how\s+come)\s+(?:(?:are|is|do|does|did|were|must|would|will|can't|cannot|don't|won't|aren't)\s+)?"
    r"(?:(?:all|so\s+many|most|the|these|those)\s+)?)$"
)


_CONTINUING = 2  # words between a claim and a noun that continues it


def _continues(low: str, end: int, at: int) -> bool:
    """The word at `at` continues the phrase ending at `end`: right after it, no clause mark, verb
    "to be" or negation between (not "... anymore' isn't supported")."""
    between = g.words(low, end, at)
    if end > at or len(between) > _CONTINUING or _CLAUSE_MARKS.intersection(low[end:at]):
        return False
    return not any(w in g.COPULAS or g.is_negation(w) for w in between)


def _alternation(phrases: set[str]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True) if p)


def _stronger(found: list[Finding], read: list[Finding]) -> list[Finding]:
    """The reply's own findings with those of the reading with its prompt's group: per category the
    higher score, both readings' evidence and groups (as one text's findings are collected)."""
    by = {f.category: f for f in found}
    for f in read:
        own = by.get(f.category)
        if own is None:
            by[f.category] = f
            continue
        score = max(own.score, f.score)
        by[f.category] = dataclasses.replace(
            own,
            score=score,
            flagged=own.flagged or f.flagged,
            groups=tuple(sorted({*own.groups, *f.groups})),
            evidence=(*own.evidence, *f.evidence),
        )
    return list(by.values())


def _unshifted(pos: int, at: int, inserted: int) -> int:
    """A position in a text with `inserted` characters put in at `at`, in the text without them."""
    return pos if pos <= at else max(at, pos - inserted)


class _Collector:
    """The strongest score per category, with all its evidence and groups."""

    def __init__(self) -> None:
        self.by_category: dict[str, tuple[float, list[Evidence], set[str]]] = {}

    def add(self, category: str, score: float, ev: Evidence, groups: set[str]) -> None:
        best, evs, gs = self.by_category.get(category, (0.0, [], set()))
        evs.append(ev)
        self.by_category[category] = (max(best, score), evs, gs | groups)
