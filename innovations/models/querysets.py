"""The read API of cases: intention-named QuerySet methods (`Innovation.objects.published()`)."""

from django.db import models


class InnovationQuerySet(models.QuerySet):
    def published(self):
        """Cases the public may see."""
        return self.filter(state=self.model.State.PUBLISHED)

    def featured(self):
        """Published cases chosen for the home page, in the moderators' order."""
        return (
            self.published()
            .filter(featured=True)
            .order_by(models.F("featured_order").asc(nulls_last=True), "-published_at", "pk")
        )

    def pending(self):
        """Submitted cases waiting for a moderator, oldest submission first."""
        return self.filter(state=self.model.State.SUBMITTED).order_by("submitted_at", "pk")

    def matching(self, text: str):
        """Cases whose title, summary or lead organisation holds every word of `text`
        (the moderators' search: it reaches unpublished cases, which the index does not)."""
        for word in text.split()[:10]:
            self = self.filter(
                models.Q(title__icontains=word)
                | models.Q(summary__icontains=word)
                | models.Q(lead_organisation__icontains=word)
            )
        return self

    def newest(self):
        """Newest first: by publication, then by creation."""
        return self.order_by(models.F("published_at").desc(nulls_last=True), "-created_at", "-pk")

    def for_listing(self):
        """Everything a card shows, fetched in a constant number of queries."""
        return self.defer(
            "description", "innovative", "results", "challenges", "partners"
        ).prefetch_related("sectors", "approaches", "enabling_factors", "country_links")

    def for_card(self):
        """What a card shows (its countries and sectors), in a constant number of queries."""
        return self.only(
            "pk", "title", "slug", "summary", "year_launched", "level", "status"
        ).prefetch_related("sectors", "country_links")

    def for_detail(self):
        """Everything the case page shows, fetched in a constant number of queries."""
        return self.prefetch_related("sectors", "approaches", "enabling_factors", "country_links")
