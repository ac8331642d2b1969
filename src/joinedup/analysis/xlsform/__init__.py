"""XLSForm in and out: ODK/KoboToolbox questionnaires as joinedup instruments.

The package is layered, each module importing only those below it:

- :mod:`.sheets` opens the workbook (never trusting its stored dimensions) and turns
  cells into located rows, collecting :class:`~joinedup.analysis.instruments.Problem`
  records with sheet, row and column;
- :mod:`.vocab` lists the question types, columns and appearances the importer knows;
- :mod:`.choices` reads the choices sheet into scales and choice lists;
- :mod:`.rows` builds dimensions and items from the survey sheet;
- :mod:`.reader` is the importer's entry point (settings, languages, pyxform's own
  check) — :func:`load_xlsform`;
- :mod:`.export` writes an instrument back as an XLSForm — :func:`export_xlsform`.

:func:`joinedup.analysis.forms.load_form` chooses between this and the YAML reader by
the file's suffix.
"""

from joinedup.analysis.xlsform.reader import export_xlsform, load_xlsform

__all__ = ["export_xlsform", "load_xlsform"]
