"""gunicorn settings for one app server of a deployment behind nginx (docs/DEPLOY.md).

The same shape as ``make run``'s ``gunicorn.conf.py`` (workers of four threads, the app loaded
before forking), plus what a fleet needs:

- logs as one JSON object a line (``tracker.logs.JsonFormatter``): the access log on stdout,
  everything else (gunicorn's own lines, the app's, tracebacks) on stderr, each with nginx's
  ``X-Request-ID``;
- a warm start: templates compiled and fonts loaded before the workers fork, a database
  connection opened in each worker (``tracker.cluster``), so a restarted server's first
  visitors are not its slowest;
- ``graceful_timeout``: on SIGTERM a worker finishes the requests it has (nginx sends the
  next ones to the other servers meanwhile).

Each server is started with its own address, e.g.
``gunicorn 'tracker:create_app()' -c deploy/gunicorn.conf.py --bind 127.0.0.1:8001``;
``WEB_CONCURRENCY`` sets the workers (default 2), ``REGAIN_THREADS`` the threads of each.
"""

import os
from typing import Any

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("REGAIN_THREADS", "4"))
preload_app = True
control_socket_disable = True
graceful_timeout = 30
timeout = 60
# nginx keeps connections to the servers open (upstream keepalive): a little longer here.
keepalive = 75
accesslog = "-"
errorlog = "-"

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "tracker.logs.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        },
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
    },
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
}


def when_ready(server: Any) -> None:
    """In the master, after the app is loaded and before the workers fork."""
    from tracker.cluster import warm_up

    warm_up(server.app.wsgi())


def post_worker_init(worker: Any) -> None:
    """In each worker, before it accepts requests."""
    from tracker.cluster import warm_up_worker

    warm_up_worker(worker.wsgi)
