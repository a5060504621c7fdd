"""A small periodic runner over the task framework: apps register jobs, `run_periodic` enqueues.

    from thoughtful import periodic
    periodic.register("publishing.publish_due", every=timedelta(seconds=30), task=publish_due)

Register in an AppConfig.ready(). The last run of each job is stored (periodic.PeriodicRun), so
a restart neither double-runs a job nor forgets one that fell due while everything was down, and
two runners racing each other enqueue a job once (the claim is a conditional UPDATE).
"""

from thoughtful.periodic.registry import Job, jobs, register

__all__ = ["Job", "jobs", "register"]
