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
def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", default=False,
                     help="also run the tests marked slow (large models, more than a few seconds)")


def pytest_collection_modifyitems(config, items):
    """Tests marked slow are skipped unless --runslow is given or -m selects on 'slow'."""
    if config.getoption("--runslow") or "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow (or -m slow)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
