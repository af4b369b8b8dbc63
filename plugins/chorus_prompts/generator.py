"""Decides the prompt days at context time; writes day, month and archive pages."""

from __future__ import annotations

import logging

from pelican.generators import Generator

from chorus.calendar import read_calendar
from chorus.pagedeps import TrackedMapping
from chorus.problems import ConfigError
from chorus.prompts import PromptSettings, make_plan, published_prompt_days
from chorus.streaks import advocate_streaks

from .archive import by_month, neighbours

logger = logging.getLogger(__name__)


class PromptsGenerator(Generator):
    """Publishes ``prompt_days`` (and ``prompt_days_by_day``), ``today_prompt`` and ``advocate_streaks``; writes prompt pages.

    Plan problems (a published day with no prompt, a calendar line naming a
    missing prompt) join ``chorus_hub.problems``, so the content plugin reports
    them with every other content problem and fails the build.
    """

    def generate_context(self) -> None:
        hub = self.context.get("chorus_hub")
        if hub is None:
            raise ConfigError("PLUGINS: chorus_prompts needs chorus_content listed before it")
        settings = PromptSettings.from_settings(self.settings)
        calendar, problems = read_calendar(self.path)
        plan = make_plan(hub.prompts, calendar, settings, published_through=hub.day)
        hub.problems.extend([*problems, *plan.problems])
        for warning in plan.warnings:
            logger.warning("Chorus prompts: %s", warning)
        if plan.unfixed:
            logger.info("Chorus prompts: %d published day(s) from %s come from the pool rotation, "
                        "not the calendar; run `./hub prompts.calendar` so they never change",
                        len(plan.unfixed), plan.unfixed[0].isoformat())
        days = published_prompt_days(plan.slots, self.context.get("articles", []),
                                     hub.testimonials, hub.day)
        self.context["prompt_days"] = days
        # Pages look up "the prompt this piece answers" by day: a dict, not a scan of every day.
        self.context["prompt_days_by_day"] = TrackedMapping(
            "prompt_days_by_day", {prompt_day.day: prompt_day for prompt_day in days})
        self.context["today_prompt"] = days[0] if days and days[0].day == hub.day else None
        self.context["advocate_streaks"] = TrackedMapping(
            "advocate_streaks", advocate_streaks(days, hub.day, settings.grace_window))

    def generate_output(self, writer) -> None:
        days = self.context["prompt_days"]
        months = by_month(days)
        write = writer.write_file
        write("prompts/index.html", self.get_template("prompts"), self.context,
              months=months, page_name="prompts/index")
        for month in months:
            write(f"{month.url}index.html", self.get_template("prompts_month"), self.context,
                  month=month, page_name=f"{month.url}index")
        around = neighbours(days)
        for prompt_day in days:
            older, newer = around[prompt_day.day]
            write(f"{prompt_day.url}index.html", self.get_template("prompt_day"), self.context,
                  prompt_day=prompt_day, older=older, newer=newer,
                  page_name=f"{prompt_day.url}index")
