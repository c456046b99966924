#!/usr/bin/python3
"""Writes the exercise stub of a solution file: every top-level function body becomes a call to
llmlings::todo(topic, function). Maintainers run it once when adding a topic, then adjust the stub
by hand where a body should stay (a given helper, say).

    tools/make_stub.py solutions/linalg/02_matmul.hpp      # writes exercises/linalg/02_matmul.hpp

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
    out, i = [], 0
    while i < len(lines):
        opener = body_opener(lines, i)
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
            out.append(f'    todo("{topic}", "{name}");')
            out.append("}")
            i = j + 1
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def main() -> None:
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
