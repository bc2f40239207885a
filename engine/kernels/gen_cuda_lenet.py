"""Generator for engine/kernels/cuda_lenet_convs.py: the two conv layers of the fused LeNet-5 kernel
(cuda_lenet.py) as straight-line device functions.

Run:  python engine/kernels/gen_cuda_lenet.py

A thread takes one 2x2 average-pooling cell of the pooled output and several output channels: it loads
the cell's 6x6 input patch into registers once per input channel, then for each of the 25 taps loads its
channels' weights (adjacent in shared memory: one 16-byte load) and updates 4 positions x channels sums.
That is 36 + 25 shared loads for 100 FMAs per channel, where one output at a time took 125 for 25. The
sums are written out as separate variables (numba keeps a cuda.local.array in local memory unless every
index is a constant after unrolling, and the compiler does not unroll 5x5x2x2 nests reliably: PERF-NOTES),
and each sum runs over the taps in the order the CPU kernel adds them.
"""
import os

HEADER = '''\
# GENERATED FILE - DO NOT EDIT.
# Written by engine/kernels/gen_cuda_lenet.py (run: python engine/kernels/gen_cuda_lenet.py).
"""LeNet-5's conv layers for the fused kernel of cuda_lenet.py, one pooling cell per call (see
gen_cuda_lenet.py for the method). Each returns nothing and writes its channels' pooled outputs:

    conv1_cell(img, jb, sw1, wo, p1, ob, bias0, bias1, bias2, act)
        img: the block's images (32x32 each), jb: the cell's top-left input pixel; sw1: conv1's weights
        as (25 taps, 8 slots), the thread's 3 channels at slots wo .. wo+2 of each tap; p1: (6, 14, 14) per
        image, the first channel's output at ob, the next ones 196 further on
    conv2_cell(p1, jb, sw2, wo, p2, ob, bias0, .., bias3, act)
        p1 as above, jb: the cell's top-left pixel of channel 0; sw2: conv2's weights as (6 channels x 25
        taps, 16 output channels), the thread's 4 at wo .. wo+3; p2: (16, 5, 5) per image, outputs 25 apart
"""
from numba import cuda, float32

from engine.kernels.cuda_common import JIT, U32, activate
'''


def _patch(src, base, pitch):
    """Loads of the 6x6 input patch x_<row>_<col> from src[base + row * pitch + col]."""
    return [f"    x_{r}_{c} = {src}[{base} + U32({r * pitch + c})]" for r in range(6) for c in range(6)]


def _taps(weights, base, slots, channels, indent):
    """Per tap: the channels' weights, then the 4 positions' sums (a_<oy><ox>_<channel>)."""
    lines = []
    for ky in range(5):
        for kx in range(5):
            tap = (ky * 5 + kx) * slots
            lines += [f"w{j} = {weights}[{base} + U32({tap + j})]" for j in range(channels)]
            lines += [f"a{oy}{ox}_{j} += w{j} * x_{ky + oy}_{kx + ox}"
                      for j in range(channels) for oy in range(2) for ox in range(2)]
    return [indent + line for line in lines]


def _pooled(dst, act, channels, pitch):
    """Each channel's 4 activated sums averaged into dst[ob + channel * pitch]."""
    return [f"    {dst}[ob + U32({j * pitch})] = (float32(activate(a00_{j}, {act})) + float32(activate(a01_{j}, {act}))"
            f" + float32(activate(a10_{j}, {act})) + float32(activate(a11_{j}, {act}))) / 4" for j in range(channels)]


def _sums(channels):
    return [f"    a{oy}{ox}_{j} = bias{j}" for j in range(channels) for oy in range(2) for ox in range(2)]


def conv1_source():
    s = ["@cuda.jit(device=True, **JIT)",
         "def conv1_cell(img, jb, sw1, wo, p1, ob, bias0, bias1, bias2, act):",
         "    # 3 channels x 4 positions, one input channel: 36 + 25 x 3 shared loads, 300 FMAs"]
    s += _sums(3) + _patch("img", "jb", 32) + _taps("sw1", "wo", 8, 3, "    ") + _pooled("p1", "act", 3, 196)
    return s


def conv2_source():
    s = ["@cuda.jit(device=True, **JIT)",
         "def conv2_cell(p1, jb, sw2, wo, p2, ob, bias0, bias1, bias2, bias3, act):",
         "    # 4 channels x 4 positions over 6 input channels: per input channel 36 + 25 x 4 shared loads,",
         "    # 400 FMAs (the channel loop runs at run time; what is inside it is unrolled)"]
    s += _sums(4)
    s += ["    c = U32(0)",
          "    while c < U32(6):",
          "        jc = jb + c * U32(196)",
          "        wc = wo + c * U32(400)"]
    s += ["    " + line for line in _patch("p1", "jc", 14)]
    s += _taps("sw2", "wc", 16, 4, "        ")
    s += ["        c += U32(1)"]
    s += _pooled("p2", "act", 4, 25)
    return s


def source():
    return HEADER + "\n\n" + "\n".join(conv1_source()) + "\n\n\n" + "\n".join(conv2_source()) + "\n"


def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cuda_lenet_convs.py")
    with open(path, "w") as f:
        f.write(source())
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
