"""Sub-commands of ``joinedup``: each module offers ``register(subparsers)``.

A module's ``register`` adds one or more sub-parsers, each with a one-line
``help`` and ``set_defaults(handler=...)``. Set ``needs_django=False`` for commands
that work on plain files only.

The parser is built before every command, ``--help`` included, so these modules
import only the standard library and light joinedup modules at the top (a constant
for a help text is fine). Django, numpy, scipy, igraph, rich, the apps and the
analysis code are imported inside the function that runs the command;
``tests/test_cli_startup.py`` checks this.
"""
