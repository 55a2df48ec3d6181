"""The project kernel reloads an edited module before the next cell, and the build's kernel is left alone."""

import json
import textwrap

from jupyter_client.manager import start_new_kernel

from scr_workbench.lab import project_kernel as pk


def _run(client, code: str) -> str:
    """The text the cell printed (stdout streams), after it finished."""
    msg_id = client.execute(code)
    out = []
    while True:
        msg = client.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        if msg["msg_type"] == "error":
            raise AssertionError("\n".join(msg["content"]["traceback"]))
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return "".join(out)


def test_install_adds_autoreload_once(tmp_path):
    path = tmp_path / "kernel.json"
    path.write_text(json.dumps({"argv": ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"]}))
    pk.install(path)
    pk.install(path)
    argv = json.loads(path.read_text())["argv"]
    assert argv[:5] == ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    assert argv[5:] == list(pk.AUTORELOAD_ARGS)


def test_an_edit_shows_in_the_next_cell_without_a_restart(tmp_path, monkeypatch):
    import sys

    kernels = tmp_path / "kernels" / "k"
    kernels.mkdir(parents=True)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"], "language": "python"}
    spec["display_name"] = "k"
    (kernels / "kernel.json").write_text(json.dumps(pk.with_autoreload(spec)))
    module = tmp_path / "edited_module.py"
    module.write_text("def answer():\n    return 1\n")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))  # kernels are looked up in $JUPYTER_PATH/kernels first
    manager, client = start_new_kernel(kernel_name="k", cwd=str(tmp_path))
    try:
        assert _run(client, "import edited_module; print(edited_module.answer())").strip() == "1"
        module.write_text(textwrap.dedent("def answer():\n    return 2  # edited\n"))
        import os

        os.utime(module, (module.stat().st_mtime + 5,) * 2)  # a later mtime, whatever the clock's resolution
        assert _run(client, "print(edited_module.answer())").strip() == "2"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_the_build_kernel_is_another_spec():
    from scr_workbench.reporting import kernels

    assert kernels.KERNEL_NAME != pk.KERNEL_NAME


def test_a_kernel_started_by_the_lab_prints_no_encryption_warning(tmp_path):
    import subprocess
    import sys

    code = (
        "import nbformat\n"
        "from nbclient import NotebookClient\n"
        "from scr_workbench.lab.project_kernel import encrypted_kernel_manager_class\n"
        "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('print(6 * 7)')])\n"
        "cls = encrypted_kernel_manager_class() if sys.argv[1] == 'lab' else None\n"
        "NotebookClient(nb, kernel_name='python3', **({'kernel_manager_class': cls} if cls else {})).execute()\n"
        "print(nb.cells[0].outputs[0]['text'].strip())\n"
    )
    runs = {
        how: subprocess.run(
            [sys.executable, "-c", "import sys\n" + code, how],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )
        for how in ("plain", "lab")
    }
    assert runs["lab"].stdout.strip() == "42"
    assert "without encryption" in runs["plain"].stderr  # the warning is real, so its absence below means something
    assert "without encryption" not in runs["lab"].stderr, runs["lab"].stderr
