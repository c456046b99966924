#!/usr/bin/env bash
# Validates the MLOps capstone's deployment files offline (the self-test's `deploy` step):
#   - Prometheus: promtool checks the configuration and the rules, and runs the rules' unit tests
#     (projects/mlops/deploy/prometheus/rules_test.yml);
#   - Kubernetes (projects/mlops/deploy/kubernetes): each overlay (dev, prod, gpu) renders with
#     kustomize (`kustomize build`, else `kubectl kustomize`); every rendered object passes
#     tools/check-kubernetes.py: its fields and types against python3-kubernetes' models (the
#     Prometheus Operator's ServiceMonitor and PrometheusRule against the script's own schema of
#     them), then the objects against each other (selectors, named ports, references, the HPA,
#     the PDB, the GPU toleration, the drain); the PrometheusRule holds rules.yml's rules;
#   - negative tests: a base with a typo'd field, rendered, is refused, and so is each
#     purpose-broken copy of the rendered prod overlay and of the workflow (a wrong type, a wrong
#     apiVersion or kind, a missing field, a selector that selects nothing, a broken job chain...);
#   - the CI/CD workflow (projects/mlops/deploy/ci/pipeline.yml): its jobs form the chain train →
#     evaluate → gate → build → deploy, every path and command it names exists, its shell steps
#     pass shellcheck and its Python snippets compile; actionlint too where installed (Debian 12
#     and 13 do not package it);
#   - every YAML file under projects/mlops/deploy passes yamllint (.yamllint beside them).
# A tool that is not installed fails the step. The self-test installs them: prometheus, yamllint,
# python3-kubernetes, shellcheck, and kustomize (Debian 13) or, where no kubectl is installed,
# kubernetes-client (Debian 12: kubectl 1.20, whose built-in kustomize is v2.0.3; the overlays
# are written for that version and for v5 alike).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEPLOY=$ROOT/projects/mlops/deploy
K8S=$DEPLOY/kubernetes
WORKFLOW=$DEPLOY/ci/pipeline.yml
OVERLAYS=(dev prod gpu)

need() { command -v "$1" > /dev/null || { echo "check-deploy: $1 is missing (apt-get install $2)"; exit 1; }; }
need promtool prometheus
need yamllint yamllint
need shellcheck shellcheck
# Debian's python3-kubernetes is seen by Debian's interpreter, not by a python3 earlier on PATH
# (pyenv, a virtual environment).
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=$(command -v python3) || { echo "check-deploy: python3 is missing (apt-get install python3)"; exit 1; }
CHECK=("$PYTHON" "$ROOT/tools/check-kubernetes.py")

# kustomize: the standalone one (Debian 13's package) when there is one, else kubectl's built-in.
if command -v kustomize > /dev/null; then
  render() { kustomize build "$1"; }
  version=$(kustomize version 2>/dev/null | sed -n 1p) || version="?"  # sed reads all: no SIGPIPE
  # Debian's build says "(devel)"; its package version says more.
  [ "$version" != "(devel)" ] || version=$(dpkg-query -W -f='${Version}' kustomize 2>/dev/null || echo "$version")
  renderer="kustomize build ($version)"
elif command -v kubectl > /dev/null; then
  render() { kubectl kustomize "$1"; }
  version=$(kubectl version --client 2>/dev/null | sed -n '1{s/.*GitVersion:"\([^"]*\)".*/\1/; s/^Client Version: //; p}') ||
    version="?"
  renderer="kubectl kustomize ($version)"
else
  echo "check-deploy: neither kustomize nor kubectl is installed (apt-get install kustomize on Debian 13," \
    "kubernetes-client on Debian 12)"
  exit 1
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cd "$DEPLOY/prometheus"
promtool check config prometheus.yml
promtool check rules rules.yml
promtool test rules rules_test.yml

# render DIR OUT: renders an overlay; kustomize v5's notes that `bases:` and
# `patchesStrategicMerge:` are deprecated (kept for v2.0.3) are left out, anything else is shown.
render_to() {
  if ! render "$1" > "$2" 2> "$TMP/stderr"; then
    cat "$TMP/stderr"
    echo "check-deploy: ${1#"$ROOT"/} does not render with $renderer"
    return 1
  fi
  grep -v "^# Warning: '\(bases\|patchesStrategicMerge\)' is deprecated" "$TMP/stderr" || true
}

"${CHECK[@]}" kustomizations
echo "check-deploy: rendering with $renderer"
rendered=()
for overlay in "${OVERLAYS[@]}"; do
  render_to "$K8S/overlays/$overlay" "$TMP/$overlay.yaml"
  rendered+=("$overlay=$TMP/$overlay.yaml")
done
"${CHECK[@]}" rules
"${CHECK[@]}" objects "${rendered[@]}"

# Negative tests. First end to end: a copy of the manifests whose base has a typo'd field.
cp -r "$K8S" "$TMP/broken"
sed -i 's/readinessProbe:/readinesProbe:/' "$TMP/broken/base/deployment.yaml"
render_to "$TMP/broken/overlays/dev" "$TMP/broken-dev.yaml"
if "${CHECK[@]}" objects "broken-dev=$TMP/broken-dev.yaml" > "$TMP/broken.txt"; then
  cat "$TMP/broken.txt"
  echo "check-deploy: a base with 'readinesProbe:' passed the check: the check is broken"
  exit 1
fi
hit=$(grep -m1 "unknown field 'readinesProbe'" "$TMP/broken.txt") ||
  { cat "$TMP/broken.txt"; echo "check-deploy: a base with 'readinesProbe:' was refused, but not for its typo"; exit 1; }
echo "check-deploy: refused as it should, a base with a typo'd field: ${hit#check-kubernetes: }"
# Then purpose-broken copies of the rendered prod overlay and of the workflow, in memory.
"${CHECK[@]}" negative "$TMP/prod.yaml" "$WORKFLOW"

"${CHECK[@]}" workflow "$WORKFLOW" "$TMP/prod.yaml"
if command -v actionlint > /dev/null; then
  actionlint "$WORKFLOW"
  echo "check-deploy: actionlint passes the workflow"
else
  echo "check-deploy: actionlint is not installed (Debian 12 and 13 do not package it): skipped; the checks above" \
    "cover the job chain, shellcheck on the steps and the Python snippets"
fi

cd "$DEPLOY"
mapfile -t yaml < <(find . -name '*.yml' -o -name '*.yaml' | sort)
yamllint --strict -c "$DEPLOY/.yamllint" "${yaml[@]}"
echo "check-deploy: ${#yaml[@]} YAML files clean under yamllint; Prometheus config, rules and rule tests pass;" \
  "the ${#OVERLAYS[@]} Kubernetes overlays render and check; the CI workflow checks"
