"""The obligations calendar: recurring deadlines, commitments, reviews and editions as iCalendar.

``occurrences`` places a recurring deadline on a business calendar (holidays and
working days); ``collect`` gathers every dated obligation of the organisation;
``ics`` writes them as an RFC 5545 feed (docs/calendar.md).
"""
