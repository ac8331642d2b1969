"""The outer layer of the web application: what a visitor reaches first.

It holds the root URL map (every app's ``urls`` mounted under its own prefix), the
home page, the coordinator's dashboard, the partnership and organisation pages that
gather the sections the apps register, and the JSON API that mounts each app's
router. It imports the apps; no app imports it. The pieces every app shares (API
authentication and schema, the sections protocol, limits, security headers, API
tokens, the base templates and static files) are in :mod:`joinedup.web`, the base
layer, which imports no app.
"""
