"""Welsh as written by Welsh public bodies: day, month, year, the month's Welsh name
("6 Rhagfyr 2026") and the 24-hour clock, as the English formats use.

Django's own Welsh formats already put the day first; they write the time with a
12-hour clock ("2:30 y.h."), which joinedup's English pages do not, so a bilingual
page would show the same moment two ways. The month names come from Django's Welsh
catalogue (Ionawr … Rhagfyr); the abbreviated ones are not used in any format here.
"""

DATE_FORMAT = "j F Y"  # 6 Rhagfyr 2026
DATETIME_FORMAT = "j F Y, H:i"  # 6 Rhagfyr 2026, 14:05
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"  # Rhagfyr 2026
MONTH_DAY_FORMAT = "j F"  # 6 Rhagfyr
SHORT_DATE_FORMAT = "d/m/Y"  # 06/12/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Dydd Llun
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
