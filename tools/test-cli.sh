#!/usr/bin/env bash
# Tests of the learner CLI, on a scratch copy of this tree (the learner's files are never touched):
# a crashing, a throwing, a looping and a non-compiling exercise each show as a clear failure
# while the other topics still run; reset keeps a backup; progress survives a rebuild; hints come
# level by level; topic names resolve; and the edit-to-verdict time of one topic is printed.
set -uo pipefail
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
(cd "$SRC" && tar --exclude=./build --exclude=./.llmlings --exclude=./compile_commands.json -cf - .) | tar -xf - -C "$W"
cd "$W"
fails=0 checks=0
ok()   { checks=$((checks + 1)); echo "  ok   $*"; }
bad()  { checks=$((checks + 1)); fails=$((fails + 1)); echo "  FAIL $*"; }
expect() {  # expect DESCRIPTION PATTERN OUTPUT
  if grep -qE -- "$2" <<< "$3"; then ok "$1"; else bad "$1 (no /$2/ in:)"; printf '%s\n' "$3" | tail -15 | sed 's/^/       /'; fi
}
T=linalg/01_vectors
EX=exercises/$T.hpp
stub_with() {  # stub_with BODY: the pristine stub with dot()'s body replaced
  git show "$(awk -v id=$T '$2 == id { print $1 }' exercises/.pristine)" > "$EX" 2>/dev/null \
    || git cat-file blob "$(awk -v id=$T '$2 == id { print $1 }' exercises/.pristine)" > "$EX"
  BODY="$1" awk '{ if (index($0, "todo(\"linalg/01_vectors\", \"dot\")")) print ENVIRON["BODY"]; else print }' "$EX" > "$EX.new"
  mv "$EX.new" "$EX"
}
# a second started topic that passes: the reference copied in, if another topic exists
OTHER=$(sed -n 's/^\[topic \(.*\)\]$/\1/p' manifest.ini | while read -r id; do
  [ "$id" != $T ] && [ -f "tests/$id.cpp" ] && { echo "$id"; break; }; done)

echo "cli: first run (set-up and progress table)"
out=$(./llmlings 2>&1); expect "the table lists $T as not started" "01_vectors +not-started" "$out"
expect "the next exercise is named with its file" "edit  exercises/$T.hpp" "$out"

echo "cli: run on the stub"
out=$(./llmlings run $T 2>&1); rc=$?
[ $rc -ne 0 ] && ok "run exits non-zero on a stub" || bad "run exited 0 on a stub"
expect "the failure names what is still to write" "still to write: .*dot" "$out"
expect "the failure says where to edit and how to get a hint" "hint: ./llmlings hint $T" "$out"

echo "cli: topic names resolve"
out=$(./llmlings run vectors 2>&1); expect "'vectors' resolves to $T" "$T fails" "$out"
out=$(./llmlings run linalg/01 2>&1); expect "'linalg/01' resolves to $T" "$T fails" "$out"
out=$(./llmlings run nosuchtopic 2>&1); expect "an unknown topic is a clear error" "no topic 'nosuchtopic'" "$out"

echo "cli: hints come one level at a time"
out=$(./llmlings hint $T 2>&1); expect "first call shows hint 1" "Hint 1/" "$out"
grep -q "Hint 2/" <<< "$out" && bad "first call already shows hint 2" || ok "first call stops at hint 1"
out=$(./llmlings hint $T 2>&1); expect "second call shows hint 2" "Hint 2/" "$out"

if [ -n "$OTHER" ]; then cp "solutions/$OTHER.hpp" "exercises/$OTHER.hpp"; fi

echo "cli: a crashing exercise"
stub_with '    volatile double* nowhere = nullptr; return *nowhere + a(0) + b(0);'
out=$(./llmlings run $T 2>&1); expect "a segfault is reported as a crash" "$T crashed" "$out"
out=$(./llmlings verify 2>&1)
expect "verify reports the crash" "$T crashed" "$out"
[ -n "$OTHER" ] && expect "verify still runs the other topic ($OTHER)" "$OTHER passes" "$out"

echo "cli: a throwing exercise"
stub_with '    throw std::runtime_error("my own bug");'
out=$(./llmlings run $T 2>&1); expect "an unexpected exception is a failure with its message" "my own bug" "$out"
expect "... reported as failing" "$T fails" "$out"

echo "cli: an endless loop"
stub_with '    volatile bool forever = true; while (forever) {} return 0.0;'
out=$(LLMLINGS_TIMEOUT=3 ./llmlings run $T 2>&1); expect "an endless loop times out" "$T timed out after 3 s" "$out"
out=$(LLMLINGS_TIMEOUT=3 ./llmlings verify 2>&1); expect "verify reports the loop" "$T timed out" "$out"
[ -n "$OTHER" ] && expect "verify still runs the other topic ($OTHER)" "$OTHER passes" "$out"

echo "cli: a compile error"
stub_with '    return this is not C++;'
out=$(./llmlings run $T 2>&1); expect "a compile error points at the learner's file" "$EX:[0-9]+:[0-9]+: error" "$out"
expect "... and is reported as such" "$T does not compile" "$out"
out=$(./llmlings verify 2>&1)
[ -n "$OTHER" ] && expect "verify still runs the other topic ($OTHER)" "$OTHER passes" "$out"

echo "cli: reset keeps a backup"
printf '// my work\n' >> "$EX"
mine=$(cat "$EX")
out=$(./llmlings reset $T 2>&1); expect "reset names the backup" "Saved your version as .llmlings/backups/" "$out"
backup=$(ls .llmlings/backups/linalg_01_vectors.*.hpp 2>/dev/null | head -1)
[ -n "$backup" ] && [ "$(cat "$backup")" = "$mine" ] && ok "the backup holds the learner's file" || bad "no faithful backup"
out=$(./llmlings list 2>&1); expect "after reset the topic is not started" "01_vectors +not-started" "$out"

echo "cli: a finished exercise, edit-to-verdict time, progress across a rebuild"
cp "solutions/$T.hpp" "$EX"
./llmlings run $T > /dev/null 2>&1
touch "$EX"
t0=$(date +%s.%N); out=$(./llmlings run $T 2>&1); t1=$(date +%s.%N)
expect "the reference copied in passes" "$T passes" "$out"
echo "  edit-to-verdict for $T: $(echo "$t1 - $t0" | bc 2>/dev/null || awk "BEGIN{print $t1 - $t0}") s (touch, then ./llmlings run)"
rm -rf build
out=$(./llmlings list 2>&1); expect "progress survives deleting the build" "01_vectors +passed" "$out"

echo "cli: doctor"
out=$(./llmlings doctor 2>&1); expect "doctor checks the compiler" "✓ C\+\+ compiler" "$out"
expect "doctor reports on the GPU" "NVIDIA GPU" "$out"

echo "cli: $((checks - fails)) passed, $fails failed"
[ $fails -eq 0 ]
