"""Partnership networks: who works with whom, and how much it can be read.

The package is layered, each module importing only those below it:

- :mod:`.build` turns organisations and ratings into a :class:`~.build.Network`
  (the tie treatments, the pairs' values);
- :mod:`.betweenness` is Brandes' exact betweenness on the C kernel
  (:mod:`joinedup.analysis._brandes`), with python-igraph as the fallback;
- :mod:`.measures` holds the whole-network and per-organisation measures;
- :mod:`.brokerage` reads brokerage roles and the core-periphery split;
- :mod:`.panel` and :mod:`.scores` hold the round-on-round panel and the network
  scores (trust, value, power concentration) with their rater thresholds;
- :mod:`.report` and :mod:`.shared` put one round's report together, for the lead
  and for everyone else;
- :mod:`.interlocks` counts shared board members across partnerships;
- :mod:`.files` reads edge-list, node and membership files; :mod:`.export` writes
  CSV, GraphML and GEXF; :mod:`.draw` draws the network as SVG.

Nothing is imported here, so importing one module (the command line reads files
with :mod:`.files` alone) does not load the others.
"""
