"""Checks iCalendar files the crate wrote with an independent implementation.

Usage: validate_ics.py FILE.ics EXPECTED.json [FILE.ics EXPECTED.json ...]

EXPECTED.json lists the sessions as [[start, end], ...] in RFC 3339 (with offsets).
Each file must parse with `icalendar`; every event must have a DTSTART in a named time
zone (or a date for an all-day course) and an end; and the occurrences that
`recurring_ical_events` expands must be exactly the sessions. Exits 77 when the packages
are missing.
"""

import datetime
import json
import sys

try:
    import icalendar
    import recurring_ical_events
except ImportError as e:  # pragma: no cover
    print(f"python packages icalendar and recurring-ical-events are missing ({e})")
    sys.exit(77)


def main(args):
    if len(args) % 2:
        sys.exit("pairs of FILE.ics EXPECTED.json")
    checked = 0
    for ics_path, expected_path in zip(args[::2], args[1::2]):
        with open(ics_path, "rb") as f:
            cal = icalendar.Calendar.from_ical(f.read())
        with open(expected_path) as f:
            expected = json.load(f)
        timed = bool(expected) and "T" in expected[0][0]
        events = list(cal.walk("VEVENT"))
        assert events, f"{ics_path}: no events"
        for ev in events:
            start = ev.decoded("DTSTART")
            if timed:
                assert isinstance(start, datetime.datetime), f"{ics_path}: an all-day event"
                assert start.tzinfo is not None, f"{ics_path}: DTSTART without a zone"
                assert "TZID" in ev["DTSTART"].params, f"{ics_path}: DTSTART without TZID"
                assert "DTEND" in ev or "DURATION" in ev, f"{ics_path}: an event without an end"
        if timed:
            zones = {tz["TZID"] for tz in cal.walk("VTIMEZONE")}
            for ev in events:
                assert ev["DTSTART"].params["TZID"] in zones, f"{ics_path}: no VTIMEZONE"
        lo = datetime.datetime(1900, 1, 1)
        hi = datetime.datetime(2200, 1, 1)
        occurrences = recurring_ical_events.of(cal).between(lo, hi)
        if timed:
            got = sorted(
                (o.decoded("DTSTART").astimezone(datetime.timezone.utc),
                 o.decoded("DTEND").astimezone(datetime.timezone.utc))
                for o in occurrences
            )
            want = sorted(
                (datetime.datetime.fromisoformat(s).astimezone(datetime.timezone.utc),
                 datetime.datetime.fromisoformat(e).astimezone(datetime.timezone.utc))
                for s, e in expected
            )
            # The local wall-clock time as the file's zone gives it, too.
            got_local = sorted(o.decoded("DTSTART").replace(tzinfo=None) for o in occurrences)
            want_local = sorted(
                datetime.datetime.fromisoformat(s).replace(tzinfo=None) for s, _ in expected
            )
            assert got_local == want_local, f"{ics_path}: local times differ"
        else:
            got = sorted(o.decoded("DTSTART") for o in occurrences)
            want = sorted(datetime.date.fromisoformat(s) for s, _ in expected)
        assert got == want, f"{ics_path}: {len(got)} occurrences, {len(want)} sessions\n{got[:5]}\n{want[:5]}"
        checked += 1
    print(f"{checked} calendars checked")


if __name__ == "__main__":
    main(sys.argv[1:])
