#!/usr/bin/env bash
# Tests of tools/check-translation.py on a scratch copy of the texts: it passes on the tree as it
# is, and each kind of fault — a missing Korean message, a message with other arguments, an
# English page changed after its translation, a missing hint level, a missing page, a reference
# glued to Hangul, Korean after the closing ** of an emphasis — fails it, named.
set -uo pipefail
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
(cd "$SRC" && tar -cf - llmlings manifest.ini i18n docs tools/check-translation.py tools/messages.sh tools/fetch-data.sh) | tar -xf - -C "$W"
cd "$W" || exit 2
fails=0 checks=0
ok()  { checks=$((checks + 1)); echo "  ok   $*"; }
bad() { checks=$((checks + 1)); fails=$((fails + 1)); echo "  FAIL $*"; }
snapshot() { tar -cf "$W/.clean.tar" llmlings manifest.ini i18n docs; }
restore() { tar -xf "$W/.clean.tar"; }
expect_fail() {  # expect_fail DESCRIPTION PATTERN: the check exits 1 and prints PATTERN
  local out rc
  out=$(python3 tools/check-translation.py 2>&1); rc=$?
  if [ $rc -eq 1 ] && grep -qF -- "$2" <<< "$out"; then ok "$1"
  else bad "$1 (exit $rc, no '$2' in:)"; printf '%s\n' "$out" | tail -5 | cut -c1-300 | sed 's/^/       /'; fi
  restore
}

out=$(python3 tools/check-translation.py 2>&1) && ok "the tree as it is passes" \
  || { bad "the tree as it is fails:"; printf '%s\n' "$out" | tail -5 | cut -c1-300; }
snapshot

sed -i '/^hint_again = /d' i18n/ko.msg
expect_fail "a message without its Korean text is listed" "msg:hint_again"

sed -i 's/^\(passes = .*\){2}/\1/' i18n/ko.msg
expect_fail "a Korean message that drops an argument" "'passes' has the arguments"

printf '\nOne more English sentence.\n' >> docs/linalg/02_matmul.md
expect_fail "an English page changed after its translation is stale, by name" "page:docs/linalg/02_matmul.md"

sed -i 's/^hint = Start with dot()/hint = Begin with dot()/' manifest.ini
expect_fail "an English hint changed after its translation is stale, by topic" "topic:linalg/01_vectors"

awk '/^hint\.ko = / && !done { done = 1; next } { print }' manifest.ini > manifest.new && mv manifest.new manifest.ini
expect_fail "a topic with a hint level missing in Korean" "hint.ko"

rm docs/ko/stats/03_sampling.md
expect_fail "a page without its Korean page is listed" "page:docs/stats/03_sampling.md"

printf '\n자세한 것은 \\ref linalg_guide를 보세요.\n' >> docs/ko/linalg/01_vectors.md
expect_fail "a reference glued to Hangul" "Korean glued to a reference"

printf '\n**소프트맥스**는 확률을 줍니다.\n' >> docs/ko/linalg/01_vectors.md
expect_fail "Korean after the closing ** of an emphasis" "closing * of emphasis"

sed -i 's/{#linalg_03_lu}/{#linalg_03_lu_ko}/' docs/ko/linalg/03_lu.md
expect_fail "a Korean page whose section id differs" "section ids differ"

python3 tools/check-translation.py --stamp-all > /dev/null
printf '\nOne more English sentence.\n' >> docs/linalg/02_matmul.md
python3 tools/check-translation.py --stamp page:docs/linalg/02_matmul.md > /dev/null
python3 tools/check-translation.py > /dev/null && ok "--stamp NAME records the English it was made from" \
  || bad "still failing after --stamp"

echo "check-translation tests: $((checks - fails)) passed, $fails failed"
[ $fails -eq 0 ]
