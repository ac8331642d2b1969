"""Date and number formats for the site's languages (Django's ``FORMAT_MODULE_PATH``).

Django's own English formats are American ("April 1, 2016", "Nov. 1, 2026"); joinedup's
readers are British and Welsh partnerships, so English dates read as they do there:
"1 April 2016". Welsh dates read "6 Rhagfyr 2026", with the same 24-hour clock
(``cy/formats.py``).
"""
