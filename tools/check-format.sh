#!/usr/bin/env bash
# The format check of the self-test: every C++ file of the repository (.hpp, .cpp, .cuh; not the
# golden data) is as clang-format makes it with .clang-format, and starts with the SPDX line; and
# every shell script (llmlings, tools/*.sh, .ci/run) is clean under shellcheck (.shellcheckrc).
#
#   tools/check-format.sh          check; lists each file that differs and the first lines of the diff
#   tools/check-format.sh --fix    format the files in place (and add a missing SPDX line)
#
# .clang-format was checked with clang-format 14 (Debian 12) and 19 (Debian 13): both leave the
# tree unchanged. Another version may disagree on a few lines; the message then names it.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
fix=0
[ "${1:-}" = "--fix" ] && fix=1
command -v clang-format > /dev/null || { echo "check-format: clang-format not found (apt-get install clang-format)"; exit 2; }
version=$(clang-format --version | sed -n 's/.*version \([0-9][0-9]*\).*/\1/p')
spdx='// SPDX-License-Identifier: MIT'
if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
  mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.hpp' '*.cpp' '*.cuh' | grep -v '^tests/golden/')
else
  mapfile -t files < <(find include solutions exercises tests projects bench \( -name '*.hpp' -o -name '*.cpp' -o -name '*.cuh' \) | grep -v '^tests/golden/')
fi
bad=0
for f in "${files[@]}"; do
  [ "$(head -n 1 "$f")" = "$spdx" ] && continue
  if [ $fix -eq 1 ]; then sed -i "1i $spdx" "$f"; else echo "check-format: $f: the first line must be '$spdx'"; bad=$((bad + 1)); fi
done
if [ $fix -eq 1 ]; then
  clang-format -i "${files[@]}"
elif ! clang-format --dry-run -Werror "${files[@]}" > /dev/null 2>&1; then
  for f in "${files[@]}"; do  # one process for the whole tree; the files that differ, with their diff
    d=$(clang-format "$f" | diff -u "$f" -) && continue
    echo "check-format: $f differs from clang-format's output:"
    printf '%s\n' "$d" | sed -n '3,12p'
    bad=$((bad + 1))
  done
fi
if [ $fix -eq 1 ]; then echo "check-format: formatted ${#files[@]} files with clang-format $version"; exit 0; fi
scripts=(llmlings .ci/run tools/*.sh)
if command -v shellcheck > /dev/null; then
  if ! shellcheck -x -f gcc "${scripts[@]}"; then
    echo "check-format: shellcheck finds the problems above"
    bad=$((bad + 1))
  fi
else
  echo "check-format: shellcheck not found (apt-get install shellcheck)"; bad=$((bad + 1))
fi
if [ $bad -gt 0 ]; then
  echo "check-format: $bad of ${#files[@]} files to fix: tools/check-format.sh --fix"
  case $version in 14|19) ;; *) echo "check-format: (clang-format $version; the tree is checked with 14 and 19, another version may differ)" ;; esac
  exit 1
fi
echo "check-format: ${#files[@]} files formatted (clang-format $version) and licensed; ${#scripts[@]} scripts clean under shellcheck"
