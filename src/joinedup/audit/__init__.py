"""The audit log: who did what to which partnership's data, and when.

Administrators and coordinators change rounds, invitations, access and records;
evaluators and coordinators download confidential files. Each such action leaves
one :class:`~joinedup.audit.models.AuditEvent`. Events are written by the services
themselves (:func:`joinedup.audit.log.record`), by signals on access grants and API
tokens, and by :class:`~joinedup.audit.middleware.AuditMiddleware` for the Django
administration and for downloads. Only administrators can read the log, and nobody
can change it through the application.
"""
