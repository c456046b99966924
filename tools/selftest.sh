#!/usr/bin/env bash
# The project's own test suite: `./llmlings selftest` (README) and CI (.ci/run) run this.
# On a fresh Debian 12 or 13 it first installs what it needs (as root; otherwise it prints the command).
#
#  0. data: every real data set (--all: the large ones too) from Debian packages, into .data/, checked
#  1. structure: manifest, file pairs, include order, stub index       tools/check-structure.sh
#     format: clang-format (.clang-format) and the SPDX line of every C++ file  tools/check-format.sh
#     translation: every message, hint and guide page has its Korean text, none older than
#     its English source                                                  tools/check-translation.py
#     (and the check's own tests on a scratch copy                        tools/test-check-translation.sh)
#  2. exercise track with g++, warnings as errors: every stub and everything else builds
#     timing: each topic's edit-to-verdict on the stub, at most 6 CPU s    tools/time-topics.sh
#  3. reference: the same build with the solutions as the learner's files (only the topics' test
#     programs are compiled again): every test passes                     ctest
#     every test case fails on its stub and passes on the reference       tools/prove-tests.sh
#     and the test programs' shared command line on this Catch2         tools/check-test-main.sh
#  4. mutants: each curated bug of each topic makes its tests fail       tools/mutants.py
#  5. reference track with clang++ under ASan + UBSan, warnings as errors (one build for both)
#  6. the learner CLI on a scratch clone: each beginner mistake and its message  tools/test-cli.sh
#  7. the capstone projects build, run on the real data and write their pictures
#     deploy: the MLOps capstone's Prometheus rules and their tests, its YAML  tools/check-deploy.sh
#     container: its image built with buildah, the server run inside it      tools/check-container.sh
#     gpu: the cuda topics' tests compiled by nvcc, where it is installed (skipped without a GPU)
#  8. docs: Doxygen, the English and the Korean site, warnings are errors, and no Markdown left
#     unrendered (tools/check-doc-html.py)
#  9. cmake --install, then a consumer project that uses find_package(llmlings) and its test helpers
# Steps 2-4 and 1, 5-8 run as two lanes side by side (see below).
# Each step's log is in build/selftest-logs/. Set LLMLINGS_SELFTEST_SKIP="mutants sanitize" to skip steps.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2
LOGS=$ROOT/build/selftest-logs
mkdir -p "$LOGS"
JOBS=$(nproc 2>/dev/null || echo 2)
export OPENBLAS_NUM_THREADS=1 CTEST_OUTPUT_ON_FAILURE=1

PACKAGES="g++ clang cmake python3 ninja-build lld git make xtensor-dev libxtensor-blas-dev libopenblas-dev liblapack-dev catch2 gnuplot-nox doxygen libjs-mathjax clang-format shellcheck libclang-rt-dev gdb libpcre2-dev pkgconf libopenmpi-dev openmpi-bin curl ca-certificates nlohmann-json3-dev libcpp-httplib-dev prometheus-cpp-dev prometheus yamllint buildah debootstrap python3-kubernetes wrk"
# The MLOps capstone's manifests render with Debian 13's kustomize, or on Debian 12 with kubectl's
# built-in one (kubernetes-client), unless a kubectl is installed already: another package's
# /usr/bin/kubectl would clash with kubernetes-client's and stop apt. Debian 13's buildah (1.39)
# sets up its network backend, netavark, even to make an image from scratch, and only recommends it.
# shellcheck source=/dev/null
if [ "$(. /etc/os-release && echo "${VERSION_ID:-}")" = 12 ]; then
  command -v kubectl > /dev/null || PACKAGES+=" kubernetes-client"
else
  PACKAGES+=" kustomize netavark"
fi
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+="$p "
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "selftest needs: sudo apt-get update && sudo apt-get install -y --no-install-recommends $missing"
    exit 1
  fi
  echo "selftest: installing $missing"
  read -r -a packages <<< "$missing"
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}"; } \
    > "$LOGS/apt.txt" 2>&1 || { tail -20 "$LOGS/apt.txt"; echo "selftest: apt-get failed"; exit 1; }
