#!/usr/bin/env bash
# Edit-to-verdict time of every topic on the learner track: for each topic, touch its exercise
# (as saving it in an editor does), rebuild its test program and run it, and report the CPU
# seconds (user + system, the compiler's included) and the wall seconds that took. The topic is
# built once before, so what is timed is what a learner waits for after each save.
#
#   tools/time-topics.sh [--max-cpu S] [--build DIR] [TOPIC...]
#
# --build: a learner-track build (default: build/time-topics, configured here with the learner
#          preset, so the topic under test is its stub).
# --solved: the topic under test is a copy of its reference solution (build/time-topics-solved),
#          as when the learner's code is complete: its whole body is compiled.
# --max-cpu: fail when a topic takes more CPU seconds than S (the self-test uses 6; the goal is 3),
#          in the best of three measurements (a busy machine only makes a compile slower).
# --record FILE: with --solved, also write each topic's test run time (wall seconds, the
#          program alone) to FILE; ./llmlings reads tests/run-seconds.txt for its timeouts.
# Topics default to every topic with tests.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
build=build/time-topics max_cpu="" topics=() solved=0 record=""
while [ $# -gt 0 ]; do
  case $1 in
    --max-cpu) max_cpu=$2; shift 2 ;;
    --record) record=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --solved) solved=1; build=build/time-topics-solved; shift ;;
    -*) echo "time-topics: unknown option $1" >&2; exit 2 ;;
    *) topics+=("$1"); shift ;;
  esac
done
if [ ${#topics[@]} -eq 0 ]; then
  while read -r id; do [ -f "tests/$id.cpp" ] && topics+=("$id"); done < <(tools/manifest.sh written)
fi
exercises=$ROOT/exercises
if [ $solved -eq 1 ]; then
  exercises=$ROOT/$build/src
  for id in "${topics[@]}"; do
    f=$(tools/manifest.sh topic_file "$id")
    mkdir -p "$(dirname "$exercises/$f")"
    cmp -s "solutions/$f" "$exercises/$f" || cp "solutions/$f" "$exercises/$f"
  done
fi
if [ ! -f "$build/build.ninja" ]; then
  cmake --preset learner -B "$build" -DLLMLINGS_EXERCISE_DIR="$exercises" > /dev/null
fi
exercises=$(sed -n 's/^LLMLINGS_EXERCISE_DIR:PATH=//p' "$build/CMakeCache.txt")
# The shared parts (Catch2's main, the precompiled header) are built once, as on a learner's machine.
cmake --build "$build" --target llmlings_test_main llmlings_pch > /dev/null 2>&1 ||
  { echo "time-topics: the shared test parts do not build in $build" >&2; exit 1; }

export OPENBLAS_NUM_THREADS=1
TIMEFORMAT='%R %U %S'
printf '%-34s %8s %8s\n' topic "cpu s" "wall s"
worst=0 worst_topic="" over=""
# measure TARGET ID: sets cpu and wall for one edit of ID (touch, rebuild, run).
measure() {
  touch "$exercises/$(tools/manifest.sh topic_file "$2")"
  # bash's `time` reports the children's CPU time, the compiler's and the test program's included.
  times=$( { time { cmake --build "$build" --target "$1" > /dev/null 2>&1 && "$build/tests/$1" > /dev/null 2>&1 || true; }; } 2>&1 )
  read -r wall user sys <<< "$times"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
}

for id in "${topics[@]}"; do
  target=test_${id//\//_}
  cmake --build "$build" --target "$target" > /dev/null 2>&1 || { echo "time-topics: $target does not build" >&2; exit 1; }
  measure "$target" "$id"
  # A shared machine only ever makes a compile slower, never faster: a topic over the limit is
  # measured twice more and keeps its best time, so that a busy moment does not fail the gate.
  if [ -n "$max_cpu" ] && awk -v c="$cpu" -v m="$max_cpu" 'BEGIN { exit !(c > m) }'; then
    best=$cpu best_wall=$wall
    for _ in 1 2; do
      measure "$target" "$id"
      if awk -v c="$cpu" -v b="$best" 'BEGIN { exit !(c < b) }'; then best=$cpu best_wall=$wall; fi
    done
    cpu=$best wall=$best_wall
  fi
  printf '%-34s %8s %8s\n' "$id" "$cpu" "$wall"
  if awk -v c="$cpu" -v w="$worst" 'BEGIN { exit !(c > w) }'; then worst=$cpu worst_topic=$id; fi
  if [ -n "$max_cpu" ] && awk -v c="$cpu" -v m="$max_cpu" 'BEGIN { exit !(c > m) }'; then over+="$id "; fi
done
if [ -n "$record" ]; then
  [ $solved -eq 1 ] || { echo "time-topics: --record needs --solved (the reference's run time)" >&2; exit 2; }
  {
    echo "# Seconds each topic's test program runs on the reference solution (one run, 2-core machine),"
    echo "# written by tools/time-topics.sh --solved --record; ./llmlings stops a run after 10 times this."
    for id in "${topics[@]}"; do
      t0=$(date +%s.%N)
      "$build/tests/test_${id//\//_}" > /dev/null 2>&1 || { echo "time-topics: $id fails on the reference" >&2; exit 1; }
      t1=$(date +%s.%N)
      awk -v id="$id" -v a="$t0" -v b="$t1" 'BEGIN { printf "%s %.2f\n", id, b - a }'
    done
  } > "$record.new" && mv "$record.new" "$record"
  echo "time-topics: wrote $record"
fi
echo "time-topics: ${#topics[@]} topics, the slowest $worst_topic at $worst CPU s"
if [ -n "$over" ]; then
  echo "time-topics: over $max_cpu CPU s: $over"
  exit 1
fi
