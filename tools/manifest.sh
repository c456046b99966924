#!/usr/bin/env bash
# The shell's one reader of manifest.ini: ./llmlings and every script in tools/ source this file
# (CMake reads the manifest with cmake/llmlings_manifest.cmake). Run directly, it prints:
#
#   tools/manifest.sh topics               every topic id, in curriculum order
#   tools/manifest.sh written              the topics that have a solution, in order
#   tools/manifest.sh topic_file ID        the topic's file under solutions/ and exercises/ (ID.hpp or ID.cuh)
#   tools/manifest.sh modules              every module id, in order
#   tools/manifest.sh field SECTION KEY    every value of KEY in [SECTION], e.g. field "topic linalg/01_vectors" hint
#
# Sourced, it defines the functions of the same names; MANIFEST (default: manifest.ini beside
# tools/) names the file.
MANIFEST=${MANIFEST:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/manifest.ini}

topics() { sed -n 's/^\[topic \(.*\)\]$/\1/p' "$MANIFEST"; }
modules() { sed -n 's/^\[module \(.*\)\]$/\1/p' "$MANIFEST"; }
written() {
  local root id
  root=$(dirname "$MANIFEST")
  topics | while read -r id; do
    if [ -f "$root/solutions/$id.hpp" ] || [ -f "$root/solutions/$id.cuh" ]; then printf '%s\n' "$id"; fi
  done
}
# topic_file ID: the topic's file under solutions/ and exercises/: ID.cuh for a topic of kernels
# (nvcc compiles them too), ID.hpp otherwise
topic_file() {
  if [ -f "$(dirname "$MANIFEST")/solutions/$1.cuh" ]; then printf '%s.cuh\n' "$1"; else printf '%s.hpp\n' "$1"; fi
}
# field SECTION KEY: every value of KEY in [SECTION] (keys are written "key = value")
field() {
  awk -v sec="[$1]" -v key="$2" '
    /^\[/ { inside = ($0 == sec); next }
    inside && index($0, key " =") == 1 { v = substr($0, length(key) + 3); sub(/^ /, "", v); print v }
  ' "$MANIFEST"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case ${1:-} in
    topics|written|modules) "$1" ;;
    topic_file) [ $# -eq 2 ] || { echo "usage: tools/manifest.sh topic_file ID" >&2; exit 2; }; topic_file "$2" ;;
    field) [ $# -eq 3 ] || { echo "usage: tools/manifest.sh field SECTION KEY" >&2; exit 2; }; field "$2" "$3" ;;
    *) echo "usage: tools/manifest.sh topics|written|modules|topic_file ID|field SECTION KEY" >&2; exit 2 ;;
  esac
fi
