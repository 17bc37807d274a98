#!/usr/bin/python3
# Listens on channel pricemath_job (the job runner's alerts) and prints the
# first alert it receives, as a pager or chat bot would; gives up after
# LISTEN_SECONDS (default 120).  Connects with the PG* environment variables.
import json
import os
import signal
import sys

import psycopg

signal.signal(signal.SIGALRM, lambda *_: sys.exit("listener: no alert received"))
signal.alarm(int(os.environ.get("LISTEN_SECONDS", "120")))
conn = psycopg.connect("", autocommit=True, application_name="pricemath-demo-listener")
conn.execute("LISTEN pricemath_job")
print("listening on pricemath_job", flush=True)
for note in conn.notifies():
    alert = json.loads(note.payload)
    print(f"alert on {note.channel}: run {alert['run_id']} of job {alert['job']} {alert['status']}")
    print(json.dumps(alert, indent=2))
    break
