"""Sub-commands of ``joinedup``: each module offers ``register(subparsers)``.

A module's ``register`` adds one or more sub-parsers, each with a one-line
``help`` and ``set_defaults(handler=...)``. Set ``needs_django=False`` for commands
that work on plain files only.
"""
