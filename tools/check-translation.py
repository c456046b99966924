#!/usr/bin/env python3
"""The translation check of the self-test: every text a learner reads has its Korean counterpart,
and none is older than its English source.

  tools/check-translation.py                 check; exit 1 and list what is missing or stale
  tools/check-translation.py --stamp NAME..  record that NAME's translation matches its English
                                             source as it is now (after updating the translation)
  tools/check-translation.py --stamp-all     the same for every text that has a translation

What it checks, for the language ko:
  - messages: every key that ./llmlings and tools/fetch-data.sh use is in i18n/en.msg; every key of en.msg is in
    i18n/ko.msg with the same arguments ({1}, {2} …); ko.msg has no key en.msg lacks; no key of
    en.msg is unused;
  - hints: every [module] of manifest.ini has a title.ko, every [topic] a title.ko and as many
    hint.ko lines as hint lines (the same levels);
  - guides: every page docs/X.md (but docs/authoring.md, for contributors, and docs/ko/ itself)
    has docs/ko/X.md with the same section ids ({#id}) and Doxygen references, and no Korean
    text glued to a reference or to the end of Markdown emphasis (Doxygen then drops the link or
    shows the asterisks);
  - staleness: i18n/ko.stamps records, for each translated text, a hash of the English source it
    was translated from (names: msg:KEY, module:ID, topic:ID, page:docs/X.md). A text whose
    English source changed since is reported stale by name until it is updated and stamped.
"""
import hashlib
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LANG = "ko"
STAMPS = ROOT / "i18n" / f"{LANG}.stamps"
ENGLISH_ONLY_PAGES = {"docs/authoring.md"}  # for contributors, not learners
HANGUL = "\uac00-\ud7a3"


def digest(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def read_messages(path):
    messages = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        if " = " not in line:
            raise SystemExit(f"{path.relative_to(ROOT)}:{number}: not 'key = text': {line!r}")
        key, text = line.split(" = ", 1)
        messages[key] = text
    return messages


def read_manifest():
    """[(kind, id, {key: [values]})] in the manifest's order"""
    sections = []
    for line in (ROOT / "manifest.ini").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"\[(module|topic) (\S+)\]", line)
        if match:
            sections.append((match.group(1), match.group(2), {}))
        elif sections and " = " in line and not line.startswith("#"):
            key, value = line.split(" = ", 1)
            sections[-1][2].setdefault(key, []).append(value)
        elif sections and re.fullmatch(r"[a-z.]+ =", line):
            sections[-1][2].setdefault(line[:-2], []).append("")
    return sections


def used_message_keys():
    script = "\n".join((ROOT / name).read_text(encoding="utf-8")
                        for name in ("llmlings", "tools/messages.sh", "tools/fetch-data.sh"))
    code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("#"))
    keys = set(re.findall(r"(?:^|[\s;{(])(?<!for )(?<!local )(?:msg|m|fail) ([a-z_][a-z0-9_.-]*)", code, re.M))
    # keys the script builds from a variable: status.$s, lang.$LL, and LL_FROM's values
    dynamic = set()
    if '"status.$s"' in script:
        dynamic |= {k for k in re.findall(r"for s in ([a-z -]+); do labels", script)[0].split()}
        dynamic = {f"status.{k}" for k in dynamic}
    if '"lang.$' in script:
        dynamic |= {f"lang.{code}" for code in re.search(r'LANGUAGES="([a-z ]+)"', script).group(1).split()}
    dynamic |= set(re.findall(r"LL_FROM=(lang_[a-z_]+)", script))
    return keys, dynamic


def arguments(text):
    return sorted(set(re.findall(r"\{[0-9]\}", text)))


def english_pages():
    pages = []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(f"docs/{LANG}/") or rel in ENGLISH_ONLY_PAGES:
            continue
        pages.append(rel)
    return pages


def sources():
    """{name: hash of the English source} for every text that needs a translation"""
    result = {}
    for key, text in read_messages(ROOT / "i18n" / "en.msg").items():
        result[f"msg:{key}"] = digest(text)
    for kind, ident, fields in read_manifest():
        english = fields.get("title", []) + fields.get("hint", [])
        result[f"{kind}:{ident}"] = digest("\n".join(english))
    for rel in english_pages():
        result[f"page:{rel}"] = digest((ROOT / rel).read_text(encoding="utf-8"))
    return result


def translated():
    """the names of the texts that have a translation"""
    names = set()
    ko = read_messages(ROOT / "i18n" / f"{LANG}.msg")
    names |= {f"msg:{key}" for key in ko}
    for kind, ident, fields in read_manifest():
        if f"title.{LANG}" in fields:
            names.add(f"{kind}:{ident}")
    for rel in english_pages():
        if (ROOT / "docs" / LANG / rel[len("docs/"):]).exists():
            names.add(f"page:{rel}")
    return names


def read_stamps():
    stamps = {}
    if STAMPS.exists():
        for line in STAMPS.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                value, name = line.split(" ", 1)
                stamps[name] = value
    return stamps


def write_stamps(stamps):
    lines = [
        f"# The English source each {LANG} translation was made from: a hash of the English text (12 hex",
        "# digits of SHA-1) and the text's name. Written by tools/check-translation.py --stamp NAME; a text",
        "# whose English changed since is reported stale by the self-test until its translation is updated",
        "# and stamped again.",
    ]
    lines += [f"{stamps[name]} {name}" for name in sorted(stamps)]
    STAMPS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def refs(text):
    return sorted(re.findall(r"[\\@](?:ref|subpage) ([A-Za-z0-9_:]+)", text))


