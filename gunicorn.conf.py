"""gunicorn settings for ``make run`` and the load check (bench/bench_load.py): one place.

Two worker processes with four threads each: a long request (a large export streams for
seconds) holds one thread, not a whole worker, so other visitors keep being served. The app
is loaded and warmed up before the workers fork (``preload_app``, ``when_ready``), so they
share its read-only memory and none of them compiles templates or the model on its first pages.
"""

from typing import Any

workers = 2
threads = 4
preload_app = True
control_socket_disable = True
accesslog = "-"


def when_ready(server: Any) -> None:
    """In the master, after the app is loaded and before the workers fork: templates and the
    model's day loop compiled, fonts loaded (``tracker.cluster.warm_up``), once for all
    workers instead of on each one's first pages."""
    from tracker.cluster import warm_up

    warm_up(server.app.wsgi())
