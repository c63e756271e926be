"""schema.org JSON-LD for entry and organisation pages, so search engines and other tools
read what a page is about (an event's time and place, a report's publisher) without
scraping it. It is written with the page (``script_text``), as Jinja's ``tojson`` writes
it; the theme puts it in as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2.utils import htmlsafe_json_dumps

from ..content.config import Settings
from ..content.model import Case, Entry, Event, Recommendation, Report
from ..content.urls import absolute
from ..content.vocabulary import Organisation
from ..index.cross import CrossIndex


def script_text(data: Mapping[str, Any]) -> str:
    """``data`` as the text of its ``<script type="application/ld+json">``, as the theme's
    ``tojson`` filter would write it: ``<``, ``>``, ``&`` and ``'`` escaped, so that no
    text can end the element. Written with the page (by the helper process on a large
    site) rather than by the template, in the process that waits for every page."""
    return str(htmlsafe_json_dumps(data, sort_keys=True))


def _url(settings: Settings, kind: str, ident: str) -> str:
    return absolute(settings.site_url, settings.urls.page(kind, ident))


def organisation_ld(org: Organisation, settings: Settings) -> dict[str, Any]:
    kind = (
        "GovernmentOrganization"
        if org.org_kind in ("departement", "direktorat/etat")
        else "Organization"
    )
    data: dict[str, Any] = {
        "@type": kind,
        "name": org.name,
        "url": _url(settings, "organisation", org.id),
    }
    if org.short_name:
        data["alternateName"] = org.short_name
    if org.url:
        data["sameAs"] = org.url
    if org.founded:
        data["foundingDate"] = str(org.founded)
    if org.ended:
        data["dissolutionDate"] = str(org.ended)
    return data


def _orgs(ix: CrossIndex, ids: tuple[str, ...] | list[str]) -> list[dict[str, Any]]:
    found = [ix.organisation(i) for i in ids]
    return [organisation_ld(o, ix.settings) for o in found if o is not None]


def entry_ld(entry: Entry, ix: CrossIndex) -> dict[str, Any]:
    settings = ix.settings
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "url": _url(settings, entry.kind, entry.id),
        "name": entry.title,
        "inLanguage": "nb",
        "datePublished": entry.published.isoformat(),
        "isPartOf": {"@type": "WebSite", "name": settings.site_name, "url": settings.site_url},
        "about": [ix.vocabulary.themes[t].title for t in entry.themes if t in ix.vocabulary.themes],
    }
    if entry.updated:
        data["dateModified"] = entry.updated.isoformat()
    if entry.summary:
        data["description"] = entry.summary
    if isinstance(entry, Case):
        data["@type"] = "Article"
        project: dict[str, Any] = {
            "@type": "Project",
            "name": entry.title,
            "member": _orgs(ix, [o.id for o in entry.organisations if o.role != "finansierer"]),
            "funder": _orgs(ix, [o.id for o in entry.organisations if o.role == "finansierer"]),
            # A Project is an Organization in schema.org: its time is founding/dissolution.
            "foundingDate": str(entry.period.start),
        }
        if entry.period.end:
            project["dissolutionDate"] = str(entry.period.end)
        data["mainEntity"] = project
    elif isinstance(entry, Report):
        data["@type"] = "Report"
        data["publisher"] = _orgs(ix, entry.publishers)
        if entry.date:
            data["datePublished"] = str(entry.date)
        if entry.url:
            data["sameAs"] = entry.url
    elif isinstance(entry, Recommendation):
        data["@type"] = "CreativeWork"
        data["text"] = entry.recommendation
        data["isBasedOn"] = _url(settings, "report", entry.source_report)
    elif isinstance(entry, Event):
        data["@type"] = "Event"
        # An Event is not a CreativeWork: no publication dates, not part of a web site.
        for creative_work_only in ("datePublished", "dateModified", "isPartOf"):
            data.pop(creative_work_only, None)
        data["startDate"] = entry.start.iso()
        if entry.end:
            data["endDate"] = entry.end.iso()
        data["organizer"] = _orgs(ix, entry.organisers)
        data["eventStatus"] = "https://schema.org/EventScheduled"
        if entry.online:
            data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
            data["location"] = {"@type": "VirtualLocation", "url": data["url"]}
        elif entry.place:
            data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
            data["location"] = {"@type": "Place", "name": entry.place, "address": entry.place}
        if entry.part_of:
            data["superEvent"] = {"@type": "Event", "url": _url(settings, "event", entry.part_of)}
        parts = ix.parts_of.get(entry.id, [])
        if parts:
            data["subEvent"] = [
                {
                    "@type": "Event",
                    "name": p.title,
                    "url": _url(settings, "event", p.id),
                    "startDate": p.start.iso(),
                }
                for p in parts
            ]
    return data


def page_ld(organisation: Organisation, settings: Settings) -> dict[str, Any]:
    return {"@context": "https://schema.org", **organisation_ld(organisation, settings)}
