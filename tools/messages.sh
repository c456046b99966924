#!/usr/bin/env bash
# The learner's language and the message catalogue, for ./llmlings and tools/fetch-data.sh (source
# this file after setting ROOT and the colours B D R G Y C N, empty when not on a terminal).
#
#   LL        the learner's language, en or ko: LLMLINGS_LANG, else .llmlings/lang (written by
#             ./llmlings lang), else a Korean locale (LC_ALL, LC_MESSAGES, LANG: ko*), else en
#   LL_FROM   the message key naming what chose it; LOCALE the locale's name
#   m KEY ARG...    message KEY of i18n/$LL.msg (i18n/en.msg where that lacks it), {1}, {2}, …
#                   replaced by the arguments, {B} … {N} by the colours, \n by a newline
#   msg KEY ARG...  the same and a newline
#   pad TEXT WIDTH  TEXT and spaces up to WIDTH terminal columns (Hangul takes two)
# shellcheck disable=SC2034  # LANGUAGES, LL_FROM and LOCALE are for the script that sources this
LANGUAGES="en ko"
LL=en LL_FROM=lang_default LOCALE=${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}
if [ -n "${LLMLINGS_LANG:-}" ]; then LL=$LLMLINGS_LANG LL_FROM=lang_from_env
elif [ -s "$ROOT/.llmlings/lang" ]; then LL=$(< "$ROOT/.llmlings/lang") LL_FROM=lang_from_file
else
  case $LOCALE in ko*) LL=ko LL_FROM=lang_from_locale ;; esac
fi
case $LL in ko*) LL=ko ;; *) LL=en ;; esac
declare -A MSG=()
read_messages() {  # read_messages: i18n/en.msg, then i18n/$LL.msg over it, into MSG
  local file line
  MSG=()
  for file in "$ROOT/i18n/en.msg" "$ROOT/i18n/$LL.msg"; do
    [ -f "$file" ] || continue
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in ''|'#'*) continue ;; esac
      MSG[${line%% = *}]=${line#* = }
    done < "$file"
    [ "$LL" = en ] && break
  done
}
read_messages
m() {
  local text=${MSG[$1]-"[$1]"} i=0 a
  shift
  # the message's own colours and line breaks first, so that an argument is printed as it is
  text=${text//"{B}"/"${B:-}"}; text=${text//"{D}"/"${D:-}"}; text=${text//"{R}"/"${R:-}"}; text=${text//"{G}"/"${G:-}"}
  text=${text//"{Y}"/"${Y:-}"}; text=${text//"{C}"/"${C:-}"}; text=${text//"{N}"/"${N:-}"}; text=${text//"\n"/$'\n'}
  for a in "$@"; do i=$((i + 1)); text=${text//"{$i}"/"$a"}; done
  printf '%s' "$text"
}
msg() { m "$@"; printf '\n'; }
pad() {
  local text=$1 chars bytes
  # shellcheck disable=SC2030  # the locale of each subshell is the point
  chars=$(LC_ALL=C.UTF-8; printf '%s' "${#text}")
  # shellcheck disable=SC2030
  bytes=$(LC_ALL=C; printf '%s' "${#text}")
  # ASCII is one byte and one column, Hangul three bytes and two columns
  printf '%s%*s' "$text" $(($2 - (bytes + chars) / 2 > 0 ? $2 - (bytes + chars) / 2 : 0)) ''
}