def check_page(rel, problems):
    english = (ROOT / rel).read_text(encoding="utf-8")
    korean_path = ROOT / "docs" / LANG / rel[len("docs/"):]
    korean = korean_path.read_text(encoding="utf-8")
    krel = korean_path.relative_to(ROOT).as_posix()
    ids_en, ids_ko = sorted(re.findall(r"\{#([a-z0-9_]+)\}", english)), sorted(re.findall(r"\{#([a-z0-9_]+)\}", korean))
    if ids_en != ids_ko:
        problems.append(f"{krel}: section ids differ from {rel}: "
                        f"missing {sorted(set(ids_en) - set(ids_ko))}, extra {sorted(set(ids_ko) - set(ids_en))}")
    missing_refs = sorted(set(refs(english)) - set(refs(korean)))
    if missing_refs:
        problems.append(f"{krel}: references of {rel} that it lacks: {missing_refs}")
    for number, line in enumerate(korean.splitlines(), 1):
        if re.search(rf"[\\@](?:ref|subpage) [A-Za-z0-9_:]+[{HANGUL}]", line):
            problems.append(f"{krel}:{number}: Korean glued to a reference (write \\ref id \"text\" or a space): {line.strip()[:80]}")
        # an emphasis starts and ends next to a non-space: **굵게**는, *기울임*을
        if re.search(rf"\*\*[^*\s](?:[^*]*[^*\s])?\*\*[{HANGUL}]", line) or \
           re.search(rf"(?<![*\w])\*[^*\s](?:[^*]*[^*\s])?\*[{HANGUL}]", line):
            problems.append(f"{krel}:{number}: Korean right after the closing * of emphasis (Doxygen shows the asterisks; "
                                f"use <b>…</b> or a space): {line.strip()[:80]}")


def main(argv):
    stamps = read_stamps()
    current = sources()
    if argv and argv[0] in ("--stamp", "--stamp-all"):
        names = sorted(translated()) if argv[0] == "--stamp-all" else argv[1:]
        for name in names:
            if name not in current:
                raise SystemExit(f"check-translation: no English text named {name!r}")
            stamps[name] = current[name]
        stamps = {name: value for name, value in stamps.items() if name in current}
        write_stamps(stamps)
        print(f"check-translation: stamped {len(names)} texts")
        return 0
    if argv:
        raise SystemExit(__doc__)

    problems, missing, stale = [], [], []
    # messages
    en = read_messages(ROOT / "i18n" / "en.msg")
    ko = read_messages(ROOT / "i18n" / f"{LANG}.msg")
    used, dynamic = used_message_keys()
    for key in sorted((used | dynamic) - set(en)):
        problems.append(f"llmlings uses the message {key!r}, which i18n/en.msg lacks")
    for key in sorted(set(en) - used - dynamic):
        problems.append(f"i18n/en.msg: {key!r} is used nowhere")
    for key in sorted(set(ko) - set(en)):
        problems.append(f"i18n/{LANG}.msg: {key!r} is not in en.msg")
    for key in en:
        if key not in ko:
            missing.append(f"msg:{key}")
        elif arguments(en[key]) != arguments(ko[key]):
            problems.append(f"i18n/{LANG}.msg: {key!r} has the arguments {arguments(ko[key])}, en.msg {arguments(en[key])}")
    # hints and titles
    for kind, ident, fields in read_manifest():
        if f"title.{LANG}" not in fields:
            missing.append(f"{kind}:{ident}")
            continue
        if any(not value.strip() for value in fields[f"title.{LANG}"] + fields.get(f"hint.{LANG}", [])):
            problems.append(f"manifest.ini [{kind} {ident}]: an empty title.{LANG} or hint.{LANG}")
        if kind == "topic" and len(fields.get(f"hint.{LANG}", [])) != len(fields.get("hint", [])):
            problems.append(f"manifest.ini [topic {ident}]: {len(fields.get('hint', []))} hints, "
                            f"{len(fields.get(f'hint.{LANG}', []))} hint.{LANG}")
    # guides
    for rel in english_pages():
        if not (ROOT / "docs" / LANG / rel[len("docs/"):]).exists():
            missing.append(f"page:{rel}")
        else:
            check_page(rel, problems)
    for path in sorted((ROOT / "docs" / LANG).rglob("*.md")):
        rel = "docs/" + path.relative_to(ROOT / "docs" / LANG).as_posix()
        if not (ROOT / rel).exists() and "{#ko_" not in path.read_text(encoding="utf-8").split("\n", 1)[0]:
            problems.append(f"{path.relative_to(ROOT)}: no English page {rel} (a page only in Korean has an id ko_…)")
    # staleness
    for name in sorted(translated()):
        if stamps.get(name) != current[name]:
            stale.append(name)

    for problem in problems:
        print(f"check-translation: {problem}")
    if missing:
        print(f"check-translation: {len(missing)} texts have no {LANG} translation (shown in English): " + ", ".join(missing))
    if stale:
        print(f"check-translation: {len(stale)} {LANG} translations are older than their English source "
              f"(update them, then tools/check-translation.py --stamp NAME): " + ", ".join(stale))
    total = len(current)
    print(f"check-translation: {total - len(missing)} of {total} texts translated ({len(en)} messages, "
          f"{sum(1 for n in current if n.startswith(('module:', 'topic:')))} manifest sections, "
          f"{sum(1 for n in current if n.startswith('page:'))} pages); {len(stale)} stale, {len(problems)} other problems")
    return 1 if problems or missing or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