fi

# Each step's verdict goes to $LOGS/verdicts, so that steps may run in parallel lanes.
step() {  # step NAME COMMAND...: runs, logs, reports
  local name=$1; shift
  case " ${LLMLINGS_SELFTEST_SKIP:-} " in *" $name "*) echo "selftest: $name skipped (LLMLINGS_SELFTEST_SKIP)"; return ;; esac
  local t0=$SECONDS
  echo "selftest: $name ..."
  # The CPU seconds of the step's processes (user + system), beside the wall seconds: with two
  # lanes sharing the cores, the CPU time is what a step costs.
  local TIMEFORMAT='%U %S' rc cpu
  { time "$@" > "$LOGS/$name.txt" 2>&1; } 2> "$LOGS/$name.cpu"
  rc=$?
  cpu=$(awk '{ printf "%.0f", $1 + $2 }' "$LOGS/$name.cpu")
  if [ $rc -eq 0 ]; then
    echo "$name ok" >> "$LOGS/verdicts"
    echo "selftest: $name ok ($((SECONDS - t0)) s, $cpu CPU s)"
  else
    echo "$name FAILED" >> "$LOGS/verdicts"
    echo "selftest: $name FAILED ($((SECONDS - t0)) s, $cpu CPU s); the end of its log ($LOGS/$name.txt):"
    tail -40 "$LOGS/$name.txt"
  fi
  grep -E '^(proof:|prove: [a-z]|check-structure:|check-format:|check-test-main: Catch2|[0-9]+% tests passed|time-topics:|mutants: [a-z]+:|mutants: [0-9]|mutants: SURVIVED|mutants: NO-|cli: [0-9])' "$LOGS/$name.txt" | sed 's/^/    /'
}

build_and_test() {  # build_and_test PRESET
  cmake --preset "$1" && cmake --build --preset "$1" -j "$JOBS" && ctest --preset "$1" -j "$JOBS" --timeout 300
}

# One g++ build serves the exercise and the reference track: built first with the stubs, then
# with solutions/ as the learner's directory, which recompiles only the topics' test programs (the
# shared parts, the oracles, the infra and integration tests are the reference's on both tracks).
EXERCISE=build/selftest-exercise STUBS=build/selftest-stubs
exercise_track() {
  cmake --preset learner -B "$EXERCISE" -DLLMLINGS_WERROR=ON -DLLMLINGS_TEST_TIMEOUT=300 \
    -DLLMLINGS_EXERCISE_DIR="$ROOT/exercises" &&
  cmake --build "$EXERCISE" -j "$JOBS"
}

reference_track() {  # and the per-case proof against the stubs, and the tests' shared command line
  rm -rf "$STUBS" && mkdir -p "$STUBS" && mv "$EXERCISE/tests" "$STUBS/tests" &&
  cmake -B "$EXERCISE" -DLLMLINGS_EXERCISE_DIR="$ROOT/solutions" &&
  cmake --build "$EXERCISE" -j "$JOBS" &&
  ctest --test-dir "$EXERCISE" -j "$JOBS" --timeout 300 &&
  tools/prove-tests.sh "$STUBS" "$EXERCISE" &&
  tools/check-test-main.sh "$EXERCISE"
}

