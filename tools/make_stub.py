#!/usr/bin/python3
"""Writes the exercise stub of a solution file: every top-level function body becomes a call to
llmlings::todo(topic, function). Every exercise is exactly this script's output for its solution,
doc comments included (tools/check-structure.sh runs --check), so a solution is edited and its
stub regenerated, never the stub by hand.

    tools/make_stub.py solutions/linalg/02_matmul.hpp      # writes exercises/linalg/02_matmul.hpp
    tools/make_stub.py --check                              # every stub is up to date, or a diff

Bodies the learner is given (one-line operators that forward to the functions they write, say)
stay when they are between a line `// Given: ...` and a line `// End of the given code.`.

A body is recognised as in the project's style: the signature starts at column 0 (it may go on
over indented lines), the line that opens the body ends with '{', and the body ends at the next
line that is exactly '}'.
"""
import pathlib
import re
import sys

NOT_FUNCTIONS = re.compile(r"^(namespace|class|struct|enum|union|extern|template\s*<[^>]*>\s*(class|struct))\b")


def body_opener(lines, i):
    """If a function signature starts at column 0 on line i, the index of the line that opens its
    body (the same line, or an indented continuation line ending with '{'); otherwise None."""
    line = lines[i]
    if not line or line.startswith((" ", "\t", "#", "/", "*", "}")) or NOT_FUNCTIONS.match(line):
        return None
    if line.rstrip().endswith(";") or re.match(r"^\w+\s*:\s*$", line):  # declarations, labels
        return None
    depth, j = 0, i
    while j < len(lines):
        depth += lines[j].count("(") - lines[j].count(")")
        if lines[j].rstrip().endswith(";") and depth == 0:
            return None
        if lines[j].rstrip().endswith("{") and depth == 0:
            return j if "(" in "".join(lines[i:j + 1]) else None
        if j > i and not lines[j].startswith((" ", "\t", "{")):
            return None
        j += 1
    return None


def stub(text: str, topic: str) -> str:
    lines = text.split("\n")
    out, i, given = [], 0, False
    while i < len(lines):
        if lines[i].startswith("// Given: "):
            given = True
        elif lines[i] == "// End of the given code.":
            given = False
        opener = None if given else body_opener(lines, i)
        if opener is not None:
            signature = " ".join(lines[i:opener + 1])
            operator = re.search(r"((?:\w+::)*operator\s*(?:\(\)|[^\s(]+))\s*\(", signature)
            names = [operator.group(1)] if operator else [n for n in re.findall(r"([A-Za-z_][\w:]*)\s*\(", signature)
                     if n not in ("template", "decltype", "sizeof", "noexcept", "alignof")]
            name = names[0] if names else "function"
            out.extend(lines[i:opener + 1])
            j = opener + 1
            while lines[j] != "}":
                j += 1
            if "__global__" in signature or "__device__" in signature:
                # Kernels and device functions: nvcc compiles them for the GPU, where nothing throws.
                out.append(f'    LLMLINGS_CUDA_TODO("{topic}", "{name}");')
            else:
                out.append(f'    todo("{topic}", "{name}");')
            out.append("}")
            i = j + 1
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def check() -> int:
    """Compares every exercise with the stub of its solution; prints a diff per stale stub."""
    import difflib
    root = pathlib.Path(__file__).resolve().parent.parent
    stale = 0
    for solution in sorted([*(root / "solutions").glob("*/[0-9][0-9]_*.hpp"), *(root / "solutions").glob("*/[0-9][0-9]_*.cuh")]):
        rel = solution.relative_to(root / "solutions")
        exercise = root / "exercises" / rel
        want = stub(solution.read_text(), str(rel.with_suffix("")))
        have = exercise.read_text() if exercise.exists() else ""
        if want != have:
            stale += 1
            print(f"make_stub: exercises/{rel} is not the stub of solutions/{rel}:")
            diff = difflib.unified_diff(have.split("\n"), want.split("\n"), f"exercises/{rel}", "expected stub",
                                        lineterm="", n=1)
            print("\n".join(list(diff)[:12]))
    if stale:
        print(f"make_stub: {stale} stale stub(s); regenerate each with tools/make_stub.py solutions/MODULE/NN_name.hpp")
    return 1 if stale else 0


def main() -> None:
    if len(sys.argv) == 2 and sys.argv[1] == "--check":
        sys.exit(check())
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    solution = pathlib.Path(sys.argv[1])
    parts = solution.parts
    if "solutions" not in parts:
        sys.exit("expected a path under solutions/")
    rel = pathlib.Path(*parts[parts.index("solutions") + 1:])
    topic = str(rel.with_suffix(""))
    root = pathlib.Path(*parts[:parts.index("solutions")]) if parts.index("solutions") else pathlib.Path(".")
    target = root / "exercises" / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(stub(solution.read_text(), topic))
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
