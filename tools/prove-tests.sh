#!/usr/bin/env bash
# The per-case proof: every test case of every topic fails on the stub (exercise track) and
# passes on the solution (reference track). Each case runs alone, as its own process, so one
# crash cannot hide another case. A case that passes on a stub is named and fails the proof.
#
#   tools/prove-tests.sh EXERCISE_BUILD_DIR REFERENCE_BUILD_DIR
# Both build dirs must be built (cmake --build). Prints one line per topic and a total.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
ex=${1:?exercise build dir} ref=${2:?reference build dir}
export OPENBLAS_NUM_THREADS=1
bad=0 total=0 topics=0
while read -r id; do
  [ -f "tests/$id.cpp" ] || continue
  target=test_${id//\//_}
  exbin=$ex/tests/$target refbin=$ref/tests/$target
  for b in "$exbin" "$refbin"; do
    [ -x "$b" ] || { echo "prove: $id: $b was not built"; bad=$((bad + 1)); continue 2; }
  done
  mapfile -t names < <("$refbin" --list-tests --verbosity quiet | sed '/^$/d')
  # a TEMPLATE_TEST_CASE runs once per element type: float and double (docs/authoring.md)
  plain=$(grep -cE '^TEST_CASE' "tests/$id.cpp") templated=$(grep -cE '^TEMPLATE_TEST_CASE' "tests/$id.cpp")
  declared=$((plain + 2 * templated))
  if [ ${#names[@]} -eq 0 ] || [ ${#names[@]} -ne "$declared" ]; then
    echo "prove: $id: the program lists ${#names[@]} cases, the file declares $declared"
    bad=$((bad + 1)); continue
  fi
  topics=$((topics + 1))
  fail_on_stub=0 pass_on_ref=0
  for name in "${names[@]}"; do
    total=$((total + 1))
    if timeout 60 "$exbin" "$name" > /dev/null 2>&1; then
      echo "prove: $id: PASSES ON THE STUB: \"$name\""; bad=$((bad + 1))
    else fail_on_stub=$((fail_on_stub + 1)); fi
    if timeout 60 "$refbin" "$name" > /dev/null 2>&1; then pass_on_ref=$((pass_on_ref + 1))
    else echo "prove: $id: FAILS ON THE REFERENCE: \"$name\""; bad=$((bad + 1)); fi
  done
  printf 'prove: %-32s %3d cases: %3d fail on the stub, %3d pass on the reference\n' \
    "$id" ${#names[@]} $fail_on_stub $pass_on_ref
done < <(tools/manifest.sh written)
echo "prove: $topics topics, $total cases"
echo "proof: $((total * 2 - bad < 0 ? 0 : total * 2 - bad)) passed, $bad failed"
[ $bad -eq 0 ]
