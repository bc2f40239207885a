"""Work in progress beside a final output, so that an interrupted job never damages the final file
and `--resume` can continue it.

An activation dump in progress is a folder `OUT.partial/`:
    meta.json                 what is being computed (model SHA-256, inputs fingerprint, layers, count)
    rows-<start>-<stop>.npz   one completed chunk: arrays "0", "1", ... in the order of meta["layers"]
Every file in it is written to a temporary name and renamed, so after a SIGKILL at any point each
chunk present is complete. When all rows are present the chunks are streamed into the final HDF5
file (itself written to a temporary name and renamed) and the folder is removed. The same folder
serves distributed runs: each worker writes its own chunks, and the client only assembles them.
"""
import json
import os
import re
import shutil

import numpy as np

from weights.format import FormatError, atomic_path

CHUNK_NAME = re.compile(r"^rows-(\d{10})-(\d{10})\.npz$")


def partial_path(out_path):
    return os.fspath(out_path) + ".partial"


class PartialDump:
    """The folder of completed chunks of one activation dump."""

    def __init__(self, out_path, meta, resume=False):
        self.out_path = os.fspath(out_path)
        self.folder = partial_path(out_path)
        self.meta = dict(meta)
        meta_path = os.path.join(self.folder, "meta.json")
        if resume:
            if not os.path.isdir(self.folder):
                raise ValueError(f"--resume: no work in progress to resume ({self.folder} does not exist)")
            try:
                with open(meta_path) as f:
                    found = json.load(f)
            except (OSError, ValueError) as e:
                raise ValueError(f"--resume: {meta_path} is unreadable ({str(e)[:80]}); delete {self.folder} "
                                 f"to start over") from None
            for key in ("model_sha256", "inputs_fingerprint", "layers", "count"):
                if found.get(key) != self.meta.get(key):
                    what = {"model_sha256": "model", "inputs_fingerprint": "inputs", "layers": "layer list",
                            "count": "input count"}[key]
                    raise ValueError(f"--resume: {self.folder} was started with another {what}; delete it or run "
                                     f"without --resume")
        else:
            if os.path.lexists(self.folder):
                self._check_ours()
                shutil.rmtree(self.folder)
            try:
                os.makedirs(self.folder)
            except OSError as e:  # the user's path in the message, not the work folder's
                raise ValueError(f"cannot write {self.out_path}: {e.strerror or e}") from None
            with atomic_path(meta_path) as tmp:
                with open(tmp, "w") as f:
                    json.dump(self.meta, f)

    def _check_ours(self):
        """Starting over deletes OUT.partial/: only when it holds nothing but an earlier dump's files
        (meta.json, chunks, temporary names of the atomic writes), never a folder or file of the user's."""
        if not os.path.isdir(self.folder) or os.path.islink(self.folder):
            raise ValueError(f"{self.folder}: exists and is not a dump in progress; move it away or choose another -o")
        for name in os.listdir(self.folder):
            if not (name == "meta.json" or CHUNK_NAME.match(name) or (name.startswith(".") and name.endswith(".tmp"))):
                raise ValueError(f"{self.folder}: holds {name!r}, which no dump wrote; move the folder away or "
                                 f"choose another -o")

    def discard_if_empty(self):
        """After a failure before the first chunk: the folder holds only meta.json, nothing to resume."""
        if os.path.isdir(self.folder) and not self.chunks():
            shutil.rmtree(self.folder, ignore_errors=True)

    def chunks(self):
        """Sorted [(start, stop, path)] of the complete chunks on disk."""
        found = []
        for name in os.listdir(self.folder):
            m = CHUNK_NAME.match(name)
            if m:
                found.append((int(m.group(1)), int(m.group(2)), os.path.join(self.folder, name)))
        return sorted(found)

    def missing(self, chunk_rows):
        """[(start, stop)] ranges of at most chunk_rows rows not yet on disk, in order."""
        covered = np.zeros(self.meta["count"], bool)
        for start, stop, _ in self.chunks():
            covered[start:stop] = True
        ranges, start, n = [], 0, self.meta["count"]
        while start < n:
            if covered[start]:
                start += 1
                continue
            stop = start
            while stop < n and not covered[stop] and stop - start < chunk_rows:
                stop += 1
            ranges.append((start, stop))
            start = stop
        return ranges

    def write_chunk(self, start, stop, arrays):
        """arrays: {layer: (stop - start, ...)}; appears on disk complete or not at all."""
        path = os.path.join(self.folder, f"rows-{start:010d}-{stop:010d}.npz")
        with atomic_path(path) as tmp:
            with open(tmp, "wb") as f:
                np.savez(f, **{str(i): np.ascontiguousarray(arrays[name], np.float32)
                               for i, name in enumerate(self.meta["layers"])})

    def assemble(self, create_datasets):
        """Stream every chunk into the final file. create_datasets(h5file) -> {layer: dataset}; returns
        after the final file has atomically replaced out_path and the folder is gone."""
        import h5py
        chunks = self.chunks()
        rows = sum(stop - start for start, stop, _ in chunks)
        if rows != self.meta["count"] or self.missing(1 << 62):
            raise ValueError(f"{self.folder}: {rows} of {self.meta['count']} rows are done; cannot assemble yet")
        with atomic_path(self.out_path) as tmp:
            with h5py.File(tmp, "w") as f:
                datasets = create_datasets(f)
                for start, stop, path in chunks:
                    try:
                        with np.load(path, allow_pickle=False) as z:
                            for i, name in enumerate(self.meta["layers"]):
                                datasets[name][start:stop] = z[str(i)]
                    except (OSError, ValueError, KeyError) as e:
                        raise FormatError(f"{path}: damaged chunk ({str(e)[:80]}); delete it and --resume") from None
                f.attrs["complete"] = True
        shutil.rmtree(self.folder, ignore_errors=True)
