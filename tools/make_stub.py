#!/usr/bin/python3
"""Writes the exercise stub of a solution file: every top-level function body becomes a call to
llmlings::todo(topic, function). Maintainers run it once when adding a topic, then adjust the stub
by hand where a body should stay (a given helper, say).

    tools/make_stub.py solutions/linalg/02_matmul.hpp      # writes exercises/linalg/02_matmul.hpp

A body is recognised as in the project's style: the signature starts at column 0, the line that
opens the body ends with '{', and the body ends at the next line that is exactly '}'.
"""
import pathlib
import re
import sys

NOT_FUNCTIONS = re.compile(r"^(namespace|class|struct|enum|union|extern|template\s*<[^>]*>\s*(class|struct))\b")


def stub(text: str, topic: str) -> str:
    lines = text.split("\n")
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        if line.endswith("{") and not line.startswith((" ", "\t", "#", "/", "*")) \
                and not NOT_FUNCTIONS.match(line) and "(" in "".join(lines[max(0, i - 4):i + 1]):
            signature = "".join(lines[max(0, i - 4):i + 1])
            name = re.findall(r"([A-Za-z_]\w*)\s*\(", signature)[-1]
            if name in ("operator",):
                name = "operator"
            out.append(line)
            j = i + 1
            while lines[j] != "}":
                j += 1
            out.append(f'    todo("{topic}", "{name}");')
            out.append("}")
            i = j + 1
            continue
        out.append(line)
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
