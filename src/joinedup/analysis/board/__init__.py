"""Plain words for a partnership board: the report's summary, its questions for the
board and its methods sentences, one module per report section.

Each module turns figures the section already shows (and has already suppressed
below k respondents) into :class:`~joinedup.analysis.board.text.BoardLines`; no
module computes a new statistic, so nothing reaches the words that the section's
own tables would not show. Django-free, like the rest of :mod:`joinedup.analysis`.
"""
