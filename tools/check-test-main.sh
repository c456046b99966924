#!/usr/bin/env bash
# Checks the command line every test program shares (tests/common/catch_main.cpp) on the Catch2 it was built
# with, 2.13 or 3: the tools rely on these behaviours.
#
#   tools/check-test-main.sh BUILD_DIR      (a built reference tree, e.g. build/reference)
#
#  - `--list-tests --verbosity quiet` prints exactly the test names, one a line;
#  - a filter that matches no test case exits non-zero (the per-case proof depends on it);
#  - `--colour-mode ansi` colours, `--colour-mode none` does not;
#  - LLMLINGS_SKIP: with gnuplot out of PATH and LLMLINGS_ALLOW_MISSING_GNUPLOT=1 the rendering
#    case is skipped (Catch2 3: exit code 4, which CTest maps to skipped; 2.13: a warning, exit 0),
#    and without the variable it fails.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
build=${1:?build dir}
vectors=$build/tests/test_linalg_01_vectors plot=$build/tests/test_infra_plot
for b in "$vectors" "$plot"; do [ -x "$b" ] || { echo "check-test-main: $b was not built"; exit 1; }; done
export OPENBLAS_NUM_THREADS=1
version=$("$vectors" --libidentify | sed -n 's/^version: *//p')
fails=0
ok() { echo "check-test-main: ok   $*"; }
bad() { echo "check-test-main: FAIL $*"; fails=$((fails + 1)); }

listed=$("$vectors" --list-tests --verbosity quiet | sed '/^$/d')
declared=$(sed -n 's/^TEST_CASE("\([^"]*\)".*/\1/p' tests/linalg/01_vectors.cpp)
[ "$listed" = "$declared" ] && ok "the quiet list is the $(wc -l <<< "$listed") declared names, in order" ||
  bad "the quiet list differs from the declared names: $(diff <(echo "$listed") <(echo "$declared") | head -3)"

"$vectors" "no such test case" > /dev/null 2>&1; rc=$?
[ $rc -ne 0 ] && ok "a filter that matches nothing exits $rc" || bad "a filter that matches nothing exits 0"

first=$(head -n 1 <<< "$declared")
esc=$'\e'
out=$("$vectors" "$first" --colour-mode ansi)
[[ $out == *"${esc}["* ]] && ok "--colour-mode ansi colours" || bad "--colour-mode ansi shows no colour"
out=$("$vectors" "$first" --colour-mode none)
[[ $out == *"${esc}["* ]] && bad "--colour-mode none shows colour" || ok "--colour-mode none does not colour"

render="gnuplot renders every kind of picture as a PNG of the requested size"
out=$(PATH=/nonexistent LLMLINGS_ALLOW_MISSING_GNUPLOT=1 "$plot" "$render" 2>&1); rc=$?
case $version in
  2.*) want=0 ;;
  *) want=4 ;;
esac
{ [ $rc -eq $want ] && grep -q "gnuplot not found" <<< "$out"; } && ok "an allowed skip exits $rc and says why (Catch2 $version)" ||
  bad "an allowed skip exits $rc (expected $want on Catch2 $version): $(tail -n 3 <<< "$out")"
PATH=/nonexistent "$plot" "$render" > /dev/null 2>&1 && bad "a missing gnuplot passes without the variable" ||
  ok "a missing gnuplot fails without the variable"

echo "check-test-main: Catch2 $version, $fails failed"
[ $fails -eq 0 ]
