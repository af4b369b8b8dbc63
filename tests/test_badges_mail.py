"""An advocate is told by mail when they earn a badge: the publisher compares the badges the
live site showed before a build with the new build's and queues a message per new badge."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils

from chorus import moderation
from chorus.outbox import pending
from chorus.publisher import Publisher, PublisherSettings
from chorus.recognition.notify import Earning, earned_json, new_earnings, queue_mail, read_earned
from chorus.store import advocates
from deskhelpers import desk_client, submit
from inert import mail_problems

NOW = dt.datetime(2026, 11, 22, 18, 0, tzinfo=dt.timezone.utc)


def row(slug="pat-q", badge="first-story", name="First story") -> Earning:
    return Earning(slug, badge, name, "2026-11-22", "Pat Q.")


def test_only_badges_new_to_the_build_are_news_and_a_first_build_is_not():
    before = {row()}
    after = {row(), row(badge="featured", name="Featured")}
    assert new_earnings(before, after) == [row(badge="featured", name="Featured")]
    assert new_earnings(None, after) == [] and new_earnings(after, None) == []
    assert new_earnings(after, before) == []                 # a lost badge is not mailed


def test_the_earned_file_round_trips_and_a_broken_one_reads_as_none(tmp_path):
    (tmp_path / "recognition").mkdir()
    (tmp_path / "recognition/earned.json").write_bytes(earned_json([row(), row(badge="b", name="B")]))
    assert read_earned(tmp_path) == {row(), row(badge="b", name="B")}
    (tmp_path / "recognition/earned.json").write_text("{not json")
    assert read_earned(tmp_path) is None and read_earned(tmp_path / "nowhere") is None


def test_a_message_goes_to_every_address_of_the_advocate_and_is_plain_single_line_text(tmp_path):
    _client, service, _clock = desk_client(tmp_path)
    hostile = Earning("pat-q", "award-x", "Pick\r\nBcc: evil@example.com", "2026-11-22", "Pat\nCc: x@example.com")
    with service.desk.store.write() as conn:
        advocates.set_slug(conn, "pat@example.com", "pat-q")
        advocates.set_slug(conn, "Pat.Work@example.com", "pat-q")
        advocates.set_slug(conn, "other@example.com", "someone-else")
        count = queue_mail(conn, [hostile], sender="Hub <hub@example.com>", site_name="Ridgeline",
                           site_url="https://stories.example.com", now=NOW)
    messages = pending(service.desk)
    assert count == 2 and sorted(m.recipient for m in messages) == ["pat.work@example.com", "pat@example.com"]
    for message in messages:
        assert mail_problems(message.data, message.name, message.recipient) == []
        parsed = email.message_from_bytes(message.data, policy=email.policy.default)
        assert parsed["Subject"] == "You earned a badge: Pick Bcc: evil@example.com"
        body = parsed.get_content()
        assert "https://stories.example.com/advocates/pat-q/#badge-award-x" in body
        assert "Share it: https://stories.example.com/advocates/pat-q/" in body
        assert parsed["Message-ID"].startswith("<pat-q.award-x.")
        assert parsed["Message-ID"].endswith("@stories.example.com>")
        assert email.utils.parsedate_to_datetime(parsed["Date"]) == NOW


def test_the_publisher_mails_a_badge_earned_by_the_decision_it_put_live(tmp_path):
    _client, service, clock = desk_client(tmp_path)
    clock.advance(60)
    publisher = Publisher(service.desk, lambda: dict(service.settings), PublisherSettings(), service.clock)
    first = submit(service, title="Up the ridge")
    moderation.approve(service.desk, first, moderator="Mo", now=clock())
    assert publisher.run_once().live
    # The first build had no earlier badges to compare with: nobody is mailed for old news.
    assert [m for m in pending(service.desk) if m.name.endswith("-badge.eml")] == []
    second = submit(service, kind="testimonial", title=None, body="Best shoe I have owned.", rating="5")
    moderation.approve(service.desk, second, moderator="Mo", now=clock())
    assert publisher.run_once().live
    badge_mail = [m for m in pending(service.desk) if m.name.endswith("-badge.eml")]
    assert [m.recipient for m in badge_mail] == ["pat@example.com"]
    body = email.message_from_bytes(badge_mail[0].data, policy=email.policy.default).get_content()
    assert "First testimonial" in body and "Hello Pat Q.," in body
