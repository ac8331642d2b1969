"""Build the one C extension: Brandes' betweenness kernel (joinedup.analysis._brandes).

Everything else about the package is declared in pyproject.toml. The extension is
optional: without a C compiler the install still succeeds and joinedup falls back to
python-igraph's betweenness (slower, same values), logging that once.
"""

import os

from setuptools import Extension, setup

FLAGS = ["/O2"] if os.name == "nt" else ["-O3"]

setup(
    ext_modules=[
        Extension(
            "joinedup.analysis._brandes",
            sources=["src/joinedup/analysis/_brandes.c"],
            extra_compile_args=FLAGS,
            optional=True,
        )
    ]
)
