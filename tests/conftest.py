"""Shared test setup: the repository root and tests/ on sys.path (so `engine` and `reference` import
however pytest is started), and small fixtures."""
import os
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
for path in (ROOT, HERE):
    if path not in sys.path:
        sys.path.insert(0, path)


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


@pytest.fixture(scope="session")
def lenet():
    """LeNet-5 from the zoo (seed 0); tests must not modify it."""
    import engine
    return engine.zoo.lenet5(seed=0)


@pytest.fixture
def restore_threads():
    """Yields the largest usable thread count (>= 1) and restores Numba's thread count afterwards."""
    import numba
    before = numba.get_num_threads()
    yield numba.config.NUMBA_NUM_THREADS
    numba.set_num_threads(before)


# ---------------------------------------------------------------- @pytest.mark.slow (declared in setup.cfg)
# Slow tests (VGG-16's forward pass, many mutated model files, more interruption points: about 2 minutes
# together) run by default, so that the README's test command and CI run them; --skipslow (or
# -m "not slow") leaves them out while iterating.
def pytest_addoption(parser):
    parser.addoption("--skipslow", action="store_true", default=False,
                     help="skip the tests marked slow (large models, more than a few seconds)")
    parser.addoption("--runslow", action="store_true", default=False,
                     help="(the default now; kept so that older commands still work)")


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--skipslow"):
        return
    skip = pytest.mark.skip(reason="slow: skipped by --skipslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
