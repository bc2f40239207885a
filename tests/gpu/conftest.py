"""tests/gpu: engine.ops with device='cuda' against device='cpu'. Skipped unless numba-cuda is installed
(pip install '.[cuda]') and numba.cuda is available: a real GPU, or numba's CUDA simulator
(NUMBA_ENABLE_CUDASIM=1 python -m pytest tests/gpu, as .ci/run does)."""
import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


def _numba_cuda_installed():
    try:
        import numba_cuda  # noqa: F401
        return True
    except ImportError:
        return False


def _cuda_available():
    try:
        from numba import cuda
        return bool(cuda.is_available())
    except Exception:  # a broken CUDA install must not break the CPU suite
        return False


def pytest_collection_modifyitems(config, items):
    mine = [item for item in items if os.path.dirname(str(item.fspath)).startswith(HERE)]
    if not mine:
        return
    if not _numba_cuda_installed():
        skip = pytest.mark.skip(reason="numba-cuda is not installed (pip install '.[cuda]')")
    elif _cuda_available():
        return
    else:
        skip = pytest.mark.skip(reason="no CUDA GPU (numba.cuda.is_available() is False); "
                                       "set NUMBA_ENABLE_CUDASIM=1 to run these on numba's simulator")
    for item in mine:
        item.add_marker(skip)
