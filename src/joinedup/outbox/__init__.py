"""The outbox: e-mail that joinedup sends outside the request that asked for it.

A page that invites people writes one :class:`~joinedup.outbox.models.Message` per
recipient and returns at once; a worker (``joinedup worker``, or the one that
``joinedup serve`` starts beside the web server) sends what is due through the server
named by ``JOINEDUP_EMAIL_URL`` (see :mod:`joinedup.outbox.delivery`). A message the
server does not take stays in the outbox with the server's reason and is tried again
later, each wait twice the last, up to an hour: nothing is dropped.
"""
