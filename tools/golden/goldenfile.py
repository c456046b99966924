"""The one writer of golden files, shared by every generator in tools/golden/.

Format (read by include/llmlings/testing/golden.hpp): four provenance lines, then for each array
a line `array NAME RANK EXTENTS...` and a line of its values in row-major order, each written with
17 significant digits so that it reads back as the same double.

The provenance: the generator, the versions of the libraries it ran with, its seed, and
`generator-sha256`, the SHA-256 of the generator's file followed by this file's, so that the
self-test can tell a golden file that its script no longer makes (tools/check-structure.sh:
`cat GENERATOR tools/golden/goldenfile.py | sha256sum`).
"""
import hashlib
import pathlib

import numpy as np


def write(path, generator, versions, seed, arrays):
    """Writes `arrays` (a dict, or (name, values) pairs; NumPy arrays, lists or torch tensors)."""
    items = arrays.items() if isinstance(arrays, dict) else arrays
    root = pathlib.Path(__file__).resolve().parent.parent.parent
    digest = hashlib.sha256((root / generator).read_bytes() + pathlib.Path(__file__).read_bytes()).hexdigest()
    lines = [f"# generator: {generator}", f"# versions: {versions}", f"# seed: {seed}", f"# generator-sha256: {digest}"]
    for name, values in items:
        if hasattr(values, "detach"):  # a torch tensor
            values = values.detach().numpy()
        array = np.asarray(values, dtype=float)
        lines.append(f"array {name} {array.ndim} " + " ".join(str(d) for d in array.shape))
        lines.append(" ".join(f"{v:.17g}" for v in array.ravel()))
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    print(f"wrote {path}")
