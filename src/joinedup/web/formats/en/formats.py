"""English as written in the United Kingdom: day, month, year; the 24-hour clock."""

DATE_FORMAT = "j F Y"  # 1 April 2016
DATETIME_FORMAT = "j F Y, H:i"  # 1 April 2016, 14:05
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"  # April 2016
MONTH_DAY_FORMAT = "j F"  # 1 April
SHORT_DATE_FORMAT = "d/m/Y"  # 01/04/2016
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
