"""The insights on a store filled with known submissions, each number worked out by hand.

The hub's timezone is America/Denver; the period (Mon 26 Oct to Sun 8 Nov 2026) crosses
the end of daylight saving time (1 Nov, 02:00 MDT = 08:00 UTC): before it the site is
UTC-6, after it UTC-7. Times below are UTC.

  id  kind         channel  advocate  submitted (UTC)    local day  prompt  first decision (UTC)
  A   story        form     pat       2026-10-26 05:59:59  25 Oct    -       - (pending; before)
  B   story        form     pat       2026-10-26 06:00:00  26 Oct    26 Oct  approve 08:00 (2 h)
  H   story        form     pat       2026-10-27 12:00     27 Oct    27 Oct  - (pending)
  J   story        form     pat       2026-10-28 15:00     28 Oct    28 Oct  approve 16:00 (1 h)
  C   testimonial  ingest   sam (5*)  2026-11-01 07:30     1 Nov     1 Nov   reject 09:30 (2 h)
  D   testimonial  form     sam (4*)  2026-11-02 06:30     1 Nov!    1 Nov   approve 16:30 (10 h)
  G   testimonial  form     ann (2*)  2026-11-05 12:00     5 Nov     5 Nov   changes 6 Nov 12:00 (24 h),
                                                                           resubmitted, approved 7 Nov
  E   story        direct   lee       2026-11-08 23:00     8 Nov     -       changes 9 Nov 07:00 (after)
  I   story        form     old       2026-10-01 12:00     (before)  -       - (pending)
  I2  story        form     old2      2026-10-24 12:00     (before)  -       reject 28 Oct 12:00 (96 h)
  F   story        form     kim       2026-11-09 07:00     9 Nov     -       - (pending; after)

The prompt calendar has a prompt every day of the period except 5 Nov.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from chorus import insights, moderation as m
from chorus.insights.period import Period, PeriodError, parse_period, week_of
from modhelpers import a_story, a_testimonial, make_desk

DENVER = ZoneInfo("America/Denver")
PERIOD = Period(dt.date(2026, 10, 26), dt.date(2026, 11, 8), DENVER)
NOW = dt.datetime(2026, 11, 9, 12, 0, tzinfo=dt.timezone.utc)
CALENDAR = {day: f"Question of {day.isoformat()}" for day in PERIOD.days
            if day != dt.date(2026, 11, 5)}


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone.utc)


def _send(desk, values, when, channel="form"):
    extra = {"channel": channel} if channel else None
    return m.submit(desk, values, now=utc(when), extra=extra)




def fill(desk) -> dict[str, str]:
    ids = {}
    story = lambda email, prompt=None, **c: a_story(email=email, prompt=prompt, **c)  # noqa: E731
    ids["A"] = _send(desk, story("pat@example.com"), "2026-10-26T05:59:59")
    ids["B"] = _send(desk, story("pat@example.com", "2026-10-26", title="Day one"), "2026-10-26T06:00:00")
    ids["H"] = _send(desk, story("pat@example.com", "2026-10-27", title="Day two"), "2026-10-27T12:00:00")
    ids["J"] = _send(desk, story("pat@example.com", "2026-10-28", title="Day three"), "2026-10-28T15:00:00")
    ids["C"] = _send(desk, a_testimonial(email="sam@example.com", rating="5", prompt="2026-11-01"),
                     "2026-11-01T07:30:00", "ingest")
    ids["D"] = _send(desk, a_testimonial(email="sam@example.com", rating="4", prompt="2026-11-01",
                                         body="Still the best shoe."), "2026-11-02T06:30:00")
    ids["G"] = _send(desk, a_testimonial(email="ann@example.com", name="Ann Lee", rating="2",
                                         prompt="2026-11-05", body="Good, but they squeak."),
                     "2026-11-05T12:00:00")
    ids["E"] = _send(desk, story("lee@example.com", title="Late one"), "2026-11-08T23:00:00", None)
    ids["I"] = _send(desk, story("old@example.com", title="Long ago"), "2026-10-01T12:00:00")
    ids["I2"] = _send(desk, story("old2@example.com", title="Not this"), "2026-10-24T12:00:00")
    ids["F"] = _send(desk, story("kim@example.com", title="Next day"), "2026-11-09T07:00:00")
    who = {"moderator": "Mo"}
    m.approve(desk, ids["B"], now=utc("2026-10-26T08:00:00"), **who)
    m.approve(desk, ids["J"], now=utc("2026-10-28T16:00:00"), **who)
    m.reject(desk, ids["C"], now=utc("2026-11-01T09:30:00"), reason="Duplicate", **who)
    m.approve(desk, ids["D"], now=utc("2026-11-02T16:30:00"), **who)
    m.request_changes(desk, ids["G"], now=utc("2026-11-06T12:00:00"), note="Which shoe?", **who)
    m.submit(desk, a_testimonial(email="ann@example.com", name="Ann Lee", rating="2",
                                 prompt="2026-11-05", body="The Scree 3: good, but they squeak."),
             now=utc("2026-11-06T18:00:00"), resubmit=ids["G"])
    m.approve(desk, ids["G"], now=utc("2026-11-07T12:00:00"), **who)
    m.request_changes(desk, ids["E"], now=utc("2026-11-09T07:00:00"), note="A title?", **who)
    m.reject(desk, ids["I2"], now=utc("2026-10-28T12:00:00"), reason="Off topic", **who)
    return ids


@pytest.fixture
def found(tmp_path):
    desk = make_desk(tmp_path)[0]
    fill(desk)
    return insights.gather(desk.store, PERIOD, NOW, CALENDAR, grace_window=7)


def test_received_per_day_week_kind_and_channel(found):
    got = found.received
    assert got.total == 7
    per_day = dict(got.per_day())
    assert len(per_day) == 14
    assert {day.isoformat(): n for day, n in per_day.items() if n} == {
        "2026-10-26": 1, "2026-10-27": 1, "2026-10-28": 1, "2026-11-01": 2, "2026-11-05": 1,
        "2026-11-08": 1}
    assert got.by(1) == Counter({"story": 4, "testimonial": 3})
    assert got.by(2) == Counter({"form": 5, "ingest": 1, "direct": 1})
    weeks = got.per_week()
    assert [week for week, _ in weeks] == [dt.date(2026, 10, 26), dt.date(2026, 11, 2)]
    assert weeks[0][1] == Counter({"kind:story": 3, "kind:testimonial": 2, "channel:form": 4,
                                   "channel:ingest": 1})
    assert weeks[1][1] == Counter({"kind:story": 1, "kind:testimonial": 1, "channel:form": 1,
                                   "channel:direct": 1})
    assert got.states == Counter({"approved": 4, "rejected": 1, "changes_requested": 1, "pending": 1})


def test_first_decisions_and_their_rates(found):
    assert found.rates.counts == Counter({"approve": 3, "reject": 2, "request-changes": 1})
    assert found.rates.share("approve") == 3 / 6
    assert found.rates.share("reject") == 2 / 6
    assert found.rates.share("request-changes") == 1 / 6


def test_time_to_first_decision_median_and_90th_percentile(found):
    # 3600, 7200, 7200, 36000, 86400, 345600 seconds
    assert found.waits.count == 6
    assert dict(found.waits.buckets) == {"under 1 hour": 0, "1 to 4 hours": 3, "4 to 24 hours": 1,
                                         "1 to 3 days": 1, "3 to 7 days": 1, "7 days or more": 0}
    assert found.waits.median == (7200 + 36000) / 2
    assert found.waits.p90 == 345600          # rank ceil(0.9 * 6) = 6


def test_the_queue_age_at_now(found):
    queue = found.queue
    assert queue.pending == 4                  # A and H (7 to 30 days), I (39 days), F (5 hours)
    assert queue.oldest_utc == "2026-10-01T12:00:00"
    assert queue.oldest_seconds == 39 * 86400
    assert dict(queue.buckets) == {"under 1 day": 1, "1 to 3 days": 0, "3 to 7 days": 0,
                                   "7 to 30 days": 2, "30 days or more": 1}


def test_answers_per_prompt_day_and_answer_rate(found):
    got = found.answers
    by_day = {d.day.isoformat(): (d.prompt, d.answers, d.approved) for d in got.days}
    assert len(got.prompt_days) == 13
    assert by_day["2026-10-26"] == ("Question of 2026-10-26", 1, 1)
    assert by_day["2026-10-27"] == ("Question of 2026-10-27", 1, 0)
    assert by_day["2026-11-01"] == ("Question of 2026-11-01", 2, 1)
    assert by_day["2026-11-05"] == ("", 1, 1)     # answered a day the calendar has no prompt for
    assert by_day["2026-11-02"] == ("Question of 2026-11-02", 0, 0)
    assert got.answered_days == 4
    assert got.answer_rate == 4 / 13
    assert got.per_prompt_day == 5 / 13


def test_streaks_count_approved_answers_with_the_grace_rule(found):
    # pat: 26 and 28 Oct approved (27 Oct pending: one miss forgiven) -> 2; sam: 1 Nov -> 1;
    # ann answered 5 Nov, which had no prompt: no streak.
    assert dict(found.streaks.buckets) == {"1 day": 1, "2 to 3 days": 1, "4 to 6 days": 0,
                                           "7 to 13 days": 0, "14 to 29 days": 0,
                                           "30 days or more": 0}
    assert found.streaks.advocates == 2


def test_returning_advocates(found):
    # pat sent A before the period; sam, lee and ann are new; pat and sam sent 2+ in it.
    assert (found.returning.new, found.returning.returning, found.returning.repeat) == (3, 1, 2)
    assert found.returning.returning_share == 1 / 4


def test_ratings_leave_rejected_out(found):
    got = found.ratings
    assert got.distribution() == [(1, 0), (2, 1), (3, 0), (4, 1), (5, 0)]
    assert got.average == 3.0
    weekly = got.over(week_of, PERIOD.days)
    assert weekly == [(dt.date(2026, 10, 26), [(1, 0), (2, 0), (3, 0), (4, 1), (5, 0)]),
                      (dt.date(2026, 11, 2), [(1, 0), (2, 1), (3, 0), (4, 0), (5, 0)])]


def test_an_empty_store_gives_zeros_and_no_rates(tmp_path):
    desk = make_desk(tmp_path)[0]
    got = insights.gather(desk.store, PERIOD, NOW, CALENDAR)
    assert got.received.total == 0 and got.rates.share("approve") is None
    assert got.waits.median is None and got.waits.p90 is None and got.waits.count == 0
    assert got.queue.pending == 0 and got.queue.oldest_seconds is None
    assert got.answers.answer_rate == 0 and got.ratings.average is None
    assert got.returning.returning_share is None


def test_the_prompt_calendar_comes_from_the_hubs_plan(tmp_path):
    desk, settings = make_desk(tmp_path)
    period = Period(dt.date(2026, 11, 2), dt.date(2026, 11, 4), DENVER)
    calendar, problem = insights.prompt_calendar(settings, desk.content_dir, period, NOW)
    assert problem == ""
    assert calendar == {dt.date(2026, 11, 2): "What is your favourite descent, and why?",
                        dt.date(2026, 11, 3): "What almost stopped you from starting?",
                        dt.date(2026, 11, 4): "What is your favourite descent, and why?"}


def test_periods_are_checked_and_name_the_field():
    today = dt.date(2026, 11, 8)
    assert parse_period("", "", DENVER, today) == Period(dt.date(2026, 10, 12), today, DENVER)
    assert parse_period("2026-11-01", None, DENVER, today).length == 8
    with pytest.raises(PeriodError, match="^from: '2026-13-01' is not a real calendar day"):
        parse_period("2026-13-01", "", DENVER, today)
    with pytest.raises(PeriodError, match="^to: 2026-10-01 is before from"):
        parse_period("2026-11-01", "2026-10-01", DENVER, today)
    with pytest.raises(PeriodError, match="^to: the period has"):
        parse_period("2020-01-01", "2026-01-01", DENVER, today)


@pytest.mark.parametrize("zone, day, stamps", [
    ("America/Denver", "2026-11-01", {"2026-11-01T05:59:59": "2026-10-31", "2026-11-01T06:00:00": "2026-11-01",
                                      "2026-11-02T06:59:59": "2026-11-01", "2026-11-02T07:00:00": "2026-11-02"}),
    ("Asia/Kolkata", "2026-11-01", {"2026-10-31T18:29:59": "2026-10-31", "2026-10-31T18:30:00": "2026-11-01"}),
    ("Australia/Lord_Howe", "2026-10-04", {"2026-10-03T13:29:59": "2026-10-03",  # +10:30 to +11
                                           "2026-10-03T13:30:00": "2026-10-04",
                                           "2026-10-04T12:59:59": "2026-10-04",
                                           "2026-10-04T13:00:00": "2026-10-05"}),
])
def test_the_sites_day_of_a_utc_time_in_sql(tmp_path, zone, day, stamps):
    from sqlalchemy import literal, select

    from chorus.insights.period import as_day

    desk = make_desk(tmp_path)[0]
    start = dt.date.fromisoformat(day) - dt.timedelta(days=1)
    period = Period(start, start + dt.timedelta(days=3), ZoneInfo(zone))
    with desk.store.read() as conn:
        got = {stamp: as_day(conn.execute(select(period.local_day(literal(stamp), conn.dialect.name)))
                             .scalar_one()).isoformat() for stamp in stamps}
    assert got == stamps


def test_a_period_knows_its_utc_bounds_and_offsets():
    assert PERIOD.utc_bounds == ("2026-10-26T06:00:00", "2026-11-09T07:00:00")
    assert PERIOD.offsets() == [(None, -6 * 3600), ("2026-11-01T08:00:00", -7 * 3600)]


def test_migration_0004_fills_the_new_columns_from_what_the_store_holds(tmp_path):
    """A hub at 0003 with a form submission (rating 3) whose changes were requested upgrades
    with its channel, rating and first decision (in UTC) filled in, and its history whole."""
    from alembic import command
    from sqlalchemy import select

    from chorus.store.engine import alembic_config
    from chorus.store.tables import submissions

    desk = make_desk(tmp_path)[0]
    receipt = _send(desk, a_testimonial(rating="3"), "2026-11-02T10:00:00")
    m.request_changes(desk, receipt, now=dt.datetime(2026, 11, 2, 9, 0, tzinfo=DENVER),
                      note="Which shoe?", moderator="Mo")
    engine = desk.store.engine
    config = alembic_config(engine)
    with engine.connect() as conn, conn.begin():
        config.attributes["connection"] = conn
        command.downgrade(config, "0003_publishes")
    with engine.connect() as conn, conn.begin():
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    with desk.store.read() as conn:
        row = conn.execute(select(submissions.c.channel, submissions.c.rating, submissions.c.decision,
                                  submissions.c.decided_utc)).one()
    assert tuple(row) == ("form", 3, "request-changes", "2026-11-02T16:00:00")
    assert [entry["action"] for entry in desk.store.load(receipt)["history"]] == \
        ["submit", "request-changes"]


# --- Net Promoter Score and promoters to invite -----------------------------------------
#   who   kind         answer  submitted (UTC)   prompt   state after
#   p1    testimonial  10      2026-10-28 12:00  28 Oct   approved          promoter
#   p2    testimonial  9       2026-11-03 12:00  3 Nov    pending           promoter (also a pending story: not listed)
#   p3    testimonial  8       2026-11-04 12:00  3 Nov    pending           passive
#   p4    testimonial  3       2026-11-05 12:00  -        pending           detractor
#   p5    testimonial  10      2026-11-06 12:00  -        rejected          left out
#   p6    story        9       2026-11-07 12:00  3 Nov    rejected          left out
# October: 1 promoter -> +100; November: 1 promoter, 1 passive, 1 detractor -> 0;
# overall 2 promoters, 1 passive, 1 detractor -> (2 - 1) / 4 = +25.
# 3 Nov: p2 (9) and p3 (8) -> +50; 28 Oct: p1 -> +100.

def _recommenders(desk) -> dict[str, str]:
    ids = {}
    t = lambda who, answer, prompt=None: a_testimonial(  # noqa: E731
        email=f"{who}@example.com", name=f"Name {who}", recommend=answer, prompt=prompt)
    ids["p1"] = _send(desk, t("p1", "10", "2026-10-28"), "2026-10-28T12:00:00")
    ids["p2"] = _send(desk, t("p2", "9", "2026-11-03"), "2026-11-03T12:00:00")
    ids["p2 story"] = _send(desk, a_story(email="P2@example.com"), "2026-11-03T13:00:00")
    ids["p3"] = _send(desk, t("p3", "8", "2026-11-03"), "2026-11-04T12:00:00")
    ids["p4"] = _send(desk, t("p4", "3"), "2026-11-05T12:00:00")
    ids["p5"] = _send(desk, t("p5", "10"), "2026-11-06T12:00:00")
    ids["p6"] = _send(desk, a_story(email="p6@example.com", recommend="9", prompt="2026-11-03"),
                      "2026-11-07T12:00:00")
    m.approve(desk, ids["p1"], now=utc("2026-10-29T12:00:00"), moderator="Mo")
    for receipt in (ids["p5"], ids["p6"]):
        m.reject(desk, receipt, now=utc("2026-11-08T12:00:00"), reason="Spam", moderator="Mo")
    return ids


def test_net_promoter_score_per_month_and_per_prompt_day(tmp_path):
    desk = make_desk(tmp_path)[0]
    _recommenders(desk)
    got = insights.gather(desk.store, PERIOD, NOW, CALENDAR).recommend
    assert (got.overall.promoters, got.overall.passives, got.overall.detractors) == (2, 1, 1)
    assert got.overall.nps == 25
    assert [(month.isoformat(), score.answers, score.nps) for month, score in got.per_month] == \
        [("2026-10-01", 1, 100), ("2026-11-01", 3, 0)]
    assert [(day.isoformat(), score.nps) for day, score in got.per_prompt] == \
        [("2026-10-28", 100), ("2026-11-03", 50)]


def test_promoters_without_a_story_are_listed_and_invited_once(tmp_path):
    from chorus.insights.invite import invite, invite_once
    from chorus.outbox import pending
    from chorus.problems import ChorusError

    desk = make_desk(tmp_path)[0]
    ids = _recommenders(desk)
    listed = insights.gather(desk.store, PERIOD, NOW, CALENDAR).promoters
    assert [(p.receipt, p.name, p.answer) for p in listed] == [(ids["p1"], "Name p1", 10)]
    invite(desk, ids["p1"], by="Mo", now=NOW, form_url="https://hub.example.com/submit?kind=story")
    mail = [message for message in pending(desk) if message.name.endswith(f"{ids['p1']}-invite.eml")]
    assert len(mail) == 1 and mail[0].recipient == "p1@example.com"
    text = mail[0].data.decode()
    assert "Subject: Would you tell us your story?" in text
    assert "https://hub.example.com/submit?kind=story" in text and "Hello Name p1" in text
    assert insights.gather(desk.store, PERIOD, NOW, CALENDAR).promoters == []
    with pytest.raises(ChorusError, match="invited already, by Mo at 2026-11-09T12:00:00 UTC"):
        invite_once(desk, ids["p1"], by="Ada", now=NOW, form_url="https://x.example/")
    assert len([m for m in pending(desk) if m.name.endswith("-invite.eml")]) == 1


def test_the_recommendation_is_private_and_erasure_forgets_the_invitation(tmp_path):
    from sqlalchemy import func, select

    from chorus import privacy
    from chorus.insights.invite import invite
    from chorus.store.tables import invitations

    desk = make_desk(tmp_path)[0]
    ids = _recommenders(desk)
    published = "\n".join(p.read_text() for p in (desk.content_dir / "testimonials").rglob("*.md"))
    assert "Name p1" not in published and "ecommend" not in published
    invite(desk, ids["p5"], by="Mo", now=NOW, form_url="https://hub.example.com/submit")
    assert privacy.export_advocate(desk, "p5@example.com", NOW)["invited_to_tell_a_story"] == \
        {"by": "Mo", "at_utc": "2026-11-09T12:00:00"}
    privacy.erase(desk, ids["p5"], by="Mo", now=NOW)
    with desk.store.read() as conn:
        assert conn.execute(select(func.count()).select_from(invitations)).scalar_one() == 0
