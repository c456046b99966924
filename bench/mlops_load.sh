#!/usr/bin/env bash
# Load test of the MLOps capstone's inference server against the same CNN served by FastAPI +
# PyTorch (bench/peers/fashion_cnn_fastapi.py), on loopback, with wrk (Debian's wrk 4.1):
# throughput, p50 and p99 latency at 1, 8 and 32 concurrent connections, errors, and each
# server's peak memory. A maintainer's tool, not a CI step; bounded: each run lasts DURATION
# seconds (default 10), 3 concurrencies × 3 servers.
#
#   apt-get install wrk python3-fastapi uvicorn python3-torch    # the peer and the load generator
#   bash bench/mlops_load.sh [OUT]                               # OUT: build/bench-mlops (default)
#
# The servers: project_mlops serve (C++, cpp-httplib's thread pool, dynamic batching: one
# forward pass for the requests waiting, OPENBLAS_NUM_THREADS=1), and uvicorn
# running the FastAPI app with 1 worker and with 2 workers (one per core of the development
# machine; torch.set_num_threads(1) in each). The same request for all: one Fashion-MNIST test
# image as a [1, 784] FP32 tensor, about 7 KB of JSON. wrk runs on the same machine and takes
# part of the same cores, for every server alike. Before the runs, both servers answer the same
# image and the script checks they agree (class, logits to 1e-4).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$ROOT/build/bench-mlops}
DURATION=${DURATION:-10}
BIN=$ROOT/build/projects/projects/project_mlops
for tool in wrk uvicorn python3 curl; do
  command -v "$tool" > /dev/null || { echo "mlops_load: $tool is missing (apt-get install wrk uvicorn python3-fastapi python3-torch curl)"; exit 1; }
done
mkdir -p "$OUT"
cd "$ROOT"
if [ ! -x "$BIN" ]; then
  (cmake --preset projects > /dev/null && cmake --build build/projects --target project_mlops) || exit 1
fi
export OPENBLAS_NUM_THREADS=1

# A registry with one version in Production (the quick pipeline: 6,000 images, one epoch).
rm -rf "$OUT/registry"
"$BIN" train "$OUT/registry" --quick > "$OUT/train.log"
weights=$(python3 - "$OUT/registry" <<'EOF'
import json, pathlib, sys
root = pathlib.Path(sys.argv[1])
v = json.loads((root / "models/fashion_cnn/versions/0001.json").read_text())
digest = v["artifacts"]["weights"].split(":")[1]
print(root / "artifacts/sha256" / digest[:2] / digest[2:])
EOF
)
# One test image as the request body.
python3 - "$ROOT/.data/fashion-mnist" "$OUT/body.json" <<'EOF'
import gzip, json, pathlib, sys
d = pathlib.Path(sys.argv[1])
path = next(p for p in sorted(d.iterdir()) if p.name.startswith("t10k-images"))
data = gzip.open(path).read() if path.suffix == ".gz" else path.read_bytes()
pixels = [b / 255 for b in data[16:16 + 784]]
json.dump({"id": "0", "inputs": [{"name": "image", "shape": [1, 784], "datatype": "FP32", "data": pixels}]},
          open(sys.argv[2], "w"))
EOF
cat > "$OUT/post.lua" <<'EOF'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.body = f:read("*a")
f:close()
EOF
export BODY_FILE=$OUT/body.json

pids=()
stop_all() { for p in "${pids[@]}"; do kill -TERM "$p" 2> /dev/null || true; done; wait 2> /dev/null || true; }
trap stop_all EXIT
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_ready() {
  for _ in $(seq 1 200); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/v2/health/ready")" = 200 ] && return 0
    sleep 0.1
  done
  echo "mlops_load: nothing answers on port $1"; exit 1
}
# The peak resident set (VmHWM) of a process and its children, in MB.
peak_mb() {
  local total=0 p kb
  for p in "$1" $(pgrep -P "$1" || true); do
    kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$p/status" 2> /dev/null || echo 0)
    total=$((total + kb))
  done
  echo "scale=1; $total / 1024" | bc
}

