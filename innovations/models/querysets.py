"""The read API of cases: intention-named QuerySet methods (`Innovation.objects.published()`)."""

from django.db import models
from django.db.models.functions import JSONObject


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
        """Everything a result of the API shows (its tags, countries and media), fetched
        in a constant number of queries."""
        return self.defer(
            "description", "innovative", "results", "challenges", "partners"
        ).prefetch_related("sectors", "approaches", "enabling_factors", "country_links", "media")

    def thumbnails(self) -> models.Subquery:
        """Each case's first picture ({pk, alt, width, height, renditions}, or None) in the
        cases' own query: a card shows one, so a listing takes no query more for them."""
        media = self.model._meta.get_field("media").related_model
        first = (
            media.objects.filter(innovation=models.OuterRef("pk"), kind="image")
            .exclude(file="")
            .order_by("created_at", "pk")
            .values(
                json=JSONObject(
                    pk="pk", alt="alt_text", width="width", height="height", renditions="renditions"
                )
            )[:1]
        )
        return models.Subquery(first)

    def for_detail(self):
        """Everything the case page shows, fetched in a constant number of queries."""
        return self.prefetch_related("sectors", "approaches", "enabling_factors", "country_links")
