"""办会's Celery jobs (the worker finds ``<app>.jobs``): each flow keeps its own."""

from meetings.convening.jobs import send_invitations

__all__ = ["send_invitations"]
