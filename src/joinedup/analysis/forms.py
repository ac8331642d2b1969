"""One door for instrument files: a native YAML instrument or an XLSForm, by suffix."""

from __future__ import annotations

from pathlib import Path

from joinedup.analysis.instruments import (
    Instrument,
    InstrumentError,
    Problem,
    load_instrument_yaml,
)


def load_form(path: str | Path, warnings: list[Problem] | None = None) -> Instrument:
    """Load an instrument from a native YAML file or an XLSForm (.xlsx/.xls).

    An XLSForm's warnings (cells only a phone app honours, imported all the same)
    are added to ``warnings`` when a list is given."""
    suffix = Path(path).suffix.lower()
    if suffix in {".yaml", ".yml", ".json"}:
        return load_instrument_yaml(path)
    if suffix in {".xlsx", ".xls"}:
        # Imported late: openpyxl and pyxform are needed for XLSForms only.
        from joinedup.analysis.xlsform.reader import read_xlsform

        result = read_xlsform(path)
        if warnings is not None:
            warnings.extend(result.warnings)
        return result.instrument
    raise InstrumentError(
        [
            Problem(
                "file.unknown-kind",
                f"cannot tell what kind of form {Path(path).name} is",
                file=str(path),
                hint="use a .yaml instrument or an XLSForm .xlsx",
            )
        ]
    )
