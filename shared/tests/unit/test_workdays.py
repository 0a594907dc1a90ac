"""Working days on China's calendar: weekends, public holidays and make-up working days."""
from datetime import date, datetime, timedelta, timezone

import pytest

from qms_shared import workdays
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


def test_years_without_official_data_count_the_computed_statutory_holidays():
    assert CAL.is_workday(date(2031, 6, 2)) is True and CAL.is_workday(date(2031, 6, 7)) is False
    assert CAL.is_workday(date(2031, 10, 1)) is False  # National Day, whatever the year
    assert CAL.is_workday(date(2031, 1, 23)) is False  # Spring Festival 2031 (lunar), a Thursday


def test_a_complaint_received_on_30_december_2026_is_due_after_new_year_2027():
    cst = timezone(timedelta(hours=8))
    received = datetime(2026, 12, 30, 10, 0, tzinfo=cst)
    assert CAL.due_at(received, 2) == datetime(2027, 1, 4, 10, 0, tzinfo=cst)  # 1 January is a holiday
    make_up = WorkCalendar.from_strings(workdays="2027-01-02")  # a 调休 Saturday the operator entered
    assert make_up.due_at(received, 2) == datetime(2027, 1, 2, 10, 0, tzinfo=cst)


def test_spring_festival_2027_is_never_a_working_day():
    assert [CAL.is_workday(date(2027, 2, d)) for d in range(5, 11)] == [False] * 6
    due_days = {CAL.add_workdays(date(2027, 1, 25) + timedelta(days=n), k) for n in range(20) for k in (1, 2, 10)}
    assert not due_days & {date(2027, 2, d) for d in range(5, 11)}


def test_provisional_years_are_reported_and_confirmed_ones_are_not():
    assert workdays.has_official_schedule(2025) and not workdays.has_official_schedule(2027)
    assert 2026 not in workdays.provisional_years(date(2026, 5, 1))  # official
    assert 2027 not in workdays.provisional_years(date(2026, 5, 1)) or 2027 in workdays._seen_provisional
    CAL.is_workday(date(2029, 3, 1))  # a calculation touching 2029
    assert 2027 in workdays.provisional_years(date(2026, 12, 7))  # next year counts from October
    assert 2029 in workdays.provisional_years(date(2026, 12, 7))
    assert 2027 not in workdays.provisional_years(date(2026, 12, 7), confirmed=[2027])


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
