#!/usr/bin/env bash
# Source this file (". .ci/select-jdk.sh") to select a JDK whose major version is >= 21.
#  - keeps $JAVA_HOME or the `java` on PATH when it is already 21+
#  - otherwise picks the newest JDK under /usr/lib/jvm/* that is 21+
# Exports JAVA_HOME and puts $JAVA_HOME/bin first on PATH. Returns 1 if no such JDK exists.
# Safe to source from shells running with `set -euo pipefail`.

__sj_min=${SELECT_JDK_MIN:-21}

# Print the full version string ("25.0.1", "17.0.15", "1.8.0_292") of the JDK at $1 (its home).
__sj_version() {
  local home=$1 v=""
  if [ -r "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$home/release" 2>/dev/null | head -n1) || v=""
  fi
  if [ -z "$v" ] && [ -x "$home/bin/java" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/^[^ ]* version "\([^"]*\)".*/\1/p' | head -n1) || v=""
  fi
  printf '%s\n' "$v"
}

# Major version from a version string ("1.8.0_292" -> 8, "21.0.2" -> 21, "25" -> 25).
__sj_major() {
  local v=$1
  case "$v" in
    1.*) v=${v#1.} ;;
  esac
  v=${v%%[!0-9]*}
  printf '%s\n' "${v:-0}"
}

# JDK home of a java launcher (resolves /usr/bin/java -> /etc/alternatives -> .../bin/java).
__sj_home_of() {
  local j
  j=$(readlink -f "$1" 2>/dev/null) || j=$1
  dirname "$(dirname "$j")"
}

__sj_select() {
  local home="" ver="" cand v best="" bestver=""

  # 1. $JAVA_HOME already 21+?
  if [ -n "${JAVA_HOME:-}" ] && [ -x "${JAVA_HOME}/bin/java" ]; then
    v=$(__sj_version "$JAVA_HOME")
    if [ "$(__sj_major "$v")" -ge "$__sj_min" ]; then home=$JAVA_HOME; ver=$v; fi
  fi

  # 2. java on PATH already 21+?
  if [ -z "$home" ] && command -v java >/dev/null 2>&1; then
    cand=$(__sj_home_of "$(command -v java)")
    v=$(__sj_version "$cand")
    if [ "$(__sj_major "$v")" -ge "$__sj_min" ]; then home=$cand; ver=$v; fi
  fi

  # 3. newest 21+ JDK under /usr/lib/jvm
  if [ -z "$home" ]; then
    for cand in /usr/lib/jvm/*; do
      [ -d "$cand" ] && [ -x "$cand/bin/java" ] || continue
      [ -L "$cand" ] && continue          # skip alias symlinks (e.g. java-1.17.0-openjdk-amd64)
      v=$(__sj_version "$cand")
      [ "$(__sj_major "$v")" -ge "$__sj_min" ] || continue
      if [ -z "$best" ] || [ "$(printf '%s\n%s\n' "$bestver" "$v" | sort -V | tail -n1)" = "$v" ]; then
        best=$cand; bestver=$v
      fi
    done
    home=$best; ver=$bestver
  fi

  if [ -z "$home" ]; then
    echo "[select-jdk] ERROR: no JDK with major version >= $__sj_min found (checked \$JAVA_HOME, java on PATH, /usr/lib/jvm/*)." >&2
    echo "[select-jdk] Install one, e.g. 'apt-get install openjdk-21-jdk-headless' (Debian 13+) or a Temurin 21+ JDK." >&2
    return 1
  fi

  export JAVA_HOME=$home
  case ":$PATH:" in
    ":$JAVA_HOME/bin:"*) ;;                 # already first
    *) export PATH="$JAVA_HOME/bin:$PATH" ;;
  esac
  echo "[select-jdk] using $JAVA_HOME ($ver)"
}

if (return 0 2>/dev/null); then
  __sj_select
  __sj_rc=$?
  unset -f __sj_version __sj_major __sj_home_of __sj_select
  unset __sj_min
  eval "unset __sj_rc; return $__sj_rc"
else
  echo "[select-jdk] note: this script must be sourced ('. .ci/select-jdk.sh') to affect your shell" >&2
  __sj_select
  exit $?
fi
