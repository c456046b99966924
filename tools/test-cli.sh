#!/usr/bin/env bash
# Tests of the learner CLI, on a scratch copy of this tree (the learner's files are never touched):
# the beginner mistakes (a crash, an index out of range, a forgotten return, an endless loop, a
# warning, a throw, a compile error) each get their specific message, and how many seconds it
# took is printed; the other topics still run; reset keeps a backup; progress survives a rebuild;
# hints come level by level and check their arguments; topic names resolve (written topics win
# over planned ones); piped output has no colour codes; doctor names what to install.
set -uo pipefail
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
(cd "$SRC" && tar --exclude=./build --exclude=./.llmlings --exclude=./compile_commands.json -cf - .) | tar -xf - -C "$W"
cd "$W" || exit 2
# English, whatever the machine's locale; the Korean side is tested below
export LLMLINGS_LANG=en
fails=0 checks=0
ok()   { checks=$((checks + 1)); echo "  ok   $*"; }
bad()  { checks=$((checks + 1)); fails=$((fails + 1)); echo "  FAIL $*"; }
timed() {  # timed VAR COMMAND...: runs the command, its output into VAR, and prints the seconds
  local t0 t1 var=$1; shift
  t0=$(date +%s.%N)
  printf -v "$var" '%s' "$("$@" 2>&1)"
  t1=$(date +%s.%N)
  echo "  ($(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s: $*)"
}
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
OTHER=$(tools/manifest.sh written | while read -r id; do
  [ "$id" != $T ] && [ -f "tests/$id.cpp" ] && { echo "$id"; break; }; done)

echo "cli: first run (set-up and progress table)"
out=$(./llmlings 2>&1); expect "the table lists $T as not started" "01_vectors +not started" "$out"
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
timed out ./llmlings run $T; expect "a segfault is reported as a crash" "$T crashed" "$out"
expect "... with the line in the learner's file" "at exercises/$T.hpp:[0-9]+ +\\(in llmlings::linalg::dot" "$out"
expect "... and the test that called it" "called from the test at tests/$T.cpp:[0-9]+" "$out"
out=$(./llmlings verify 2>&1)
expect "verify reports the crash" "$T crashed" "$out"
[ -n "$OTHER" ] && expect "verify still runs the other topic ($OTHER)" "$OTHER passes" "$out"

echo "cli: an index one past the end"
stub_with '    double s = 0.0; for (std::size_t i = 0; i <= a.size(); ++i) s += a(i) * b(i); return s;'
timed out ./llmlings run $T; expect "an index out of range is named" "An index is out of range" "$out"
expect "... with the line in the learner's file" "at exercises/$T.hpp:[0-9]+ +\\(in llmlings::linalg::dot" "$out"

echo "cli: a forgotten return"
stub_with '    double s = 0.0; for (std::size_t i = 0; i < a.size(); ++i) s += a(i) * b(i);'
timed out ./llmlings run $T; expect "a missing return does not compile" "$T does not compile" "$out"
expect "... and says why it matters" "must end with a return statement" "$out"

echo "cli: a warning in a file that compiles"
stub_with '    int unused = 0; double s = 0.0; for (std::size_t i = 0; i < a.size(); ++i) s += a(i) * b(i); return s;'
timed out ./llmlings run $T; expect "the warning is shown although the build succeeds" "Warnings in your file" "$out"
expect "... naming the line" "exercises/$T.hpp:[0-9]+:[0-9]+: warning: unused variable" "$out"

echo "cli: a throwing exercise"
stub_with '    throw std::runtime_error("my own bug");'
out=$(./llmlings run $T 2>&1); expect "an unexpected exception is a failure with its message" "my own bug" "$out"
expect "... reported as failing" "$T fails" "$out"

echo "cli: an endless loop"
stub_with '    volatile bool forever = true; while (forever) {} return 0.0;'
timed out ./llmlings run $T; expect "an endless loop times out within seconds" "$T timed out after [0-9] s" "$out"
out=$(LLMLINGS_TIMEOUT=3 ./llmlings verify 2>&1); expect "verify reports the loop" "$T timed out" "$out"
[ -n "$OTHER" ] && expect "verify still runs the other topic ($OTHER)" "$OTHER passes" "$out"

echo "cli: a compile error"
stub_with '    return this is not C++;'
out=$(./llmlings run $T 2>&1); expect "a compile error points at the learner's file" "$EX:[0-9]+:[0-9]+: error" "$out"
expect "... and is reported as such" "$T does not compile" "$out"
out=$(./llmlings verify 2>&1)
[ -n "$OTHER" ] && expect "verify still runs the other topic ($OTHER)" "$OTHER passes" "$out"

echo "cli: arguments are checked"
out=$(./llmlings hint $T abc 2>&1); expect "a hint level that is no number" "must be a number from 1 to" "$out"
grep -q 'line [0-9]*:' <<< "$out" && bad "bash errors leak out: $out" || ok "no bash error"
out=$(./llmlings hint $T 99 2>&1); expect "a hint level out of range" "has hints 1 to" "$out"
out=$(./llmlings run $T extra 2>&1); expect "run takes one topic" "usage: ./llmlings run" "$out"
out=$(./llmlings hint matmul 1 2>&1); expect "a short name two topics share names both" "'matmul' could mean: linalg/02_matmul cuda/03_matmul" "$out"
out=$(./llmlings hint linalg/02 1 2>&1); expect "... and the module's number picks one" "Hint 1/[0-9]+ for linalg/02_matmul" "$out"

