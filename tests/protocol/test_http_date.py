"""HTTP dates (rfc822 timestamps) are written as email.utils.formatdate writes them."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta, timezone
from email.utils import formatdate

from hypothesis import given
from hypothesis import strategies as st

from moto_shared.protocol.serialize_scalars import http_date

MOMENTS = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(9999, 12, 31), timezones=st.just(timezone.utc))


@given(MOMENTS)
def test_a_datetime_is_written_as_formatdate_writes_its_whole_seconds(moment):
    assert http_date(moment) == formatdate(calendar.timegm(moment.timetuple()), usegmt=True)


@given(MOMENTS, st.integers(-14 * 60, 14 * 60))
def test_any_offset_is_written_in_gmt(moment, offset_minutes):
    local = moment.astimezone(timezone(timedelta(minutes=offset_minutes)))
    assert http_date(local) == http_date(moment)


def test_epoch_numbers_and_text_are_accepted():
    assert http_date(1422172800) == "Sun, 25 Jan 2015 08:00:00 GMT"
    assert http_date(1422172800.9) == "Sun, 25 Jan 2015 08:00:00 GMT"
    assert http_date("2015-01-25T08:00:00Z") == "Sun, 25 Jan 2015 08:00:00 GMT"
