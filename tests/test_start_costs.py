"""What a refresh does not pay for: httpx's own command line, certificates for a plain
http:// site, compressing a long document's bodies on the thread that stores them, the
cycle collector walking start-up's objects again and again.

Checked in fresh interpreters, where anything loaded or read shows up for certain.
"""

import gc
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from eye_tui.archive.packing import pack_html, packed_in_turn, unpack_html
from eye_tui.config import Settings
from eye_tui.exit_codes import USAGE
from eye_tui.start import hold_collector
from eye_tui.ui.app import EyeApp
from tests.pilot import filled, started, wait_for
from tests.site import WordPressSite

_FETCH_TWICE = """
import sys
from eye_tui import transfer
from eye_tui.errors import FetchError
from eye_tui.net import Fetcher

with Fetcher(retries=0, connect_timeout=5, read_timeout=5) as fetcher:
    fetcher.get(sys.argv[1])
    print(transfer._verifying_context.cache_info().currsize)
    try:
        fetcher.get(sys.argv[2])
    except FetchError as error:
        print("refused:", error)
    print(transfer._verifying_context.cache_info().currsize)
"""


_COMMAND_WITH_COLLECTOR_WATCHED = """
import gc, sys
from eye_tui import start

collections = []
gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(info))
over = start.start_is_over
def watched():
    print("collections while starting:", len(collections))
    over()
start.start_is_over = watched  # the command line takes it from here when it loads
code = start.main(["--data-dir", sys.argv[1], "info"])
print("collecting after:", gc.isenabled(), "frozen:", gc.get_freeze_count() > 1000)
"""


def test_the_collector_waits_for_start_up_then_collects_again(tmp_path: Path) -> None:
    ran = subprocess.run(
        [sys.executable, "-c", _COMMAND_WITH_COLLECTOR_WATCHED, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    # Loading the command line and the archive's modules ran no collection at all; once
    # the command runs, the collector does, with start-up's objects set aside for good.
    assert "collections while starting: 0" in ran.stdout
    assert "collecting after: True frozen: True" in ran.stdout


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    code = (
        "import gc; from eye_tui import start; gc.disable(); start.hold_collector(); "
        "start.start_is_over(); print(gc.isenabled(), gc.get_freeze_count())"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.split() == ["False", "0"]


async def test_the_reader_collects_again_once_its_screen_is_ready(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    hold_collector()
    try:
        assert not gc.isenabled()
        async with app.run_test(size=(100, 30)) as pilot:
            await started(pilot, app)
            await wait_for(pilot, lambda: app.keys.ready)
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # this test process's objects are not start-up's
        gc.enable()


def test_leaving_early_still_writes_everything_and_says_how_it_went(tmp_path: Path) -> None:
    # Output into a pipe is held in Python's buffer until it is flushed (unless
    # PYTHONUNBUFFERED is set, as on some machines: not here), then a command refused:
    # the output is whole and each exit status is the command's.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    empty = [sys.executable, "-m", "eye_tui", "--data-dir", str(tmp_path)]
    listed = subprocess.run([*empty, "info"], capture_output=True, text=True, env=env)
    assert listed.returncode == 0
    assert listed.stdout.rstrip().splitlines()[-1].startswith("documents ")  # the last line
    refused = subprocess.run([*empty, "--offline", "refresh"], capture_output=True, text=True)
    assert refused.returncode == USAGE
    assert "refresh needs the network" in refused.stderr


_LEAVING = """
import atexit, sys, threading, time
from eye_tui.start import leave
atexit.register(lambda: print("handler ran", flush=True))
if sys.argv[1] == "working":
    threading.Thread(target=lambda: (time.sleep(0.3), print("work done", flush=True))).start()
leave(3)
"""


@pytest.mark.parametrize("thread", ["working", "none"])
def test_leaving_runs_exit_handlers_and_waits_for_working_threads(thread: str) -> None:
    ran = subprocess.run(
        [sys.executable, "-c", _LEAVING, thread], capture_output=True, text=True, timeout=60
    )
    assert ran.returncode == 3
    expected = ["work done", "handler ran"] if thread == "working" else ["handler ran"]
    assert ran.stdout.split() == " ".join(expected).split()


def test_a_profiled_run_still_writes_its_profile(tmp_path: Path) -> None:
    profile = tmp_path / "run.prof"
    command = ["-m", "eye_tui", "--data-dir", str(tmp_path), "info"]
    ran = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), *command])
    assert ran.returncode == 0
    assert profile.stat().st_size > 0


def test_httpx_does_not_load_its_command_line() -> None:
    code = (
        "import sys, eye_tui.net; "
        "print([m for m in ('click', 'rich', 'pygments') if m in sys.modules])"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_certificates_are_read_at_the_first_https_request_not_before(site: WordPressSite) -> None:
    # Something on loopback that accepts a connection and says nothing TLS would take.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def answer_nonsense() -> None:
        connection, _ = listener.accept()
        connection.sendall(b"HTTP/1.1 400 not TLS\r\n\r\n")
        connection.close()

    threading.Thread(target=answer_nonsense, daemon=True).start()
    https = f"https://127.0.0.1:{listener.getsockname()[1]}/feed/"
    ran = subprocess.run(
        [sys.executable, "-c", _FETCH_TWICE, site.url, https],
        capture_output=True,
        text=True,
        timeout=60,
    )
    listener.close()
    lines = ran.stdout.splitlines()
    assert lines[0] == "0", ran.stderr  # the plain site: no certificates read
    assert lines[1].startswith("refused:")  # one clear line, not a traceback
    assert lines[2] == "1"  # read for the handshake, once


def test_bodies_compressed_ahead_come_back_in_order_and_whole() -> None:
    bodies = [f"<p>Post {n}</p>" * (n % 7 + 1) for n in range(300)]
    assert [unpack_html(b) for b in packed_in_turn(bodies)] == bodies
    few = ["<p>a</p>", "<p>b</p>"]
    assert list(packed_in_turn(few)) == [pack_html(b) for b in few]


def test_stopping_early_leaves_no_thread_behind() -> None:
    before = threading.active_count()
    bodies = packed_in_turn(["<p>x</p>" * 1000] * 5000)
    next(bodies)
    bodies.close()
    for thread in threading.enumerate():
        if thread.name == "eye-tui-packing":
            thread.join(timeout=10)
    assert threading.active_count() == before
