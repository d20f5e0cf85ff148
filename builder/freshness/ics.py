"""The review plan as iCalendar files (RFC 5545), one per owner, that Outlook and others import.

One all-day VEVENT per review on its `review_by` day, with a reminder the day
before: Outlook imports events, not tasks (VTODO), so the reminders do land in
the owner's calendar. Written by hand (the format is small) so that the product
needs no extra dependency; tests read the files back with the `icalendar`
package. Everything is derived from the plan and its start date (UID, DTSTAMP),
so the same input gives the same bytes.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

from builder.content import urls
from builder.content.atomic import write_bytes
from builder.freshness.digest import owner_slug
from builder.freshness.plan import Plan, Review
from builder.content.fr import french_date
from builder.model import Config

PRODID = "-//CSU//csu-kb kb review --plan//FR"


def escape_text(text: str) -> str:
    """TEXT values (RFC 5545 § 3.3.11): backslash, semicolon, comma and line breaks escaped."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Content lines of at most 75 octets (§ 3.1), cut between characters, never inside one."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _event(review: Review, config: Config, stamp: str) -> list[str]:
    item = review.item
    link = urls.page_url(config, item) if config.site_url else ""
    due = f"échéance le {french_date(review.due)}" if review.due else "jamais revu"
    description = f"Revoir {item.id} « {item.title} » ({due}), puis : kb review {item.id}"
    if link:
        description += f"\n{link}"
    day = review.review_by
    lines = [
        "BEGIN:VEVENT",
        f"UID:{item.id}-{day.strftime('%Y%m%d')}@csu-kb",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{escape_text(f'Revoir {item.id} : {item.title}')}",
        f"DESCRIPTION:{escape_text(description)}",
        "TRANSP:TRANSPARENT",
        "CATEGORIES:Revue PIL-05",
    ]
    if link:
        lines.append(f"URL:{link}")
    lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{escape_text(f'Revoir {item.id}')}",
              "TRIGGER:-P1D", "END:VALARM", "END:VEVENT"]
    return lines


def calendar_text(reviews: Iterable[Review], config: Config, owner: str, plan: Plan) -> str:
    stamp = plan.start.strftime("%Y%m%dT000000Z")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape_text(f'Revues PIL-05 : {owner}')}"]
    for review in reviews:
        lines += _event(review, config, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def write_calendars(plan: Plan, reviews: list[Review], config: Config, folder: Path) -> list[Path]:
    """One OWNER.ics per owner with reviews in `reviews`; the written paths, by owner."""
    by_owner: dict[str, list[Review]] = {}
    for review in reviews:
        by_owner.setdefault(review.item.owner or "", []).append(review)
    written: list[Path] = []
    used: set[str] = set()
    for owner in sorted(by_owner):
        name = candidate = owner_slug(owner)
        n = 2
        while candidate in used:  # two owners spelt alike (« Réseau », « reseau »): two files
            candidate, n = f"{name}-{n}", n + 1
        used.add(candidate)
        path = folder / f"{candidate}.ics"
        write_bytes(path, calendar_text(by_owner[owner], config, owner or "sans responsable", plan).encode("utf-8"))
        written.append(path)
    return written
