#!/usr/bin/env python3
"""Markdown that Doxygen did not render, in the built guide pages: a literal ** or __ of an
emphasis that did not close (Doxygen 1.9 leaves **`code` text** and **word**는 as they are), or
a \\ref / @ref printed as text. Doxygen does not warn about these; the self-test's docs step
runs this on both sites.

  tools/check-doc-html.py HTML_DIR...     exit 1 and list each page and its text
"""
import html
import pathlib
import re
import sys


def text_of(page):
    text = page.read_text(encoding="utf-8", errors="replace")
    body = text.split('<div class="contents">', 1)[-1]
    # code, formulas and code blocks may hold asterisks of their own
    body = re.sub(r"<pre.*?</pre>|<code>.*?</code>|<div class=\"fragment\">.*?</div><!-- fragment -->", " ", body, flags=re.S)
    body = re.sub(r"<img [^>]*class=\"formula[^>]*>|\\\(.*?\\\)|\\\[.*?\\\]", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def main(dirs):
    problems = 0
    for directory in dirs:
        for page in sorted(pathlib.Path(directory).glob("*.html")):
            # the guide pages; the API reference (classes, files, namespaces) is Doxygen's own
            if re.match(r"(class|struct|namespace|group|union|dir_|globals|functions|files|annotated|hierarchy|.*_8(hpp|cuh))", page.name):
                continue
            for line in text_of(page).splitlines():
                for match in re.finditer(r"\*\*\S|\S\*\*|[\\@]ref\s", line):
                    start = max(0, match.start() - 30)
                    print(f"check-doc-html: {page}: not rendered: …{line[start:match.end() + 30].strip()}…")
                    problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
