#!/usr/bin/env bash
# The real data sets, from Debian packages, into .data/ (never committed; see shared/DATASETS.md).
#
#   tools/fetch-data.sh          fetch what is missing, then check every data set
#   tools/fetch-data.sh --check  only check (exit 1 if something is missing or wrong)
#
# What it does, per Debian package: `apt-get download` into the cache .data/debs/ (no root needed
# once the package lists exist; nothing is installed), `dpkg-deb -x` into .data/root/, then copies
# (or gunzips) the data files to plain files in .data/, which is what include/llmlings/data.hpp
# reads. Finally it counts the rows of every derived file and prints one line per data set:
#   ✓ iris                 150 rows  python3-sklearn 1.2.1+dfsg-1
# A second run finds every file in place and only checks. No Python, no web downloads: the .debs
# come from the configured Debian mirror and apt checks their hashes.
#
# LLMLINGS_DATA_DIR overrides the destination (default: .data at the repository root).
# Exit status: 0 all data sets present and of the expected size; 1 otherwise (the message says why).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA=${LLMLINGS_DATA_DIR:-$ROOT/.data}
DEBS=$DATA/debs
UNPACKED=$DATA/root
SOURCES=$DATA/sources.txt   # "package version" of every package a file was derived from

if [ -t 1 ]; then G=$'\e[32m' R=$'\e[31m' D=$'\e[2m' N=$'\e[0m'; else G='' R='' D='' N=''; fi
die() { printf '%sfetch-data: %s%s\n' "$R" "$*" "$N" >&2; exit 1; }

CHECK_ONLY=0
case "${1:-}" in
  "") ;;
  --check) CHECK_ONLY=1 ;;
  -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; exit 0 ;;
  *) die "unknown argument '$1' (try --help)" ;;
esac

SKLEARN=/usr/lib/python3/dist-packages/sklearn/datasets/data
PENGUINS=/usr/lib/R/site-library/palmerpenguins/extdata
FANN=/usr/share/doc/libfann-dev/examples/datasets

# The data sets: "name|derived file|package|path in the package|how|expected rows|header lines".
# how: copy, gunzip, or fann (copy; rows are samples = (lines - 1) / 2, checked against the header).
DATASETS=(
  "iris|iris.csv|python3-sklearn|$SKLEARN/iris.csv|copy|150|1"
  "wine|wine_data.csv|python3-sklearn|$SKLEARN/wine_data.csv|copy|178|1"
  "breast_cancer|breast_cancer.csv|python3-sklearn|$SKLEARN/breast_cancer.csv|copy|569|1"
  "diabetes (data)|diabetes_data_raw.csv|python3-sklearn|$SKLEARN/diabetes_data_raw.csv.gz|gunzip|442|0"
  "diabetes (target)|diabetes_target.csv|python3-sklearn|$SKLEARN/diabetes_target.csv.gz|gunzip|442|0"
  "digits|digits.csv|python3-sklearn|$SKLEARN/digits.csv.gz|gunzip|1797|0"
  "boston|boston_house_prices.csv|python3-sklearn|$SKLEARN/boston_house_prices.csv|copy|506|2"
  "penguins|penguins.csv|r-cran-palmerpenguins|$PENGUINS/penguins.csv|copy|344|1"
  "census-house (train)|census-house.train|libfann-doc|$FANN/census-house.train|fann|11392|1"
  "census-house (test)|census-house.test|libfann-doc|$FANN/census-house.test|fann|11392|1"
)

# ---- fetching -------------------------------------------------------------------------------

# cached_deb PACKAGE: the path of the package's .deb in the cache, or nothing.
cached_deb() {
  local f
  for f in "$DEBS/$1"_*.deb; do [ -f "$f" ] && { printf '%s\n' "$f"; return 0; }; done
  return 1
}

# download PACKAGE...: apt-get download into the cache; when apt's package lists are missing or
# stale, refresh them once (root) or print the command that would (not root) and exit 1.
download() {
  local opts=(-q) log
  # As root, apt downloads as the _apt user, which may not be allowed to write here; it then
  # falls back to root with a warning. Ask for root directly (same result, no warning).
  [ "$(id -u)" -eq 0 ] && opts+=(-o APT::Sandbox::User=root)
  mkdir -p "$DEBS" || die "cannot create $DEBS"
  log=$(cd "$DEBS" && apt-get download "${opts[@]}" "$@" 2>&1) && return 0
  # Unknown package (no lists) or a version the mirror no longer has (stale lists: 404).
  if grep -qE "Unable to locate package|no installation candidate|no candidate|404 +Not Found" <<<"$log"; then
    if [ "$(id -u)" -ne 0 ]; then
      printf '%s\n' "$log" >&2
      die "apt does not know $* (the package lists are missing or stale). Run:
    sudo apt-get update -q
then run this script again."
    fi
    echo "${D}apt does not know $*; refreshing the package lists once (apt-get update -q)${N}"
    apt-get update -q > /dev/null || die "apt-get update failed"
    log=$(cd "$DEBS" && apt-get download "${opts[@]}" "$@" 2>&1) && return 0
  fi
  printf '%s\n' "$log" >&2
  die "cannot download $* with apt-get (see apt's message above; is a Debian 12 mirror configured and reachable?)"
}

