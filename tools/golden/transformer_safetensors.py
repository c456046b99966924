#!/usr/bin/python3
"""The interoperability files of transformer/10_safetensors: a safetensors file written here, for
the C++ reader, and a checker of the files the C++ writer makes.

    /usr/bin/python3 tools/golden/transformer_safetensors.py            # = write
    /usr/bin/python3 tools/golden/transformer_safetensors.py write      # tests/golden/transformer/10_safetensors/
    /usr/bin/python3 tools/golden/transformer_safetensors.py check FILE # a file the C++ wrote: exit 1 on a mismatch

Debian 12 has no python3-safetensors, so this script implements the format itself, from the
safetensors README ("Format") with json, struct and NumPy only, independently of the C++ code:
8 bytes little-endian u64 N, N bytes of a UTF-8 JSON header (padded with spaces), the byte
buffer; each tensor little-endian and row-major at data_offsets [begin, end) of the buffer.
Where safetensors is installed, `safetensors.numpy.load_file(FILE)` reads the same files.

The values come from closed forms that tests/transformer/oracles/10_safetensors.cpp writes again
in C++ (safetensors_closed_form): element i of a tensor is (i - 3) / 8 (exact in every dtype for
the sizes used), i / 3 in a tensor named "thirds" (rounded once to the dtype), and in a tensor
named "specials..." the dtype's list below: +inf, -inf, -0.0, its smallest subnormal, a large
finite value, NaN.

write: python.safetensors holds F32, F64, F16 and BF16 tensors, a scalar, a 3-D tensor, a name
with a non-ASCII character (written as a \\u escape), metadata, the tensors' bytes in an order
that is neither alphabetical nor that of the JSON keys, and a header padded with 16 spaces more
than alignment needs. provenance.txt (goldenfile.py) records the generator, the versions, the
file's size and N, so that tools/check-structure.sh can tell when the script changed.

check FILE: the file that `LLMLINGS_SAFETENSORS_OUT=FILE build/reference/tests/test_transformer_10_safetensors`
writes (a float store; LLMLINGS_SAFETENSORS_OUT_F64 writes the double one): its layout (8-byte
aligned buffer, space padding, no duplicate keys, consecutive offsets that cover the buffer in
registration order, one dtype) and every value against the closed forms, bit for bit.
"""
import json
import math
import pathlib
import struct
import sys

import numpy as np

import goldenfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "golden" / "transformer" / "10_safetensors"
GENERATOR = "tools/golden/transformer_safetensors.py"

INF, NAN = math.inf, math.nan
SPECIALS = {
    "F64": [INF, -INF, -0.0, 5e-324, 1e300, NAN],
    "F32": [INF, -INF, -0.0, 2.0 ** -149, float(np.finfo(np.float32).max), NAN],
    "F16": [INF, -INF, -0.0, 2.0 ** -24, 65504.0, NAN],
    "BF16": [INF, -INF, -0.0, 2.0 ** -133, 3.140625, NAN],
}
SIZES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2}

# python.safetensors, in the order of the bytes: (name, dtype, shape).
PYTHON_TENSORS = [
    ("tok\u00e9n.weight", "F16", [2, 3]),
    ("scalar", "F32", []),
    ("blocks.0.mlp.fc.weight", "BF16", [2, 2, 3]),
    ("specials.f64", "F64", [6]),
    ("thirds", "F64", [5]),
    ("specials.f16", "F16", [6]),
    ("specials.bf16", "BF16", [6]),
    ("a.matrix", "F32", [3, 4]),
    ("specials.f32", "F32", [6]),
]
PYTHON_METADATA = {"format": "pt", "generator": GENERATOR, "note": "na\u00efve caf\u00e9 \u2713"}

# What the C++ test writes for `check`: a store registered in this order, all F32 or all F64.
CPP_TENSORS = [("wte.weight", [4, 3]), ("blocks.0.ln1.bias", [3]), ("scalar", []), ("specials", [6]),
               ("thirds", [5])]
CPP_METADATA = {"format": "pt"}


def closed_form(name, dtype, i):
    """Element i of tensor `name` as a Python float (a double), before rounding to the dtype."""
    if name.startswith("specials"):
        return SPECIALS[dtype][i]
    if name == "thirds":
        return i / 3
    return (i - 3) / 8


def encode(values, dtype):
    """The little-endian bytes of `values` (doubles) rounded to dtype; BF16 only for exact values."""
    if dtype in ("F64", "F32", "F16"):
        return np.asarray(values, dtype={"F64": "<f8", "F32": "<f4", "F16": "<f2"}[dtype]).tobytes()
    as_f32 = np.asarray(values, dtype="<f4")
    bits = as_f32.view("<u4")
    nan = np.isnan(as_f32)
    assert np.all((bits & 0xFFFF)[~nan] == 0), "a BF16 closed form must be exact (the top 16 bits of its float)"
    upper = (bits >> 16).astype("<u2")
    upper[nan] = 0x7FC0
    return upper.tobytes()


