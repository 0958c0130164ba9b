# SPDX-License-Identifier: MIT
# Long searches release the GIL, report progress and stop on KeyboardInterrupt with the best
# plan so far marked cancelled.
import _thread
import sys
import threading
import time

import compass
import pytest

# A genetic search long enough to interrupt: no early stop, many generations.
LONG_GA = {"population": 40, "elite": 8, "generations": 1000, "patience": 0}


@pytest.fixture(scope="module")
def resnet152():
    # On ResNet-18 the span cache makes a whole 1000-generation search take ~30 ms, less than
    # a thread switch can be relied on; ResNet-152's generations take about 1 ms each.
    return compass.load_model("resnet152")


def test_progress_reaches_the_callback(resnet18):
    seen = []
    report = compass.optimize(resnet18, "sram-M", method="ga", progress=seen.append,
                              ga={"population": 20, "elite": 4, "generations": 5, "patience": 0})
    generations = [p["generation"] for p in seen if p["generation"] >= 0]
    assert generations, seen
    assert seen[-1]["fraction"] == 1.0
    assert not report.cancelled
    assert threading.current_thread() is threading.main_thread()


def test_keyboard_interrupt_in_callback_returns_best_so_far(resnet18):
    def stop(progress):
        if progress["generation"] >= 1:
            raise KeyboardInterrupt

    report = compass.optimize(resnet18, "sram-M", method="ga", ga=LONG_GA, progress=stop)
    assert report.cancelled
    assert report["search"]["cancelled"] is True
    assert 1 <= len(report["search"]["convergence"]) < LONG_GA["generations"]
    assert report["metrics"]["throughput_ips"] > 0


def test_ctrl_c_signal_cancels(resnet152):
    started = threading.Event()
    sent = threading.Event()

    def interrupt():
        started.wait()
        _thread.interrupt_main()  # what Ctrl-C does: SIGINT's flag for the main thread
        sent.set()

    def progress(p):
        started.set()
        sent.wait(10)  # the search goes on only once the signal is pending, however fast it is

    threading.Thread(target=interrupt).start()
    report = compass.optimize(resnet152, "sram-M", method="ga", ga=LONG_GA, progress=progress)
    assert report.cancelled
    assert len(report["search"]["convergence"]) < LONG_GA["generations"]


def test_other_callback_errors_propagate(resnet18):
    def fail(progress):
        raise RuntimeError("from the callback")

    with pytest.raises(RuntimeError, match="from the callback"):
        compass.optimize(resnet18, "sram-M", method="ga", progress=fail)


def test_gil_is_released_during_a_search(resnet152):
    # With a switch interval of 1000 s the interpreter never takes the GIL from the main
    # thread: the counter runs only while C++ has released it. It yields after every step
    # (time.sleep(0) drops the GIL), so the search takes it back at once. Progress callbacks
    # run on the main thread between the search's waits: the counter must have moved on
    # between them, i.e. while the search ran, not only while the model was being mapped.
    state = {"stop": False, "count": 0}
    seen = []

    def count():
        while not state["stop"]:
            state["count"] += 1
            time.sleep(0)

    def progress(p):
        seen.append(state["count"])
        if len(set(seen)) >= 3:
            raise KeyboardInterrupt  # enough evidence: stop the search

    interval = sys.getswitchinterval()
    counter = threading.Thread(target=count)
    counter.start()
    sys.setswitchinterval(1000.0)
    try:
        report = compass.optimize(resnet152, "sram-M", method="ga", ga=LONG_GA,
                                  progress=progress)
    finally:
        sys.setswitchinterval(interval)
        state["stop"] = True
        counter.join()
    assert report["metrics"]["throughput_ips"] > 0
    assert len(set(seen)) >= 3, seen
