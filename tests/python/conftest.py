# SPDX-License-Identifier: MIT
# Shared fixtures of the Python API tests: the compass CLI they compare against (COMPASS_CLI,
# set by CTest) and a scratch run store.
import json
import os
import subprocess

import pytest


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("COMPASS_CLI")
    if not path or not os.path.exists(path):
        pytest.fail("COMPASS_CLI does not name the compass binary (run the tests from CTest)")

    def run(*args):
        done = subprocess.run([path, *args], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return run


@pytest.fixture(scope="session")
def resnet18():
    import compass

    return compass.load_model("resnet18")
