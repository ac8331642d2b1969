"""The notebook API: every public name resolves, is documented, and the docs' examples run."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import joinedup.analysis as ja

DOC = Path(__file__).resolve().parents[2] / "docs" / "python-api.md"


def test_the_docs_examples_run_as_written():
    result = doctest.testfile(str(DOC), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 20
    assert result.failed == 0


def test_every_public_name_resolves_and_is_named_in_the_module_docs():
    for name in ja.__all__:
        assert getattr(ja, name) is not None
        assert f"{name}`" in (ja.__doc__ or ""), f"{name} is not described in the module docstring"
    assert set(ja.__all__) <= set(dir(ja))


def test_importing_the_package_loads_no_heavy_module():
    code = (
        "import sys, joinedup.analysis as ja; "
        "print(sorted(m for m in ('numpy', 'scipy', 'igraph', 'pydantic') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
