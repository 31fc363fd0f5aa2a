"""Whether the process that holds a claim or a lease is still alive, when that can be known.

Owners are written ``host:pid`` (and more after a colon). On the holder's own
host the process table answers at once: a process that is gone, or a zombie,
holds nothing any more. On another host nobody can tell, and the claim or lease
runs out when its holder stops renewing it (``bot.store.heartbeat``).
"""
from __future__ import annotations

import os
import socket

__all__ = ["holder_alive"]


def holder_alive(owner: str) -> bool | None:
    """False: the owner's process is known to be gone; True: it runs; None: another host, cannot tell."""
    host, _, rest = owner.partition(":")
    pid_text = rest.split(":", 1)[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return None
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")  # a zombie or a dead task: killed, not yet reaped
