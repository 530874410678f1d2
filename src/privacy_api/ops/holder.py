"""Who this process is, as job rows and leases name it, and whether a named holder still
lives: its own module, so jobs and leases both read it without importing each other."""

from __future__ import annotations

import os
import socket
import uuid

# This process, as job rows and leases name it.
HOLDER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def holder_alive(holder: str) -> bool:
    """False only when `holder` ran on this host and its process is gone."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return True  # another machine's process: only its expiry tells
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
