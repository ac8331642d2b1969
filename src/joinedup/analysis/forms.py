"""One door for instrument files: a native YAML instrument or an XLSForm, by suffix."""

from __future__ import annotations

from pathlib import Path

from joinedup.analysis.instruments import (
    Instrument,
    InstrumentError,
    Problem,
    load_instrument_yaml,
)


def load_form(path: str | Path) -> Instrument:
    """Load an instrument from a native YAML file or an XLSForm (.xlsx/.xls)."""
    suffix = Path(path).suffix.lower()
    if suffix in {".yaml", ".yml", ".json"}:
        return load_instrument_yaml(path)
    if suffix in {".xlsx", ".xls"}:
        # Imported late: openpyxl and pyxform are needed for XLSForms only.
        from joinedup.analysis.xlsform import load_xlsform

        return load_xlsform(path)
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
