#!/usr/bin/python3
"""The malformed GPT-2 tokenizer files of nlp/06_bpe's reader test (a small fuzzing corpus).

    /usr/bin/python3 tools/golden/nlp_bpe_malformed.py   # writes tests/golden/nlp/06_bpe_malformed/

A tiny but valid tokenizer in GPT-2's format, `valid.encoder.json` and `valid.vocab.bpe`: the 256
byte characters of GPT-2's bytes_to_unicode (ids 0-255 in tiktoken's rank order), four merges
("Ġ t", "h e", "Ġt he", "i n": ids 256-259) and "<|endoftext|>" = 260. Then one pair of files per
case of CASES, each the valid pair with one defect in one of the two files: truncation, bad
escapes, duplicate tokens, missing or unknown merges, non-UTF-8 bytes, huge and non-integer ids,
characters outside the byte alphabet, CRLF line ends. tests/nlp/06_bpe.cpp loads every pair and
expects llmlings::io_error with the message fragment it lists for the case. No random numbers.
"""
import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent.parent / "tests/golden/nlp/06_bpe_malformed"


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


TABLE = bytes_to_unicode()
BYTE_TOKENS = sorted(TABLE.values())  # rank order: by code point
MERGES = [("Ġ", "t"), ("h", "e"), ("Ġt", "he"), ("i", "n")]


def encoder(entries):
    """entries: (key, raw JSON value text) pairs, written in order, one per line."""
    return ("{" + ",\n".join(json.dumps(k, ensure_ascii=False) + ": " + v for k, v in entries) + "}").encode()


def valid_entries():
    entries = [(t, str(i)) for i, t in enumerate(BYTE_TOKENS)]
    entries += [(a + b, str(256 + i)) for i, (a, b) in enumerate(MERGES)]
    entries.append(("<|endoftext|>", str(256 + len(MERGES))))
    return entries


def vocab(merges, newline="\n"):
    return ("#version: 0.2" + newline + "".join(f"{a} {b}{newline}" for a, b in merges)).encode()


def replaced(entries, key, value):
    return [(k, value if k == key else v) for k, v in entries]


VALID_JSON, VALID_BPE = encoder(valid_entries()), vocab(MERGES)

# name: (encoder.json bytes, vocab.bpe bytes)
CASES = {
    "truncated_json": (VALID_JSON[: len(VALID_JSON) // 2], VALID_BPE),
    "truncated_in_escape": (b'{"\\u00', VALID_BPE),
    "empty_json": (b"", VALID_BPE),
    "bad_escape": (VALID_JSON.replace(b'"he"', b'"h\\qe"'), VALID_BPE),
    "bad_unicode_escape": (VALID_JSON.replace(b'"he"', b'"\\u00G8e"'), VALID_BPE),
    "lone_surrogate": (VALID_JSON.replace(b'"he"', b'"\\ud800e"'), VALID_BPE),
    "control_character": (VALID_JSON.replace(b'"he"', b'"h\ne"'), VALID_BPE),
    "duplicate_key": (encoder(valid_entries() + [("he", "257")]), VALID_BPE),
    "duplicate_merge": (VALID_JSON, vocab(MERGES + [("h", "e")])),
    "merge_of_unknown_token": (VALID_JSON, vocab([MERGES[0], MERGES[2], MERGES[1], MERGES[3]])),
    "missing_token": (encoder([e for e in valid_entries() if e[0] != "in"]), VALID_BPE),
    "missing_merge": (VALID_JSON, vocab(MERGES[:3])),
    "unknown_token": (encoder(valid_entries() + [("xyz", "261")]), VALID_BPE),
    "wrong_id": (encoder(replaced(valid_entries(), "he", "300")), VALID_BPE),
    "huge_number": (encoder(replaced(valid_entries(), "he", "99999999999999999999")), VALID_BPE),
    "negative_number": (encoder(replaced(valid_entries(), "he", "-1")), VALID_BPE),
    "fraction": (encoder(replaced(valid_entries(), "he", "257.0")), VALID_BPE),
    "string_value": (encoder(replaced(valid_entries(), "he", '"257"')), VALID_BPE),
    "not_an_object": (b"[1, 2, 3]", VALID_BPE),
    "trailing_garbage": (VALID_JSON + b" x", VALID_BPE),
    "missing_special": (encoder(valid_entries()[:-1]), VALID_BPE),
    "special_wrong_id": (encoder(replaced(valid_entries(), "<|endoftext|>", "5000")), VALID_BPE),
    "non_utf8_json": (VALID_JSON.replace(b'"he"', b'"h\xffe"'), VALID_BPE),
    "non_utf8_vocab": (VALID_JSON, VALID_BPE.replace(b"i n", b"i \xc3")),
    "outside_byte_alphabet": (VALID_JSON, VALID_BPE.replace("i n".encode(), "i 一".encode())),
    "three_fields": (VALID_JSON, VALID_BPE.replace(b"i n", b"i n x")),
    "crlf_line_ends": (VALID_JSON, vocab(MERGES, "\r\n")),
    "empty_line": (VALID_JSON, VALID_BPE.replace(b"h e\n", b"h e\n\n")),
}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    (OUT / "valid.encoder.json").write_bytes(VALID_JSON)
    (OUT / "valid.vocab.bpe").write_bytes(VALID_BPE)
    for name, (js, bpe) in CASES.items():
        (OUT / f"{name}.encoder.json").write_bytes(js)
        (OUT / f"{name}.vocab.bpe").write_bytes(bpe)
    print(f"wrote {2 + 2 * len(CASES)} files in {OUT}")


if __name__ == "__main__":
    main()
