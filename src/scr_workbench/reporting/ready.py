"""A kernel client that knows the kernel is ready as soon as it is, not 0.2 s later.

jupyter_client's ``wait_for_ready`` sends ``kernel_info``, takes the reply, then drains the
IOPub channel until it has been quiet for 0.2 s. nbclient calls it for every notebook, so the
build idled 0.2 s a report. What the wait is for is that IOPub is subscribed before the first
cell runs (a message published before that is lost); the idle status that closes the
``kernel_info`` request proves it, so :class:`ReadyClient` stops there. A message still queued
is harmless: nbclient reads only the messages of the cell it is running. Only the clients'
public methods are used (``kernel_info``, the channels' ``get_msg``, ``is_alive``). The reply's
protocol version is not adapted to: the kernel is always this environment's ipykernel.
"""

from __future__ import annotations

import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import KernelManager
from jupyter_core.utils import ensure_async

#: The dotted name a kernel manager's ``client_class`` takes.
CLIENT_CLASS = f"{__name__}.ReadyClient"
#: How long to wait for each kernel_info reply and its idle status before asking again.
ROUND_SECONDS = 1.0


def _closes(msg: dict, request_id: str) -> bool:
    """Whether ``msg`` is the idle status that ends request ``request_id`` on IOPub."""
    return (
        msg.get("msg_type") == "status"
        and msg.get("content", {}).get("execution_state") == "idle"
        and msg.get("parent_header", {}).get("msg_id") == request_id
    )


async def wait_until_ready(client, timeout: float | None = None) -> None:
    """Ask ``client``'s kernel for ``kernel_info`` until the reply and the idle status that closes it both come."""
    deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
    while True:
        request_id = client.kernel_info()
        reply = await _next(client.shell_channel, min(ROUND_SECONDS, deadline - time.monotonic()))
        if reply is not None and reply.get("msg_type") == "kernel_info_reply":
            answered = reply.get("parent_header", {}).get("msg_id", request_id)
            if await _idle_status(client, answered, deadline):
                return
        if not await ensure_async(client.is_alive()):
            raise RuntimeError("Kernel died before replying to kernel_info")
        if time.monotonic() > deadline:
            raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")


async def _idle_status(client, request_id: str, deadline: float) -> bool:
    """Read IOPub until the idle status of ``request_id`` (True) or a quiet round (False: not subscribed yet)."""
    round_end = min(time.monotonic() + ROUND_SECONDS, deadline)
    while True:
        msg = await _next(client.iopub_channel, round_end - time.monotonic())
        if msg is None:
            return False
        if _closes(msg, request_id):
            return True


async def _next(channel, seconds: float) -> dict | None:
    try:
        return await ensure_async(channel.get_msg(timeout=max(seconds, 0.0)))
    except Empty:
        return None


class ReadyClient(AsyncKernelClient):
    """An async kernel client whose ``wait_for_ready`` ends at the idle status of its ``kernel_info``."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        if not isinstance(self.parent, KernelManager):  # only a manager's own clients skip the heartbeat wait
            return await super().wait_for_ready(timeout=timeout)
        await wait_until_ready(self, timeout)
