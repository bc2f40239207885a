"""What the devices' pad() give: an input and its zero padding, not yet applied.

A convolution kernel that reads the input with the pad offsets and bounds checks takes it as it is and
makes no padded copy (VGG-16 at batch 8 on the CPU: 52 ms of copies a call; on the GPU at batch 32, ~0.4 GB
of extra traffic per early layer); any other kernel calls materialize() for the copy. Shared by
engine/kernels/cpu.py and engine/kernels/cuda.py, each with its own copy function."""


class Padded:
    def __init__(self, x, pads, copy):
        """x: (N, C, H, W); pads ((top, bottom), (left, right)); copy(x, pads) -> the padded array."""
        (pt, pb), (pl, pr) = pads
        N, C, H, W = x.shape
        self.x, self.pads, self.dtype, self._copy = x, pads, x.dtype, copy
        self.shape = (N, C, H + pt + pb, W + pl + pr)  # the padded shape: the kernels' geometry

    @property
    def top_left(self):
        return self.pads[0][0], self.pads[1][0]

    def materialize(self):
        return self._copy(self.x, self.pads)


def unpadded(xp):
    """(array, pad_top, pad_left) for a kernel that reads the input with the pad offsets and bounds checks."""
    return (xp.x,) + xp.top_left if isinstance(xp, Padded) else (xp, 0, 0)


def materialized(xp):
    """The padded array itself, for a kernel that reads it whole."""
    return xp.materialize() if isinstance(xp, Padded) else xp
