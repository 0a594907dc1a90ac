"""Working days on China's calendar: weekends, public holidays and make-up working days."""
from datetime import date, datetime, timedelta, timezone

import pytest

from qms_shared.workdays import WorkCalendar

CAL = WorkCalendar()


def test_two_working_days_from_a_friday_skip_the_weekend():
    assert CAL.add_workdays(date(2025, 3, 7), 2) == date(2025, 3, 11)


def test_national_day_holiday_is_skipped():
    # 2025-10-01..08 are holidays; Thursday 2025-10-09 is the first working day after them
    assert CAL.add_workdays(date(2025, 9, 30), 1) == date(2025, 10, 9)


def test_a_make_up_saturday_counts_as_a_working_day():
    # Saturday 2025-10-11 is a 调休 working day
    assert CAL.is_workday(date(2025, 10, 11)) is True
    assert CAL.add_workdays(date(2025, 10, 10), 1) == date(2025, 10, 11)


def test_years_without_official_data_fall_back_to_monday_to_friday():
    assert CAL.is_workday(date(2031, 6, 2)) is True and CAL.is_workday(date(2031, 6, 7)) is False


def test_operators_add_holidays_and_workdays():
    cal = WorkCalendar.from_strings("2025-03-10", "2025-03-08")
    assert cal.is_workday(date(2025, 3, 10)) is False
    assert cal.is_workday(date(2025, 3, 8)) is True
    assert cal.add_workdays(date(2025, 3, 7), 2) == date(2025, 3, 11)  # Sat 8 counts, Mon 10 not


def test_due_at_keeps_time_of_day_and_offset():
    cst = timezone(timedelta(hours=8))
    assert CAL.due_at(datetime(2025, 3, 7, 16, 30, tzinfo=cst), 2) == datetime(2025, 3, 11, 16, 30, tzinfo=cst)


def test_workdays_between_and_negative_days():
    assert CAL.workdays_between(date(2025, 3, 7), date(2025, 3, 11)) == 2
    assert CAL.workdays_between(date(2025, 3, 11), date(2025, 3, 7)) == -2
    with pytest.raises(ValueError):
        CAL.add_workdays(date(2025, 3, 7), -1)
