"""Relative times for the thread (issue 11): "3 hours ago" on the page, the exact time on hover.

The words are rendered here, so a reader without JavaScript sees them; discussion.js redoes the
same sums in the browser every minute, because a cached page (thoughtful/web/pagecache.py) would
otherwise keep saying "just now". Keep the two in step: tests/web/test_relative_times.py pins
these words, tests/browser/test_thread_a11y.py the browser's.
"""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

# Older than this, a date reads better than "23 days ago"; the script leaves those alone.
RELATIVE_FOR_DAYS = 7


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'} ago"


def describe(moment: datetime, now: datetime) -> str:
    """The words for `moment` seen from `now`: just now, N minutes/hours/days ago, or a date."""
    seconds = (now - moment).total_seconds()
    if seconds < 60:  # a clock a little ahead of ours is also "just now"
        return "just now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return _plural(minutes, "minute")
    hours = minutes // 60
    if hours < 24:
        return _plural(hours, "hour")
    days = hours // 24
    if days < RELATIVE_FOR_DAYS:
        return "yesterday" if days == 1 else _plural(days, "day")
    return date_format(timezone.localtime(moment), "j M Y")


def exact(moment: datetime) -> str:
    """The full time, in the site's time zone and named: "7 December 2026, 23:07 UTC"."""
    return date_format(timezone.localtime(moment), "j F Y, H:i T")


@register.simple_tag
def relative_time(moment: datetime | None) -> SafeString | str:
    if moment is None:
        return ""
    return format_html(
        '<time datetime="{}" title="{}" data-relative>{}</time>',
        moment.replace(microsecond=0).isoformat(),
        exact(moment),
        describe(moment, timezone.now()),
    )
