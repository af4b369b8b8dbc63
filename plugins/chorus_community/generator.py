"""Writes the testimonials wall, testimonial pages, advocates directory and advocate pages."""

from __future__ import annotations

from pelican.generators import Generator

from chorus.community import profiles


class CommunityPagesGenerator(Generator):
    """Community pages from ``chorus_hub`` and the published stories."""

    def generate_context(self) -> None:
        # Profiles need every story, which the articles generator reads first;
        # they are computed when output starts (see generate_output).
        return None

    def generate_output(self, writer) -> None:
        hub = self.context["chorus_hub"]
        people = profiles(hub, self.context.get("articles", []))
        self.context["advocate_profiles"] = people
        write = writer.write_file
        write("testimonials/index.html", self.get_template("testimonials"), self.context,
              testimonials=hub.testimonials, page_name="testimonials/index")
        for testimonial in hub.testimonials:
            write(f"{testimonial.url}index.html", self.get_template("testimonial"), self.context,
                  testimonial=testimonial, advocate=hub.advocate(testimonial.advocate_slug),
                  page_name=f"{testimonial.url}index")
        write("advocates/index.html", self.get_template("advocates"), self.context,
              profiles=people, page_name="advocates/index")
        for profile in people:
            write(f"{profile.advocate.url}index.html", self.get_template("advocate"), self.context,
                  profile=profile, advocate=profile.advocate,
                  page_name=f"{profile.advocate.url}index")