def decode(raw, dtype):
    """The doubles that the little-endian bytes of dtype encode (exact)."""
    if dtype == "BF16":
        return (np.frombuffer(raw, dtype="<u2").astype("<u4") << 16).view("<f4").astype(np.float64)
    return np.frombuffer(raw, dtype={"F64": "<f8", "F32": "<f4", "F16": "<f2"}[dtype]).astype(np.float64)


def expected(name, dtype, count):
    """The closed forms of a tensor, rounded to its dtype and widened back to double."""
    return decode(encode([closed_form(name, dtype, i) for i in range(count)], dtype), dtype)


def write():
    OUT.mkdir(parents=True, exist_ok=True)
    entries, buffer = {}, b""
    for name, dtype, shape in PYTHON_TENSORS:
        count = int(np.prod(shape, dtype=np.int64))
        raw = encode([closed_form(name, dtype, i) for i in range(count)], dtype)
        entries[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(buffer), len(buffer) + len(raw)]}
        buffer += raw
    # JSON keys in reverse byte order, __metadata__ in the middle: readers must sort by offset.
    items = list(entries.items())[::-1]
    items.insert(4, ("__metadata__", PYTHON_METADATA))
    header = json.dumps(dict(items)).encode("utf-8")  # ensure_ascii: é and ✓ become \u escapes
    header += b" " * ((8 - len(header) % 8) % 8 + 16)
    data = struct.pack("<Q", len(header)) + header + buffer
    path = OUT / "python.safetensors"
    path.write_bytes(data)
    print(f"wrote {path} ({len(data)} bytes, header {len(header)})")
    goldenfile.write(OUT / "provenance.txt", GENERATOR, f"numpy {np.__version__} python {sys.version.split()[0]}",
                     "none (closed forms)", [("python.file_size", [len(data)]), ("python.header_size", [len(header)])])


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError(f"duplicate keys in {keys}")
    return dict(pairs)


def check(path):
    data = pathlib.Path(path).read_bytes()
    problems = []
    (n,) = struct.unpack("<Q", data[:8])
    header_bytes = data[8:8 + n]
    if (8 + n) % 8 != 0:
        problems.append(f"the byte buffer starts at {8 + n}, not a multiple of 8")
    text = header_bytes.decode("utf-8")
    if not text.rstrip(" ").endswith("}"):
        problems.append("the header is not a JSON object padded with spaces")
    header = json.loads(text, object_pairs_hook=no_duplicates)
    metadata = header.pop("__metadata__", None)
    if metadata != CPP_METADATA:
        problems.append(f"metadata {metadata!r}, expected {CPP_METADATA!r}")
    buffer = data[8 + n:]
    order = sorted(header.items(), key=lambda kv: kv[1]["data_offsets"])
    names = [name for name, _ in order]
    if names != [name for name, _ in CPP_TENSORS]:
        problems.append(f"tensors in byte order {names}, expected {[name for name, _ in CPP_TENSORS]}")
    dtypes = {entry["dtype"] for _, entry in order}
    if len(dtypes) != 1 or not dtypes <= {"F32", "F64"}:
        problems.append(f"dtypes {sorted(dtypes)}: expected all F32 or all F64")
    covered, checked = 0, 0
    shapes = dict(CPP_TENSORS)
    for name, entry in order:
        dtype, shape, (begin, end) = entry["dtype"], entry["shape"], entry["data_offsets"]
        if sorted(entry) != ["data_offsets", "dtype", "shape"]:
            problems.append(f"{name}: keys {sorted(entry)}")
        if begin != covered:
            problems.append(f"{name}: begins at {begin}, the previous tensor ends at {covered}")
        covered = end
        if shape != shapes.get(name):
            problems.append(f"{name}: shape {shape}, expected {shapes.get(name)}")
        count = int(np.prod(shape, dtype=np.int64))
        if dtype not in SIZES or end - begin != count * SIZES[dtype]:
            problems.append(f"{name}: {end - begin} bytes for {dtype} {shape}")
            continue
        got, want = decode(buffer[begin:end], dtype), expected(name, dtype, count)
        for i, (g, w) in enumerate(zip(got, want)):
            same = (math.isnan(g) and math.isnan(w)) or (g == w and math.copysign(1, g) == math.copysign(1, w))
            if not same:
                problems.append(f"{name}[{i}] = {g!r}, expected {w!r}")
            checked += 1
    if covered != len(buffer):
        problems.append(f"the tensors cover {covered} of the {len(buffer)} bytes of the buffer")
    for p in problems:
        print(f"MISMATCH {p}")
    print(f"{path}: {len(order)} tensors, {checked} values, {'all as expected' if not problems else 'FAILED'}")
    return 1 if problems else 0


def main():
    args = sys.argv[1:]
    if not args or args == ["write"]:
        write()
        return 0
    if len(args) == 2 and args[0] == "check":
        return check(args[1])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
