"""Webhooks (issue 13): operators register endpoints for events; the task worker delivers them,
signed by the Standard Webhooks scheme, retried with backoff, and recorded for the staff page.

The house's apps never import this one: it listens to their extension points and audit rows
(sources.py) and does all of its work in the worker, so a dead endpoint never slows a comment.
"""
