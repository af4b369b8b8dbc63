"""Deterministic filler text for synthetic hubs: English Markdown with headings,
lists, quotes and links, plus Japanese, Chinese, Arabic and Hebrew passages."""

from __future__ import annotations

import random

WORDS = (
    "trail ridge summit morning cold water shoes pace mile climb descent friend mud rain snow "
    "breath legs heart light dark start finish aid station pack jacket map wrong turn creek "
    "forest desert canyon rock dust wind quiet loud slow fast steady long short first last "
    "again always never almost enough together alone kind stranger coach sister father dog "
    "switchback headlamp sunrise sunset valley river bridge stone path gate fence cattle hill "
    "was were had felt thought ran walked stopped laughed learned carried found lost kept"
).split()
ENGLISH_HEADINGS = ("The start", "Halfway", "What went wrong", "The climb", "What I carry now",
                    "The last mile", "Afterwards", "Why I keep going", "Gear notes", "Next year")
EMOJI = ("🏃", "⛰️", "🌧️", "☀️", "🥾", "💪", "🙌", "❄️", "🌄", "🐕")

JAPANESE = ("朝の山道はまだ暗くて、ヘッドライトの光だけが頼りだった。", "友達と一緒に最後の坂を登った。",
            "雨が降り始めても、誰も止まろうとはしなかった。", "頂上で飲んだお茶の味は忘れられない。",
            "初めてのトレイルは怖かったけれど、楽しかった。")
CHINESE = ("清晨的山路还很暗，只有头灯的光。", "我们一起爬上了最后一段坡。", "下雨了，但没有人停下来。",
           "在山顶喝的那杯茶，我永远不会忘记。", "第一次跑越野，又紧张又开心。")
ARABIC = ("كان الطريق في الصباح مظلماً ولم يكن معنا إلا ضوء المصباح.", "صعدنا التل الأخير معاً.",
          "بدأ المطر ولكن لم يتوقف أحد.", "لن أنسى طعم الشاي على القمة.")
HEBREW = ("השביל בבוקר היה עדיין חשוך, ורק פנס הראש האיר את הדרך.", "טיפסנו יחד על העלייה האחרונה.",
          "התחיל לרדת גשם, אבל אף אחד לא עצר.", "לעולם לא אשכח את טעם התה בפסגה.")
SCRIPTS = {"ja": JAPANESE, "zh": CHINESE, "ar": ARABIC, "he": HEBREW}
TITLES = {"ja": "山道の朝", "zh": "山路上的清晨", "ar": "صباح على الدرب", "he": "בוקר על השביל"}


def sentence(rng: random.Random, low: int = 6, high: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....!?")


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def _block(rng: random.Random) -> tuple[str, int]:
    """One Markdown block other than a plain paragraph, and its word count."""
    pick = rng.random()
    if pick < 0.35:
        items = [sentence(rng, 3, 8) for _ in range(rng.randint(3, 5))]
        return "\n".join(f"- {item}" for item in items), sum(len(i.split()) for i in items)
    if pick < 0.6:
        quote = sentence(rng, 8, 16)
        return f"> {quote}", len(quote.split())
    if pick < 0.8:
        text = sentence(rng, 8, 14)
        slug = "-".join(rng.sample(WORDS, 3))
        return (f"{text[:-1]}, as the [route notes](https://example.org/routes/{slug}) say."
                f" *{sentence(rng, 3, 6)}*"), len(text.split()) + 8
    items = [sentence(rng, 3, 7) for _ in range(rng.randint(2, 4))]
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1)), sum(len(i.split()) for i in items)


def english_story(rng: random.Random, words: int, emoji: bool) -> str:
    """Markdown of about ``words`` words: paragraphs, ``##`` headings, lists, quotes, links."""
    blocks: list[str] = []
    count = 0
    headings = list(ENGLISH_HEADINGS)
    rng.shuffle(headings)
    while count < words:
        if blocks and rng.random() < 0.18 and headings:
            blocks.append(f"## {headings.pop()}")
        text = paragraph(rng, rng.randint(3, 6))
        blocks.append(text)
        count += len(text.split())
        if rng.random() < 0.3:
            block, more = _block(rng)
            blocks.append(block)
            count += more
    if emoji:
        blocks[-1] += " " + "".join(rng.sample(EMOJI, 2))
    return "\n\n".join(blocks)


def foreign_story(rng: random.Random, language: str, units: int) -> str:
    """A story in ``language`` of about ``units`` words (characters for CJK, scaled down)."""
    pool = SCRIPTS[language]
    per = 40 if language in ("ja", "zh") else 12
    blocks = []
    total = 0
    while total < units:
        text = "".join(rng.choice(pool) for _ in range(3)) if language in ("ja", "zh") \
            else " ".join(rng.choice(pool) for _ in range(3))
        blocks.append(text)
        total += per * 3
        if rng.random() < 0.2:
            blocks.append(f"## {rng.choice(pool)[:8]}")
        if rng.random() < 0.15:
            blocks.append(f"> {rng.choice(pool)}")
    return "\n\n".join(blocks)


def foreign_title(rng: random.Random, language: str) -> str:
    return TITLES[language]


def short_quote(rng: random.Random, language: str = "") -> str:
    """A testimonial quote (plain text, well under 300 characters)."""
    if language:
        return rng.choice(SCRIPTS[language])
    text = " ".join(sentence(rng, 5, 12) for _ in range(rng.randint(1, 2)))
    return text[:280]
