#!/usr/bin/env bash
# Validates the MLOps capstone's deployment files offline (the self-test's `deploy` step):
#   - Prometheus: promtool checks the configuration and the rules, and runs the rules' unit tests
#     (projects/mlops/deploy/prometheus/rules_test.yml);
#   - every YAML file under projects/mlops/deploy passes yamllint (.yamllint beside them).
# A tool that is not installed fails the step: the self-test installs prometheus and yamllint.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEPLOY=$ROOT/projects/mlops/deploy

need() { command -v "$1" > /dev/null || { echo "check-deploy: $1 is missing (apt-get install $2)"; exit 1; }; }
need promtool prometheus
need yamllint yamllint

cd "$DEPLOY/prometheus"
promtool check config prometheus.yml
promtool check rules rules.yml
promtool test rules rules_test.yml

cd "$DEPLOY"
mapfile -t yaml < <(find . -name '*.yml' -o -name '*.yaml' | sort)
yamllint --strict -c "$DEPLOY/.yamllint" "${yaml[@]}"
echo "check-deploy: ${#yaml[@]} YAML files clean under yamllint; Prometheus config, rules and rule tests pass"
