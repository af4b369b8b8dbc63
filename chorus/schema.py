"""The content model as data: which fields each kind of file has, and their rules."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from chorus import fields as f


class Kind(str, Enum):
    STORY = "story"
    TESTIMONIAL = "testimonial"
    ADVOCATE = "advocate"
    PROMPT = "prompt"
    PAGE = "page"
    AWARD = "award"


# Which folder under content/ holds which kind.
FOLDERS = {
    "stories": Kind.STORY,
    "testimonials": Kind.TESTIMONIAL,
    "advocates": Kind.ADVOCATE,
    "prompts": Kind.PROMPT,
    "pages": Kind.PAGE,
    "awards": Kind.AWARD,
}

# Non-Markdown data files the hub reads itself (paths under content/); the
# content check parses them instead of asking for a .md name.
DATA_FILES = frozenset({"prompts/calendar.txt"})

PUBLISHED, DRAFT, WITHDRAWN = "published", "draft", "withdrawn"
STATUSES = (PUBLISHED, DRAFT, WITHDRAWN)
ANONYMOUS = "anonymous"


# What `./hub prompts.new` writes when no --intro is given; a prompt holding it is refused.
PROMPT_PLACEHOLDER = "Write a short intro here."

@dataclass(frozen=True)
class FieldSpec:
    parse: f.Parser
    required: bool = False


@dataclass(frozen=True)
class BodySpec:
    label: str
    max_chars: int
    required: bool = True
    markdown: bool = False
    placeholder: str = ""     # scaffold text that must be replaced before publishing


@dataclass(frozen=True)
class KindSpec:
    fields: dict[str, FieldSpec]
    body: BodySpec


def _advocate_ref(value: str, ctx: f.ParseContext) -> str:
    if value == ANONYMOUS:
        return value
    return f.slug_ref(value, ctx)


_APPROVAL = {
    "approved_by": FieldSpec(f.plain_text(80), required=True),
    "approved_on": FieldSpec(f.moment, required=True),
    "status": FieldSpec(f.choice(*STATUSES)),
}

SPECS: dict[Kind, KindSpec] = {
    Kind.STORY: KindSpec(
        fields={
            "title": FieldSpec(f.plain_text(150), required=True),
            "date": FieldSpec(f.moment, required=True),
            "modified": FieldSpec(f.moment),
            "advocate": FieldSpec(_advocate_ref, required=True),
            "tags": FieldSpec(f.tags),
            "product": FieldSpec(f.plain_text(80)),
            "prompt": FieldSpec(f.day),
            "photo": FieldSpec(f.image_path),
            "photo_alt": FieldSpec(f.plain_text(200)),
            "featured": FieldSpec(f.yes_no),
            "summary": FieldSpec(f.plain_text(300)),
            "language": FieldSpec(f.language),
            **_APPROVAL,
        },
        body=BodySpec("story text", max_chars=20_000, markdown=True),
    ),
    Kind.TESTIMONIAL: KindSpec(
        fields={
            "date": FieldSpec(f.moment, required=True),
            "advocate": FieldSpec(_advocate_ref, required=True),
            "rating": FieldSpec(f.rating),
            "role": FieldSpec(f.plain_text(80)),
            "organisation": FieldSpec(f.plain_text(80)),
            "product": FieldSpec(f.plain_text(80)),
            "tags": FieldSpec(f.tags),
            "prompt": FieldSpec(f.day),
            "language": FieldSpec(f.language),
            **_APPROVAL,
        },
        body=BodySpec("quote", max_chars=300),
    ),
    Kind.ADVOCATE: KindSpec(
        fields={
            "name": FieldSpec(f.plain_text(60), required=True),
            "name_form": FieldSpec(f.choice("full", "first-initial", "first"), required=True),
            "joined": FieldSpec(f.day, required=True),
            "photo": FieldSpec(f.image_path),
            "photo_consent": FieldSpec(f.yes_no),
            "photo_alt": FieldSpec(f.plain_text(200)),
            "hide_streak": FieldSpec(f.yes_no),
            "hide_badges": FieldSpec(f.yes_no),
            "location": FieldSpec(f.plain_text(60)),
            "language": FieldSpec(f.language),
        },
        body=BodySpec("bio", max_chars=600),
    ),
    Kind.PROMPT: KindSpec(
        fields={
            "question": FieldSpec(f.plain_text(160), required=True),
            "date": FieldSpec(f.day),
            "pool": FieldSpec(f.yes_no),
            "quick": FieldSpec(f.plain_text(200), required=True),
            "story": FieldSpec(f.plain_text(200), required=True),
            "tags": FieldSpec(f.tags),
        },
        body=BodySpec("intro", max_chars=600, placeholder=PROMPT_PLACEHOLDER),
    ),
    # A hand award a moderator gives (./hub mod.award); the advocate by slug only.
    Kind.AWARD: KindSpec(
        fields={
            "title": FieldSpec(f.plain_text(80), required=True),
            "advocate": FieldSpec(f.slug_ref, required=True),
            "date": FieldSpec(f.day, required=True),
            "piece": FieldSpec(f.piece_ref),
            "awarded_by": FieldSpec(f.plain_text(80), required=True),
            "awarded_on": FieldSpec(f.moment, required=True),
            "status": FieldSpec(f.choice(PUBLISHED, WITHDRAWN)),
        },
        body=BodySpec("citation", max_chars=600),
    ),
    Kind.PAGE: KindSpec(
        fields={
            "title": FieldSpec(f.plain_text(120), required=True),
            "summary": FieldSpec(f.plain_text(300)),
        },
        body=BodySpec("page text", max_chars=60_000, markdown=True),
    ),
}

# Keys Pelican would obey if they reached it; named in the error so the
# author knows why a familiar key is refused.
PELICAN_OVERRIDES = frozenset({
    "template", "save_as", "url", "slug", "category", "author", "authors", "lang",
    "translation", "page_order", "css", "js", "og_image", "save-as",
})