# unpack PACKAGE: make sure the package's files are under $UNPACKED; records its version.
unpack() {
  local pkg=$1 deb version stamp
  deb=$(cached_deb "$pkg") || { download "$pkg"; deb=$(cached_deb "$pkg") || die "apt-get download left no $pkg .deb in $DEBS"; }
  version=$(dpkg-deb -f "$deb" Version) || die "$deb is not a Debian package (delete it and run again)"
  stamp="$UNPACKED/.unpacked-$pkg-$version"
  if [ ! -f "$stamp" ]; then
    mkdir -p "$UNPACKED" || die "cannot create $UNPACKED"
    dpkg-deb -x "$deb" "$UNPACKED" || die "dpkg-deb -x $deb failed"
    touch "$stamp"
  fi
  { grep -v "^$pkg " "$SOURCES" 2>/dev/null; echo "$pkg $version"; } > "$SOURCES.tmp" && mv "$SOURCES.tmp" "$SOURCES"
}

# derive FILE PACKAGE PATH HOW: write $DATA/FILE from the package's PATH (atomically).
derive() {
  local file=$1 pkg=$2 path=$3 how=$4 src
  src=$UNPACKED$path
  [ -f "$src" ] || unpack "$pkg"
  [ -f "$src" ] || die "$pkg does not contain $path (a different package version?)"
  case $how in
    gunzip) gunzip -c "$src" > "$DATA/$file.tmp" || die "cannot gunzip $src into $DATA/$file" ;;
    *)      cp "$src" "$DATA/$file.tmp" || die "cannot copy $src to $DATA/$file" ;;
  esac
  mv "$DATA/$file.tmp" "$DATA/$file" || die "cannot write $DATA/$file"
}

if [ "$CHECK_ONLY" -eq 0 ]; then
  for tool in apt-get dpkg-deb gunzip; do
    command -v "$tool" > /dev/null || die "'$tool' not found: this script needs Debian's apt, dpkg and gzip"
  done
  mkdir -p "$DATA" || die "cannot create $DATA"
  # Download every missing package in one apt-get call, then derive the missing files.
  missing_pkgs=()
  for entry in "${DATASETS[@]}"; do
    IFS='|' read -r _ file pkg path _ _ _ <<<"$entry"
    [ -f "$DATA/$file" ] || [ -f "$UNPACKED$path" ] || cached_deb "$pkg" > /dev/null ||
      [[ " ${missing_pkgs[*]} " == *" $pkg "* ]] || missing_pkgs+=("$pkg")
  done
  [ ${#missing_pkgs[@]} -eq 0 ] || { echo "${D}apt-get download ${missing_pkgs[*]}${N}"; download "${missing_pkgs[@]}"; }
  for entry in "${DATASETS[@]}"; do
    IFS='|' read -r _ file pkg path how _ _ <<<"$entry"
    [ -f "$DATA/$file" ] || derive "$file" "$pkg" "$path" "$how"
  done
fi

# ---- checking -------------------------------------------------------------------------------
bad=0
for entry in "${DATASETS[@]}"; do
  IFS='|' read -r name file pkg _ how rows header <<<"$entry"
  f=$DATA/$file
  version=$(awk -v p="$pkg" '$1 == p { print $2 }' "$SOURCES" 2>/dev/null)
  if [ ! -f "$f" ]; then
    printf '%s✗ %-22s missing: %s (run tools/fetch-data.sh)%s\n' "$R" "$name" "$f" "$N"; bad=1; continue
  fi
  lines=$(awk 'END { print NR }' "$f")
  found=$((lines - header))
  note=""
  if [ "$how" = fann ]; then
    found=$(( (lines - 1) / 2 ))
    declared=$(awk 'NR == 1 { print $1 }' "$f")
    [ "$declared" = "$rows" ] && [ $(( (lines - 1) % 2 )) -eq 0 ] || note=" (header says ${declared:-nothing}, $lines lines)"
  elif [ "$header" -gt 0 ] && [ "$file" != penguins.csv ]; then
    declared=$(awk -F, 'NR == 1 { print $1 }' "$f")   # the sklearn metadata line: n,d,...
    [ "$declared" = "$rows" ] || note=" (metadata line says ${declared:-nothing})"
  fi
  if [ "$found" -eq "$rows" ] && [ -z "$note" ]; then
    printf '%s✓%s %-22s %6d rows  %s%s %s%s\n' "$G" "$N" "$name" "$found" "$D" "$pkg" "${version:-?}" "$N"
  else
    printf '%s✗ %-22s %6d rows, expected %d%s: %s (delete it and run tools/fetch-data.sh)%s\n' \
      "$R" "$name" "$found" "$rows" "$note" "$f" "$N"
    bad=1
  fi
done
[ "$bad" -eq 0 ] || { echo "${R}fetch-data: some data sets are missing or have the wrong size${N}" >&2; exit 1; }
