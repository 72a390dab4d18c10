#!/usr/bin/env bash
# Prints the Debian mirror URI this machine's apt configuration uses for a suite (default: bookworm), so the
# repository never hard-codes a mirror. Reads deb822 *.sources first, then one-line sources.list entries.
# SLUICE_INTEROP_MIRROR overrides; APT_ETC (default /etc/apt) is for testing this script.
set -euo pipefail
suite=${1:-bookworm}
etc=${APT_ETC:-/etc/apt}
if [[ -n ${SLUICE_INTEROP_MIRROR:-} ]]; then echo "$SLUICE_INTEROP_MIRROR"; exit 0; fi

deb822() {
  # One stanza per blank-line-separated block; pick the first enabled "deb" stanza listing the suite.
  awk -v suite="$suite" '
    function flush() {
      if (uris != "" && types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && tolower(enabled) != "no") {
        split(uris, u, " "); print u[1]; found = 1; exit
      }
      uris = ""; types = ""; suites = ""; enabled = ""
    }
    /^[ \t]*#/ { next }
    /^[ \t]*$/ { flush(); next }
    { key = tolower($1); sub(/^[^:]*:[ \t]*/, ""); val = $0
      if (key == "uris:") uris = val; else if (key == "types:") types = val
      else if (key == "suites:") suites = val; else if (key == "enabled:") enabled = val }
    END { if (!found) flush() }
  ' "$@"
}

oneline() {
  # "deb [options] URI SUITE COMPONENTS..."
  sed -e 's/#.*//' "$@" | awk -v suite="$suite" '
    $1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/ && i < NF) i++; i++ }
                  if ($(i + 1) == suite) { print $i; exit } }'
}

files822=() ; fileslist=()
for f in "$etc"/sources.list.d/*.sources; do [[ -f $f ]] && files822+=("$f"); done
[[ -f $etc/sources.list ]] && fileslist+=("$etc/sources.list")
for f in "$etc"/sources.list.d/*.list; do [[ -f $f ]] && fileslist+=("$f"); done

uri=""
if ((${#files822[@]})); then uri=$(for f in "${files822[@]}"; do deb822 "$f"; done | head -n1); fi
if [[ -z $uri ]] && ((${#fileslist[@]})); then uri=$(oneline "${fileslist[@]}" | head -n1); fi
if [[ -z $uri ]]; then
  echo "apt-mirror: no enabled 'deb' source for suite '$suite' in $etc (set SLUICE_INTEROP_MIRROR)" >&2
  exit 1
fi
echo "${uri%/}"