P_CPP=$(port); P_PY1=$(port); P_PY2=$(port)
"$BIN" serve "$OUT/registry" --port "$P_CPP" --drain-ms 0 > "$OUT/server-cpp.log" 2>&1 &
pids+=($!); PID_CPP=$!
FASHION_CNN_WEIGHTS=$weights uvicorn --app-dir bench/peers fashion_cnn_fastapi:app --host 127.0.0.1 \
  --port "$P_PY1" --workers 1 --log-level warning --no-access-log > "$OUT/server-py1.log" 2>&1 &
pids+=($!); PID_PY1=$!
FASHION_CNN_WEIGHTS=$weights uvicorn --app-dir bench/peers fashion_cnn_fastapi:app --host 127.0.0.1 \
  --port "$P_PY2" --workers 2 --log-level warning --no-access-log > "$OUT/server-py2.log" 2>&1 &
pids+=($!); PID_PY2=$!
wait_ready "$P_CPP"; wait_ready "$P_PY1"; wait_ready "$P_PY2"

# Same image, same answer.
url() { echo "http://127.0.0.1:$1/v2/models/fashion_cnn/infer"; }
curl -s -H 'Content-Type: application/json' -d @"$BODY_FILE" "$(url "$P_CPP")" > "$OUT/answer-cpp.json"
curl -s -H 'Content-Type: application/json' -d @"$BODY_FILE" "$(url "$P_PY1")" > "$OUT/answer-py.json"
python3 - "$OUT/answer-cpp.json" "$OUT/answer-py.json" <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
out = lambda r, n: next(o for o in r["outputs"] if o["name"] == n)["data"]
diff = max(abs(x - y) for x, y in zip(out(a, "logits"), out(b, "logits")))
assert out(a, "class") == out(b, "class"), (out(a, "class"), out(b, "class"))
assert diff < 1e-4, diff
print(f"mlops_load: both servers answer class {out(a, 'class')[0]}; logits differ by {diff:.2e} at most")
EOF

# wrk's summary → "requests/s p50_ms p99_ms errors"
run() {  # run PORT CONNECTIONS
  local threads=2
  [ "$2" -lt 2 ] && threads=1
  wrk -t "$threads" -c "$2" -d "${DURATION}s" --latency -s "$OUT/post.lua" "$(url "$1")" > "$OUT/wrk.txt" 2>&1
  python3 - "$OUT/wrk.txt" <<'EOF'
import re, sys
t = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\b", t, re.M)
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
errors = sum(int(x) for x in re.findall(r"Non-2xx or 3xx responses: (\d+)", t))
socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
errors += sum(int(x) for x in socket.groups()) if socket else 0
print(f"{rps:.0f} {ms('50%'):.2f} {ms('99%'):.2f} {errors}")
EOF
}

{
  echo "| server | connections | requests/s | p50 (ms) | p99 (ms) | errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
} > "$OUT/load.md"
declare -A rps
for c in 1 8 32; do
  for s in cpp py1 py2; do
    case $s in
      cpp) p=$P_CPP; name="llmlings (C++, cpp-httplib)" ;;
      py1) p=$P_PY1; name="FastAPI + PyTorch, 1 worker" ;;
      py2) p=$P_PY2; name="FastAPI + PyTorch, 2 workers" ;;
    esac
    read -r r p50 p99 errors <<< "$(run "$p" "$c")"
    rps[$s$c]=$r
    echo "| $name | $c | $r | $p50 | $p99 | $errors |" | tee -a "$OUT/load.md"
  done
done
{
  echo
  echo "Peak memory (VmHWM): llmlings $(peak_mb "$PID_CPP") MB; FastAPI 1 worker $(peak_mb "$PID_PY1") MB;" \
       "FastAPI 2 workers $(peak_mb "$PID_PY2") MB (master and workers)."
  for c in 1 8 32; do
    echo "Throughput at $c: $(echo "scale=1; ${rps[cpp$c]} / ${rps[py1$c]}" | bc)× FastAPI's 1 worker," \
         "$(echo "scale=1; ${rps[cpp$c]} / ${rps[py2$c]}" | bc)× its 2 workers."
  done
} | tee -a "$OUT/load.md"
echo "mlops_load: table in $OUT/load.md"
