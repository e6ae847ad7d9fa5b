"""The guard that keeps notebook kernels and subprocesses offline in tests."""

import os
import subprocess
import sys

CODE = """
import socket
s = socket.socket()
try:
    s.connect(("192.0.2.1", 80))  # TEST-NET-1: never routable
except OSError as e:
    print(type(e).__name__, e)
try:
    socket.getaddrinfo("example.org", 443)
except OSError as e:
    print(type(e).__name__, e)
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen()
c = socket.socket(); c.connect(srv.getsockname()); print("loopback ok")
"""


def test_child_processes_inherit_the_guard():
    assert os.environ["MDCOVERAGE_NETGUARD"] == "1"
    proc = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, check=True, timeout=60
    )
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("NetworkBlockedError network access blocked")
    assert lines[1].startswith("NetworkBlockedError DNS lookup blocked")
    assert lines[2] == "loopback ok"