projects() {  # each capstone builds (Release), runs and writes its pictures
  local out=build/selftest-projects-output name
  rm -rf "$out"
  cmake --preset projects -DLLMLINGS_WERROR=ON && cmake --build --preset projects -j "$JOBS" || return 1
  for name in $(cd projects && find . -mindepth 1 -maxdepth 1 -type d | sed 's|^\./||' | sort); do
    echo "== project $name"
    # --quick: the training projects run a short, seeded version of their full run.
    "build/projects/projects/project_$name" "$out/$name" --quick || return 1
    ls "$out/$name"/*.png > /dev/null || { echo "project $name wrote no picture"; return 1; }
  done
}

docs() {
  cmake --preset docs && cmake --build --preset docs ||
    { echo "Doxygen warnings:"; cat build/docs/docs/doxygen-warnings.txt build/docs/docs/ko/doxygen-warnings.txt; return 1; }
  # what Doxygen leaves unrendered without a warning (an emphasis that does not close)
  python3 tools/check-doc-html.py build/docs/docs/html build/docs/docs/ko/html
}

consumer() {
  rm -rf build/selftest-install build/selftest-consumer
  cmake --install "$EXERCISE" --prefix build/selftest-install &&
  cmake -S tests/consumer -B build/selftest-consumer -G Ninja -DCMAKE_PREFIX_PATH="$ROOT/build/selftest-install" &&
  cmake --build build/selftest-consumer || return 1
  local out
  out=$(build/selftest-consumer/consumer) || { printf '%s\n' "$out"; return 1; }
  printf '%s\n' "$out"
  # the installed headers are this version of llmlings
  grep -qx "$(bash llmlings --version)" <<< "$out" || { echo "consumer: expected $(bash llmlings --version)"; return 1; }
  # a user's own tests with the installed helpers (the llmlings::testing target brings Catch2)
  build/selftest-consumer/consumer_tests
}

# The cuda topics' tests once more, compiled by nvcc with warnings as errors (test_cuda_NN_name_gpu),
# where NVIDIA's toolkit is installed (it is not in Debian main); without a GPU CTest reports each
# as skipped, never as passed.
gpu() {
  local nvcc targets
  nvcc=$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)
  [ -x "$nvcc" ] || { echo "gpu: skipped: no nvcc on this machine; the cuda topics ran on the simulator only"; return 0; }
  targets=$(cd tests && find cuda -maxdepth 1 -name '[0-9][0-9]_*.cpp' | sort | sed 's|/|_|; s|\.cpp$|_gpu|; s|^|test_|')
  # shellcheck disable=SC2086
  cmake --preset reference -B build/selftest-gpu -DLLMLINGS_CUDA=ON -DCMAKE_CUDA_COMPILER="$nvcc" &&
    cmake --build build/selftest-gpu -j "$JOBS" --target $targets &&
    ctest --test-dir build/selftest-gpu -L gpu --timeout 300
}

t0=$SECONDS
rm -f "$LOGS/verdicts" "$LOGS/timing.done"; touch "$LOGS/verdicts"
step data bash llmlings data --all   # installs netpbm + libreadline8 + diatheke (root), then fetch-data.sh --all
# Two lanes run side by side: every step builds with -j$JOBS, but the proof, the timing, the CLI
# session and the projects' runs use one core at a time, and the other lane fills the second.
# The timing measures what a learner waits for after a save, with at most one single-threaded
# job beside it (Doxygen): the other lane runs its light steps first and starts its builds only
# once the timing is done ($LOGS/timing.done), since a parallel build inflates every CPU second.
lane_tracks() {  # the exercise track, its timing, the same build on the reference, the mutants
  step exercise exercise_track
  step timing tools/time-topics.sh --max-cpu 6 --build "$EXERCISE"
  touch "$LOGS/timing.done"
  step reference reference_track
  step mutants python3 tools/mutants.py --build "$EXERCISE" --baseline "$EXERCISE"
}
lane_others() {
  step structure tools/check-structure.sh
  step format tools/check-format.sh
  step translation bash -c 'python3 tools/check-translation.py && bash tools/test-check-translation.sh'
  step docs docs
  step deploy bash tools/check-deploy.sh
  while [ ! -f "$LOGS/timing.done" ]; do sleep 5; done
  step sanitize build_and_test sanitize
  step cli bash tools/test-cli.sh
  step projects projects
  step container bash tools/check-container.sh build/selftest-projects-output/mlops/registry
  step gpu gpu
}
lane_tracks &
lane_others &
wait
step consumer consumer   # installs the headers from the g++ build
passed=$(grep -c ' ok$' "$LOGS/verdicts" 2>/dev/null) failed=$(grep -c ' FAILED$' "$LOGS/verdicts" 2>/dev/null)
names=$(sed -n 's/ FAILED$//p' "$LOGS/verdicts" 2>/dev/null | tr '\n' ' ')
echo "selftest: $((SECONDS - t0)) s in all${names:+; failed: $names}"
echo "selftest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
