"""The one writer of golden files, shared by every generator in tools/golden/.

Format (read by include/llmlings/testing/golden.hpp): three provenance lines, then for each array
a line `array NAME RANK EXTENTS...` and a line of its values in row-major order, each written with
17 significant digits so that it reads back as the same double.
"""
import pathlib

import numpy as np


def write(path, generator, versions, seed, arrays):
    """Writes `arrays` (a dict, or (name, values) pairs; NumPy arrays, lists or torch tensors)."""
    items = arrays.items() if isinstance(arrays, dict) else arrays
    lines = [f"# generator: {generator}", f"# versions: {versions}", f"# seed: {seed}"]
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
