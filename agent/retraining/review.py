"""`biaswatch review`: a terminal UI (textual) to decide on pending flags one at a time.

The screen shows the prompt and response with the evidence spans highlighted, each detector's score
and evidence, and the groups. Keys: a accept (biased), r reject (false positive), c relabel category,
g relabel groups, e write a corrected response, n note, s skip, b back, q quit. Category, groups,
correction and note are kept for the current flag and stored with the decision, under the reviewer's
id and the time.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Header, Input, Label, Static, TextArea

from agent.retraining import labels
from agent.retraining.review_queue import Filters, ReviewItem, load, pending

_SPAN_STYLES = {"group_term": "bold black on cyan", "sentence": "underline", "harm_term": "bold white on red"}


def highlighted(text: str, spans: list[tuple[int, int, str]]) -> Text:
    out = Text(text)
    # Sentences first so the term styles drawn after them stay visible inside.
    for start, end, kind in sorted(spans, key=lambda s: (s[2] != "sentence", s[0])):
        if 0 <= start < end <= len(text):
            out.stylize(_SPAN_STYLES.get(kind, "bold white on red"), start, end)
    return out


def findings_text(item: ReviewItem) -> Text:
    out = Text()
    for f in item.findings:
        if f.get("detector") == "groups":
            continue
        mark = "FLAG" if f.get("flagged") else "    "
        out.append(f"{mark} {f['detector']:<14} {f['score']:.3f}  {f.get('category', '')}\n", style="bold")
        for e in f.get("evidence", [])[:4]:
            if e.get("kind") == "group_term":
                continue
            out.append(f"       {e.get('kind')}: ", style="dim")
            out.append(f"{str(e.get('text', ''))[:120]}\n")
    return out


@dataclass
class Draft:
    """Edits to the current flag, stored with the decision."""

    category: str | None = None
    groups: tuple[str, ...] | None = None
    corrected_response: str | None = None
    note: str | None = None
    fields: list[str] = field(default_factory=list)


class AskText(ModalScreen[str | None]):
    """One line (category, groups, note) or a text area (corrected response)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel"), Binding("ctrl+s", "save", "save")]

    def __init__(self, title: str, value: str, multiline: bool) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.multiline = multiline

    def compose(self) -> ComposeResult:
        with Vertical(id="ask"):
            yield Label(self.title_text + ("  (ctrl+s saves, esc cancels)" if self.multiline else "  (enter saves)"))
            if self.multiline:
                yield TextArea(self.value, id="answer")
            else:
                yield Input(self.value, id="answer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_save(self) -> None:
        widget = self.query_one("#answer")
        self.dismiss(widget.text if isinstance(widget, TextArea) else widget.value)  # type: ignore[attr-defined]

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewApp(App[int]):
    CSS = """
    #meta { height: auto; padding: 0 1; background: $boost; }
    .field { height: auto; padding: 0 1; margin-top: 1; }
    .title { color: $accent; text-style: bold; padding: 0 1; margin-top: 1; }
    #draft { height: auto; padding: 0 1; color: $warning; }
    #ask { width: 90%; height: auto; max-height: 80%; border: thick $accent; background: $surface; padding: 1; }
    AskText { align: center middle; }
    AskText TextArea { height: 12; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "decide('accepted')", "accept (biased)"),
        Binding("r", "decide('rejected')", "reject (false positive)"),
        Binding("c", "category", "category"),
        Binding("g", "groups", "groups"),
        Binding("e", "correct", "corrected response"),
        Binding("n", "note", "note"),
        Binding("s", "skip", "skip"),
        Binding("b", "previous", "back"),
        Binding("q", "quit", "quit"),
    ]

    def __init__(self, conn: sqlite3.Connection, reviewer: str, filters: Filters | None = None) -> None:
        super().__init__()
        self.conn = conn
        self.reviewer = reviewer
        self.filters = filters or Filters()
        self.ids = pending(conn, self.filters, reviewer)
        self.position = 0
        self.decided = 0
        self.draft = Draft()
        self.item: ReviewItem | None = None
        self.title = "biaswatch review"

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="meta")
        with VerticalScroll():
            yield Static("PROMPT", classes="title")
            yield Static(id="prompt", classes="field")
            yield Static("RESPONSE", classes="title")
            yield Static(id="response", classes="field")
            yield Static("DETECTORS", classes="title")
            yield Static(id="findings", classes="field")
            yield Static(id="draft")
        yield Footer()

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        self.draft = Draft()
        if self.position >= len(self.ids):
            self.item = None
            self.sub_title = f"reviewer {self.reviewer}: nothing left to review ({self.decided} decided)"
            self.query_one("#meta", Static).update(Text("No pending flags match the filters. Press q to quit."))
            for name in ("prompt", "response", "findings", "draft"):
                self.query_one(f"#{name}", Static).update("")
            return
        self.item = item = load(self.conn, self.ids[self.position])
        self.sub_title = f"reviewer {self.reviewer}: {self.position + 1} of {len(self.ids)} pending"
        meta = Text()
        meta.append(f"{item.sample_id}", style="bold")
        meta.append(f"   cycle {item.cycle_id}   model {item.model}   score {item.score:.3f}\n")
        meta.append(f"groups: {', '.join(item.groups) or '-'}   categories: {', '.join(item.categories) or '-'}   ")
        meta.append(f"detectors: {', '.join(item.detectors) or '-'}   ")
        meta.append("redacted" if item.redaction.get("enabled") else "NOT redacted", style="italic")
        self.query_one("#meta", Static).update(meta)
        self.query_one("#prompt", Static).update(highlighted(item.prompt, item.spans("prompt")))
        self.query_one("#response", Static).update(highlighted(item.response, item.spans("response")))
        self.query_one("#findings", Static).update(findings_text(item))
        self._show_draft()

    def _show_draft(self) -> None:
        d = self.draft
        parts = []
        if d.category is not None:
            parts.append(f"category -> {d.category}")
        if d.groups is not None:
            parts.append(f"groups -> {', '.join(d.groups)}")
        if d.corrected_response is not None:
            parts.append(f"corrected response ({len(d.corrected_response)} chars)")
        if d.note is not None:
            parts.append(f"note: {d.note}")
        self.query_one("#draft", Static).update(("pending edits: " + "; ".join(parts)) if parts else "")

    def action_decide(self, status: str) -> None:
        if self.item is None:
            return
        d = self.draft
        label = labels.Label(
            sample_id=self.item.sample_id,
            reviewer=self.reviewer,
            status=status,
            category=d.category,
            groups=d.groups,
            corrected_response=d.corrected_response,
            note=d.note,
            labelled_at=time.time(),
        )
        found = labels.record(self.conn, [label])
        if found:
            self.notify(
                f"{self.item.sample_id}: reviewers disagree; the status stays until resolved", severity="warning"
            )
        self.decided += 1
        del self.ids[self.position]
        self.show()

    def action_skip(self) -> None:
        if self.position < len(self.ids):
            self.position += 1
            self.show()

    def action_previous(self) -> None:
        if self.position > 0:
            self.position -= 1
            self.show()

    def _ask(self, title: str, value: str, multiline: bool, apply: str) -> None:
        if self.item is None:
            return

        def done(answer: str | None) -> None:
            if answer is None:
                return
            answer = answer.strip()
            if apply == "category":
                self.draft.category = answer or None
            elif apply == "groups":
                self.draft.groups = tuple(g.strip() for g in answer.split(",") if g.strip()) or None
            elif apply == "correct":
                self.draft.corrected_response = answer or None
            else:
                self.draft.note = answer or None
            self._show_draft()

        self.push_screen(AskText(title, value, multiline), done)

    def action_category(self) -> None:
        current = self.draft.category or (self.item.categories[0] if self.item and self.item.categories else "")
        self._ask("Category", current, False, "category")

    def action_groups(self) -> None:
        current = self.draft.groups or (tuple(self.item.groups) if self.item else ())
        self._ask("Groups (comma-separated)", ", ".join(current), False, "groups")

    def action_correct(self) -> None:
        current = self.draft.corrected_response or (self.item.response if self.item else "")
        self._ask("Corrected response", current, True, "correct")

    def action_note(self) -> None:
        self._ask("Note", self.draft.note or "", False, "note")

    async def action_quit(self) -> None:
        self.exit(self.decided)
