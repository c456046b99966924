#!/usr/bin/env bash
# Structural checks of the curriculum, run by the self-test (and so by CI):
#  - every topic in manifest.ini that has a solution has its exercise, tests and guide page, and
#    every file under solutions/, exercises/, tests/ belongs to a manifest topic;
#  - the manifest entry is complete: title, doc anchor, >= 3 hints, no placeholder, prerequisites
#    that come earlier;
#  - exercise and solution share their include guard and differ only inside function bodies
#    (every line at column 0 is the same in both), and each exercise is exactly the stub that
#    tools/make_stub.py writes from its solution, doc comments included;
#  - each topic includes only topics before it, through <llmlings/...>, never a relative path;
#  - each stub throws through llmlings::todo naming its own topic;
#  - test case names are usable as Catch2 filters and tagged [module][NN_name];
#  - each topic has at least 3 curated mutants in tests/MODULE/NN_name.mutants;
#  - each golden file records the SHA-256 of the script that wrote it, and that script is unchanged;
#  - exercises/.pristine holds the git blob id of every pristine stub (`--update-stubs` rewrites it).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2

if [ "${1:-}" = "--update-stubs" ]; then
  for f in $(cd exercises && find . \( -name '*.hpp' -o -name '*.cuh' \) | sort); do
    f=${f#./}
    printf '%s %s\n' "$(git hash-object "exercises/$f")" "${f%.*}"
  done > exercises/.pristine
  echo "wrote exercises/.pristine ($(wc -l < exercises/.pristine) stubs)"
  exit 0
fi

errors=0
err() { printf 'check-structure: %s\n' "$*" >&2; errors=$((errors + 1)); }

# shellcheck source=tools/manifest.sh
source tools/manifest.sh
mapfile -t TOPICS < <(topics)
declare -A ORDER
for i in "${!TOPICS[@]}"; do ORDER[${TOPICS[$i]}]=$i; done
topic_field() { field "topic $1" "$2"; }

# Files that belong to no topic.
for dir in solutions exercises tests docs; do
  [ -d "$dir" ] || continue
  while IFS= read -r f; do
    id=${f#"$dir"/}; id=${id%.*}
    id=${id/\/oracles\//\/}  # tests/MODULE/oracles/NN_name.{hpp,cpp}: the oracles of MODULE/NN_name
    id=${id#ko/}  # docs/ko/MODULE/NN_name.md: the Korean page of MODULE/NN_name (tools/check-translation.py)
    [ -n "${ORDER[$id]+x}" ] || err "$f belongs to no [topic $id] in manifest.ini"
  done < <(find "$dir" -mindepth 2 -path "$dir/*/[0-9][0-9]_*" -type f \( -name '*.hpp' -o -name '*.cpp' -o -name '*.md' -o -name '*.cuh' -o -name '*.mutants' \) | sort)
done

pristine_ok=1
for id in "${TOPICS[@]}"; do
  ext=hpp
  [ -f "solutions/$id.cuh" ] && ext=cuh  # a cuda topic's kernels, which nvcc compiles too
  sol=solutions/$id.$ext ex=exercises/$id.$ext test=tests/$id.cpp
  [ -f "$sol" ] || continue  # a planned topic: manifest entry only
  module=${id%%/*} base=${id#*/}
  for f in "$ex" "$test" "docs/$id.md"; do [ -f "$f" ] || err "$id: $f is missing"; done

  # manifest entry
  [ -n "$(topic_field "$id" title)" ] || err "$id: manifest has no title"
  case $(topic_field "$id" title) in *";"*) err "$id: a title may not contain ';' (CMake splits lists on it)" ;; esac
  doc=$(topic_field "$id" doc)
  [ -n "$doc" ] || err "$id: manifest has no doc anchor"
  [ -f "docs/$id.md" ] && ! grep -q "{#$doc}" "docs/$id.md" && err "$id: docs/$id.md has no anchor {#$doc}"
  hints=$(topic_field "$id" hint | grep -vc '^TODO$')
  [ "$hints" -ge 3 ] || err "$id: manifest has $hints hints, expected at least 3"
  topic_field "$id" hint | grep -q '^TODO$' && err "$id: manifest still has 'hint = TODO'"
  for req in $(topic_field "$id" requires); do
    [ -n "${ORDER[$req]+x}" ] || { err "$id requires unknown topic $req"; continue; }
    [ "${ORDER[$req]}" -lt "${ORDER[$id]}" ] || err "$id requires $req, which comes later"
  done

  [ -f "$ex" ] || continue
  # guards, and only bodies differ
  guard="LLMLINGS_$(printf '%s' "${module}_${base}_$ext" | tr '[:lower:]' '[:upper:]')"
  for f in "$sol" "$ex"; do
    grep -q "^#ifndef $guard\$" "$f" || err "$f: include guard must be $guard"
  done
  if ! diff <(grep -v -e '^[[:space:]]' -e '^$' "$sol") <(grep -v -e '^[[:space:]]' -e '^$' "$ex") > /dev/null; then
    err "$ex and $sol differ outside function bodies:"
    diff <(grep -v -e '^[[:space:]]' -e '^$' "$sol") <(grep -v -e '^[[:space:]]' -e '^$' "$ex") | head -6 >&2
  fi
  # stubs throw through todo() naming their own topic
  grep -qE "(todo|LLMLINGS_CUDA_TODO)\(\"$id\"" "$ex" || err "$ex: no stub calls todo(\"$id\", ...)"
  grep -oE '(todo|LLMLINGS_CUDA_TODO)\("[^"]*"' "$ex" | grep -vE "\(\"$id\"" | sed "s|^|$ex: stub names another topic: |" | while read -r l; do err "$l"; done
  # includes: earlier topics only, never relative
  for f in "$sol" "$ex"; do
    grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" | while IFS= read -r l; do
      err "$f: relative include ($l); use <llmlings/...>"
    done
    while IFS= read -r inc; do
      [ -n "$inc" ] || continue
      [ -n "${ORDER[$inc]+x}" ] || { err "$f includes <llmlings/$inc.hpp>, which is no topic"; continue; }
      [ "${ORDER[$inc]}" -lt "${ORDER[$id]}" ] || err "$f includes $inc, which is not before $id in the curriculum"
    done < <(sed -n 's|^[[:space:]]*#[[:space:]]*include[[:space:]]*<llmlings/\([a-z0-9_]*/[0-9][0-9]_[a-z0-9_]*\)\.\(hpp\|cuh\)>.*|\1|p' "$f")
  done
  # the test file includes no later topic either, unless the include says why on its line
  # (`#include <llmlings/nn/07_optimizers.hpp>  // later topic: the optimizer the MLP trains with`):
  # in the exercise track every other topic is the reference, so the test still runs
  while IFS= read -r inc; do
    [ -n "${ORDER[$inc]+x}" ] && [ "${ORDER[$inc]}" -gt "${ORDER[$id]}" ] && err "$test includes later topic $inc"
  done < <(grep -v '// later topic: ' "$test" | sed -n 's|^#include <llmlings/\([a-z0-9_]*/[0-9][0-9]_[a-z0-9_]*\)\.\(hpp\|cuh\)>.*|\1|p')
  # a templated case runs for float and double, in that order (tools/prove-tests.sh counts two)
  templated=$(sed -E ':a
/^TEMPLATE_TEST_CASE[^{]*$/ { $!N; s/\n[[:space:]]*/ /; ta }' "$test" | grep -E '^TEMPLATE_TEST_CASE' || true)
  while IFS= read -r line; do
    [ -z "$line" ] && continue
    printf '%s' "$line" | grep -qE '", *float, *double\) *\{' ||
      err "$test: a TEMPLATE_TEST_CASE must run for exactly float, double: $line"
  done <<< "$templated"
  # test names and tags (a TEST_CASE line that clang-format wrapped is joined up to its '{')
  cases=$(sed -E ':a
/^[A-Z_]*TEST_CASE[^{]*$/ { $!N; s/\n[[:space:]]*/ /; ta }' "$test" | grep -E '^[A-Z_]*TEST_CASE')
  while IFS= read -r line; do
    name=$(printf '%s' "$line" | sed -n 's/^[A-Z_]*TEST_CASE[A-Z_]*( *"\([^"]*\)".*/\1/p')
    tags=$(printf '%s' "$line" | sed -n 's/^[A-Z_]*TEST_CASE[A-Z_]*( *"[^"]*" *, *"\([^"]*\)".*/\1/p')
    case $name in *[,\[\]\*~\\]*|-*|"") err "$test: test name '$name' is not usable as a Catch2 filter" ;; esac
    case $tags in *"[$module][$base]"*) ;; *) err "$test: '$name' must be tagged [$module][$base]" ;; esac
  done <<< "$cases"
  dups=$(printf '%s\n' "$cases" | sed -n 's/^[A-Z_]*( *"\([^"]*\)".*/\1/p' | sort | uniq -d)
  [ -z "$dups" ] || err "$test: duplicate test names: $dups"
  # curated mutants beside the tests (tools/mutants.py runs them)
  mutants=$(grep -c '^\[mutant ' "tests/$id.mutants" 2>/dev/null || true)
  [ "${mutants:-0}" -ge 3 ] || err "$id: tests/$id.mutants has ${mutants:-0} mutants, expected at least 3 (tools/mutants.py)"
  # stub index
  want=$(git hash-object "$ex")
  have=$(awk -v id="$id" '$2 == id { print $1 }' exercises/.pristine 2>/dev/null)
  [ "$want" = "$have" ] || pristine_ok=0
done
[ $pristine_ok -eq 1 ] || err "exercises/.pristine is out of date: run tools/check-structure.sh --update-stubs"
# every golden file was made by its generator as it is now (goldenfile.py records the hash)
while IFS= read -r g; do
  gen=$(sed -n 's/^# generator: //p' "$g")
  want=$(sed -n 's/^# generator-sha256: //p' "$g")
  if [ -z "$gen" ] || [ ! -f "$gen" ] || [ -z "$want" ]; then
    err "$g: no '# generator:' line naming a script in tools/golden/, or no '# generator-sha256:' line"
    continue
  fi
  have=$(cat "$gen" tools/golden/goldenfile.py | sha256sum | cut -d' ' -f1)
  [ "$have" = "$want" ] || err "$g is stale: $gen (or goldenfile.py) changed since it wrote it; run /usr/bin/python3 $gen"
done < <(find tests/golden -type f -name '*.txt' | sort)
# every exercise is its solution's stub, doc comments included (tools/make_stub.py)
python3 tools/make_stub.py --check >&2 || err "a stub differs from its solution (above)"

if [ $errors -gt 0 ]; then
  echo "check-structure: $errors problem(s)" >&2
  exit 1
fi
echo "check-structure: ${#TOPICS[@]} topics in the manifest, $(find solutions \( -name '*.hpp' -o -name '*.cuh' \) | wc -l) written; all consistent"
