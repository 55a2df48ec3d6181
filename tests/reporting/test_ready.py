"""The build's kernel client: ready at the idle status of its kernel_info, with IOPub already subscribed."""

from __future__ import annotations

import asyncio
import time

from scr_workbench.reporting import kernels
from scr_workbench.reporting.ready import ReadyClient, _closes


def test_only_the_idle_status_of_the_request_closes_it():
    idle = {"msg_type": "status", "content": {"execution_state": "idle"}, "parent_header": {"msg_id": "a"}}
    assert _closes(idle, "a")
    assert not _closes(idle, "b")  # another request's
    assert not _closes({**idle, "content": {"execution_state": "busy"}}, "a")
    assert not _closes({**idle, "msg_type": "stream"}, "a")


def test_a_ready_client_gets_the_first_cells_output_without_waiting_for_iopub_to_go_quiet(tmp_path):
    kernels.write_kernelspec(tmp_path / "kernels", {})
    km = kernels.kernel_manager(tmp_path / "kernels")
    waits, outputs = [], []

    async def session():
        await km.start_kernel()
        try:
            for run in range(5):  # a fresh client each time, as nbclient makes one per notebook
                client = km.client()
                assert isinstance(client, ReadyClient)
                client.start_channels()
                started = time.perf_counter()
                await client.wait_for_ready(timeout=60)
                waits.append(time.perf_counter() - started)
                seen = []
                reply = await client.execute_interactive(
                    f"print('run {run}')",
                    timeout=60,
                    output_hook=lambda msg, seen=seen: seen.append(msg["content"].get("text", "")),
                )
                assert reply["content"]["status"] == "ok"
                outputs.append("".join(seen))
                client.stop_channels()
        finally:
            await km.shutdown_kernel(now=True)

    asyncio.run(session())
    assert outputs == [f"run {run}\n" for run in range(5)]  # nothing lost: IOPub was subscribed
    assert min(waits) < 0.2  # jupyter_client's own wait idles 0.2 s after the reply, every time