echo "cli: reset keeps a backup"
printf '// my work\n' >> "$EX"
mine=$(cat "$EX")
out=$(./llmlings reset $T 2>&1); expect "reset names the backup" "Saved your version as .llmlings/backups/" "$out"
backup=$(find .llmlings/backups -name 'linalg_01_vectors.*.hpp' 2>/dev/null | head -1)
[ -n "$backup" ] && [ "$(cat "$backup")" = "$mine" ] && ok "the backup holds the learner's file" || bad "no faithful backup"
out=$(./llmlings list 2>&1); expect "after reset the topic is not started" "01_vectors +not started" "$out"

echo "cli: a finished exercise, edit-to-verdict time, progress across a rebuild"
cp "solutions/$T.hpp" "$EX"
./llmlings run $T > /dev/null 2>&1
touch "$EX"
t0=$(date +%s.%N); out=$(./llmlings run $T 2>&1); t1=$(date +%s.%N)
expect "the reference copied in passes" "$T passes" "$out"
expect "... and the next step is named" "next: " "$out"
grep -q $'\e' <<< "$out" && bad "piped output has colour codes" || ok "piped output has no colour codes"
echo "  edit-to-verdict for $T: $(echo "$t1 - $t0" | bc 2>/dev/null || awk "BEGIN{print $t1 - $t0}") s (touch, then ./llmlings run)"
echo "cli: the default command re-checks edited topics and says so"
printf '// edited\n' >> "$EX"
timed out ./llmlings; expect "it names the topic it re-checks" "Re-checking $T" "$out"

echo "cli: --mine names the topic of each missing function"
cp solutions/ml/02_linear_regression.hpp exercises/ml/02_linear_regression.hpp  # finished, but its prerequisites are not
timed out ./llmlings --mine run ml/02_linear_regression
expect "functions of earlier topics are named with their topic" "still to write: .*\\(linalg/0[0-9]_[a-z_]*\\)" "$out"

echo "cli: the learner's side in Korean"
out=$(LLMLINGS_LANG=ko ./llmlings list 2>&1); expect "LLMLINGS_LANG=ko: the table in Korean" "01_vectors +통과 +벡터" "$out"
expect "... with its headings" "\\[8개 중 [0-9]+개 완료\\]" "$out"
out=$(LLMLINGS_LANG='' ./llmlings lang ko 2>&1); expect "lang ko is remembered" "이제부터" "$out"
[ "$(cat .llmlings/lang 2>/dev/null)" = ko ] && ok "... in .llmlings/lang" || bad "no .llmlings/lang"
export LLMLINGS_LANG=
out=$(./llmlings hint $T 1 2>&1); expect "a Korean hint, same level" "^힌트 1/[0-9]+ \\($T\\): " "$out"
ko_hint=$(tools/manifest.sh field "topic $T" hint.ko | head -1)
[ -n "$ko_hint" ] && grep -qF -- "$ko_hint" <<< "$out" && ok "... the manifest's hint.ko" || bad "no hint.ko text in: $out"
out=$(./llmlings reset $T 2>&1); expect "reset in Korean" "원래 연습 문제 파일" "$out"
out=$(./llmlings run $T 2>&1); expect "a failing exercise in Korean" "✗ $T 실패" "$out"
expect "... naming what is still to write" "아직 작성할 것: .*dot" "$out"
expect "... and where to edit" "수정할 파일: exercises/$T.hpp +힌트: ./llmlings hint $T" "$out"
out=$(./llmlings run nosuchtopic 2>&1); expect "errors in Korean" "'nosuchtopic'라는 토픽이 없습니다" "$out"
out=$(./llmlings doctor 2>&1); expect "doctor in Korean" "언어: 한국어 \\(./llmlings lang" "$out"
out=$(LLMLINGS_LANG=en ./llmlings list 2>&1); expect "LLMLINGS_LANG wins over the saved choice" "01_vectors +not started" "$out"
out=$(./llmlings lang en 2>&1); expect "lang en switches back" "From now on messages, hints and guides are in English" "$out"
rm -f .llmlings/lang
out=$(LANG=ko_KR.UTF-8 LC_ALL='' LC_MESSAGES='' ./llmlings lang 2>&1); expect "a Korean locale picks Korean" "한국어 \\(로캘 ko_KR.UTF-8" "$out"
out=$(./llmlings lang fr 2>&1); expect "an unknown language is an error" "no messages in 'fr'" "$out"
export LLMLINGS_LANG=en
cp "solutions/$T.hpp" "$EX"
./llmlings run $T > /dev/null 2>&1

echo "cli: progress survives deleting the build"  # last of the builds: rebuilding costs a minute
rm -rf build
out=$(./llmlings list 2>&1); expect "progress survives deleting the build" "01_vectors +passed" "$out"

echo "cli: doctor"
out=$(./llmlings doctor 2>&1); expect "doctor checks the compiler" "✓ C\+\+ compiler" "$out"
grep -q 'command not found' <<< "$out" && bad "doctor shows a raw 'command not found'" || ok "doctor shows no raw shell error"
expect "doctor reports on the GPU" "NVIDIA GPU" "$out"

echo "cli: $((checks - fails)) passed, $fails failed"
[ $fails -eq 0 ]
