"""gunicorn settings for ``make run`` and the load check (bench/bench_load.py): one place.

Two worker processes with four threads each: a long request (a large export streams for
seconds) holds one thread, not a whole worker, so other visitors keep being served. The app
is loaded before the workers fork (``preload_app``), so they share its read-only memory.
"""

workers = 2
threads = 4
preload_app = True
control_socket_disable = True
accesslog = "-"
