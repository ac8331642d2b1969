"""docs/instruments.md stays honest: every tag prefix and every refusal code is described."""

from __future__ import annotations

import re
from pathlib import Path

from joinedup.analysis.library import builtin_instruments

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "instruments.md").read_text(encoding="utf-8")


def test_every_tag_prefix_in_the_library_is_documented() -> None:
    prefixes = {
        tag.split(":", 1)[0]
        for instrument in builtin_instruments()
        for dim in instrument.dimensions
        for tag in [*dim.tags, *(t for item in dim.items for t in item.tags)]
    }
    missing = sorted(p for p in prefixes if f"`{p}:" not in DOC)
    assert missing == []


def test_every_xlsform_problem_code_is_documented() -> None:
    source = "".join(
        path.read_text(encoding="utf-8")
        for path in (ROOT / "src" / "joinedup" / "analysis" / "xlsform").glob("*.py")
    )
    codes = set(re.findall(r'"(xlsform\.[a-z-]+)"', source))
    assert len(codes) > 20
    missing = sorted(code for code in codes if f"`{code}`" not in DOC)
    assert missing == []


def test_every_builtin_instrument_and_dimension_is_listed() -> None:
    for instrument in builtin_instruments():
        assert f"`{instrument.id}`" in DOC
        for dim in instrument.dimensions:
            assert f"`{dim.name}`" in DOC, (instrument.id, dim.name)
