#!/usr/bin/env node
// The peer of bench/nlp_bpe.cpp's gpt2_encode_kjv: js-tiktoken's GPT-2 encoding of the whole KJV
// text, on one thread (JavaScript runs one), timed the way Google Benchmark times the C++ side.
//
//   tools/fetch-data.sh kjv                          # .data/kjv.tsv
//   node bench/peers/gpt2_encode_tiktoken.mjs [--repeats N]
//
// A maintainer's tool, not a CI step. Like tools/golden/nlp_bpe.mjs, it installs js-tiktoken
// JS_TIKTOKEN_VERSION with npm into a temporary directory (nothing is added to the repository)
// and removes it afterwards; getEncoding("gpt2") uses the ranks js-tiktoken ships.
//
// The text is data::kjv_text()'s: the verse texts of .data/kjv.tsv (the fourth field) joined with
// '\n', no final newline (4,137,849 bytes). It is encoded as ordinary text, enc.encode(text, [], [])
// (tiktoken's encode_ordinary, as gpt2_encode without allow_special). Printed: the number of ids
// and FNV-1a (32 bits) of the id sequence, each id as 4 little-endian bytes — the C++ program
// prints the same two numbers — then MB/s (10^6 bytes of UTF-8) and tokens/s: the median of
// --repeats timed encodings (default 5) after one untimed warm-up (the JIT), and their range, by
// wall time and by CPU time (process.cpuUsage(): all of node's threads, its garbage collector's
// helpers included; on a loaded machine the wall clock also measures the neighbours).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";

const JS_TIKTOKEN_VERSION = "1.0.21"; // as tools/golden/nlp_bpe.mjs
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const repeatsAt = process.argv.indexOf("--repeats");
const repeats = repeatsAt > 0 ? Number(process.argv[repeatsAt + 1]) : 5;
if (!Number.isInteger(repeats) || repeats < 1) throw new Error("--repeats needs an integer >= 1");

function installJsTiktoken() {
  const dir = mkdtempSync(path.join(tmpdir(), "js-tiktoken-"));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--silent", `js-tiktoken@${JS_TIKTOKEN_VERSION}`], {
    cwd: dir,
    stdio: "inherit",
  });
  return dir;
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

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const dir = installJsTiktoken();
try {
  const pkg = JSON.parse(readFileSync(path.join(dir, "node_modules/js-tiktoken/package.json"), "utf8"));
  if (pkg.version !== JS_TIKTOKEN_VERSION) throw new Error(`npm installed js-tiktoken ${pkg.version}`);
  const { getEncoding } = await import(pathToFileURL(path.join(dir, "node_modules/js-tiktoken/dist/index.js")).href);
  const enc = getEncoding("gpt2");

  const dataDir = process.env.LLMLINGS_DATA_DIR ?? path.join(root, ".data");
  const verses = readFileSync(path.join(dataDir, "kjv.tsv"), "utf8").split("\n").filter((l) => l.length > 0);
  if (verses.length !== 31102) throw new Error(`kjv.tsv has ${verses.length} verses, expected 31102`);
  const text = verses.map((line) => line.replace(/\r$/, "").split("\t").slice(3).join("\t")).join("\n");
  const bytes = Buffer.byteLength(text, "utf8");

  const ids = enc.encode(text, [], []); // the warm-up, and the ids to check
  console.log(`js-tiktoken ${pkg.version} (npm), node ${process.version}: the whole KJV (${bytes} bytes): ` +
              `${ids.length} ids, FNV-1a ${fnv1a(ids)}`);
  const wall = [], cpu = [];
  for (let r = 0; r < repeats; ++r) {
    const start = performance.now(), cpuStart = process.cpuUsage();
    const out = enc.encode(text, [], []);
    const used = process.cpuUsage(cpuStart);
    wall.push((performance.now() - start) / 1e3);
    cpu.push((used.user + used.system) / 1e6);
    if (out.length !== ids.length) throw new Error("two encodings of the same text differ");
  }
  const mb = (s) => (bytes / 1e6 / s).toFixed(2);
  const tps = (s) => (ids.length / s / 1e6).toFixed(3);
  for (const [name, seconds] of [["wall", wall], ["CPU", cpu]]) {
    const best = Math.min(...seconds), worst = Math.max(...seconds), mid = median(seconds);
    console.log(`js-tiktoken gpt2 encode, ${repeats} runs, ${name} time: ${(mid * 1e3).toFixed(0)} ms median ` +
                `(${(best * 1e3).toFixed(0)}–${(worst * 1e3).toFixed(0)}), ${mb(mid)} MB/s (${mb(worst)}–${mb(best)}), ` +
                `${tps(mid)} M tokens/s (${tps(worst)}–${tps(best)})`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
