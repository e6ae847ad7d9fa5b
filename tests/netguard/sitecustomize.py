"""Network guard for processes started by the tests (notebook kernels, CLI subprocesses).

pytest-socket only guards the pytest process itself. The root ``conftest.py`` puts this
folder first on ``PYTHONPATH`` and sets ``MDCOVERAGE_NETGUARD=1``, so every Python process
the tests start imports this module at start-up and refuses connections to anything but
loopback and Unix sockets. (Jupyter's own kernel channels use libzmq on loopback, which
this does not touch.)
"""

import ipaddress
import os
import socket

if os.environ.get("MDCOVERAGE_NETGUARD") == "1":

    class NetworkBlockedError(OSError):
        pass

    def _allowed(address) -> bool:
        if isinstance(address, str | bytes):  # Unix socket path
            return True
        host = address[0] if isinstance(address, tuple) else address
        if host in ("localhost", "", None):
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False  # a host name other than localhost: would need DNS, refuse

    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex

    def connect(self, address):
        if not _allowed(address):
            raise NetworkBlockedError(f"network access blocked in tests: {address!r}")
        return _connect(self, address)

    def connect_ex(self, address):
        if not _allowed(address):
            raise NetworkBlockedError(f"network access blocked in tests: {address!r}")
        return _connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if not _allowed((host,)):
            raise NetworkBlockedError(f"DNS lookup blocked in tests: {host!r}")
        return _getaddrinfo(host, *args, **kwargs)

    _getaddrinfo = socket.getaddrinfo
    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = getaddrinfo
