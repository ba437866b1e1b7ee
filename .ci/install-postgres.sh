#!/usr/bin/env bash
# Ensure a local PostgreSQL with the pgvector extension is available for the tests:
#   - server running and accepting connections on 127.0.0.1:5432 (trust auth for user postgres)
#   - database tessera_test exists with `CREATE EXTENSION vector` done
# Idempotent: when everything is already there it touches neither apt nor the build tools.
# Debian/Ubuntu only. Needs root (or passwordless sudo) only when something must be installed/started.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

PGHOST_ADDR=127.0.0.1
PGPORT_NUM=5432
TEST_DB=tessera_test
FALLBACK_MAJOR=15

log()  { echo "[install-postgres] $*"; }
die()  { echo "[install-postgres] ERROR: $*" >&2; exit 1; }

BUILD_TMP=""
PSQL=(psql -X -q -At -h "$PGHOST_ADDR" -p "$PGPORT_NUM" -U postgres -w)

# ---- privilege helper (only used when something must be changed) -------------------------------
SUDO=()
need_root() {
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); return 0; fi
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=(sudo -n); return 0; fi
  die "root privileges are needed to $1, but this is not root and passwordless sudo is unavailable.
  Re-run as root (e.g. 'sudo bash $0') or install PostgreSQL + pgvector yourself."
}
as_root() { "${SUDO[@]}" "$@"; }

# Run a command quietly; on failure show the tail of its output and stop.
quiet() {
  local out rc=0
  out=$(mktemp)
  "$@" >"$out" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    tail -n 40 "$out" >&2; rm -f "$out"
    die "command failed (exit $rc): $*"
  fi
  rm -f "$out"
}

APT_UPDATED=0
apt_update_once() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    quiet as_root env DEBIAN_FRONTEND=noninteractive apt-get -y -q update
    APT_UPDATED=1
  fi
}
apt_install() {
  apt_update_once
  log "apt-get install $*"
  quiet as_root env DEBIAN_FRONTEND=noninteractive apt-get -y -q install --no-install-recommends "$@"
}

# ---- helpers ------------------------------------------------------------------------------------
server_ready() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$PGHOST_ADDR" -p "$PGPORT_NUM" >/dev/null 2>&1; }
can_connect()  { "${PSQL[@]}" -d postgres -c 'SELECT 1' >/dev/null 2>&1; }
vector_available() {
  [ "$("${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_available_extensions WHERE name='vector'" 2>/dev/null)" = "1" ]
}

# Major version of the installed server (newest under /usr/lib/postgresql with a postgres binary).
installed_major() {
  local d best=""
  for d in /usr/lib/postgresql/*/bin/postgres; do
    [ -x "$d" ] || continue
    d=${d#/usr/lib/postgresql/}; d=${d%%/*}
    if [ -z "$best" ] || [ "${d%%.*}" -gt "${best%%.*}" ] 2>/dev/null; then best=$d; fi
  done
  echo "$best"
}

# Major version of the cluster serving port 5432 (or empty).
cluster_on_port() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 0
  pg_lsclusters -h 2>/dev/null | awk -v p="$PGPORT_NUM" '$3==p {print $1" "$2; exit}'
}

start_server() {
  local cl ver name
  cl=$(cluster_on_port)
  if [ -z "$cl" ]; then
    ver=$(installed_major); ver=${ver:-$FALLBACK_MAJOR}
    if command -v pg_lsclusters >/dev/null 2>&1 && pg_lsclusters -h 2>/dev/null | awk -v v="$ver" '$1==v && $2=="main"{f=1} END{exit !f}'; then
      die "cluster $ver/main exists but does not use port $PGPORT_NUM; fix its 'port' in /etc/postgresql/$ver/main/postgresql.conf"
    fi
    need_root "create a PostgreSQL cluster"
    log "creating cluster $ver/main on port $PGPORT_NUM"
    as_root pg_createcluster -p "$PGPORT_NUM" "$ver" main >/dev/null
    cl="$ver main"
  fi
  ver=${cl%% *}; name=${cl#* }
  need_root "start the PostgreSQL cluster $ver/$name"
  log "starting cluster $ver/$name"
  as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start || true
}

wait_ready() {
  local i
  for i in $(seq 1 30); do
    server_ready && return 0
    sleep 1
  done
  return 1
}

# Make local / 127.0.0.1 / ::1 connections use trust auth (test machine only).
ensure_trust_auth() {
  can_connect && return 0
  local cl ver name hba
  cl=$(cluster_on_port)
  [ -n "$cl" ] || die "cannot connect as postgres to $PGHOST_ADDR:$PGPORT_NUM and no Debian cluster found to configure"
  ver=${cl%% *}; name=${cl#* }
  hba=/etc/postgresql/$ver/$name/pg_hba.conf
  need_root "configure trust authentication in $hba"
  log "configuring trust auth for local/127.0.0.1/::1 in $hba (backup: $hba.bak-install-postgres)"
  [ -e "$hba.bak-install-postgres" ] || as_root cp -p "$hba" "$hba.bak-install-postgres"
  local tmp; tmp=$(mktemp)
  {
    echo "# added by .ci/install-postgres.sh (test machine: trust local connections)"
    echo "local   all   all                 trust"
    echo "host    all   all   127.0.0.1/32  trust"
    echo "host    all   all   ::1/128       trust"
    grep -v '^# added by .ci/install-postgres.sh' "$hba" \
      | grep -vE '^(local|host)[[:space:]]+all[[:space:]]+all[[:space:]]+((127\.0\.0\.1/32|::1/128)[[:space:]]+)?trust[[:space:]]*$' || true
  } > "$tmp"
  as_root cp "$tmp" "$hba"; rm -f "$tmp"
  as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" reload
  sleep 1
  can_connect || die "still cannot connect as postgres to $PGHOST_ADDR:$PGPORT_NUM after enabling trust auth"
}

# Debian mirror used by the existing apt sources (fallback deb.debian.org).
debian_mirror() {
  local m=""
  m=$( { cat /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -E '^[[:space:]]*URIs:' | sed -E 's/^[[:space:]]*URIs:[[:space:]]*//' | tr ' ' '\n'
         cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | grep -E '^[[:space:]]*deb(-src)?[[:space:]]' \
           | sed -E 's/\[[^]]*\]//' | awk '{print $2}'; } \
       | grep -E '^https?://[^ ]*/debian/?$' | head -n1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

build_pgvector_from_source() {
  local major=$1 pgconfig src mirror dir
  pgconfig=/usr/lib/postgresql/$major/bin/pg_config
  src=/etc/apt/sources.list.d/trixie-src.list
  if ! grep -qsE '^[[:space:]]*deb-src[[:space:]].*[[:space:]]trixie[[:space:]]' "$src"; then
    mirror=$(debian_mirror)
    log "adding deb-src (source only) for Debian trixie from $mirror in $src"
    echo "deb-src $mirror trixie main" | as_root tee "$src" >/dev/null
    APT_UPDATED=0
  fi
  apt_install "postgresql-server-dev-$major" build-essential dpkg-dev
  [ -x "$pgconfig" ] || die "$pgconfig not found after installing postgresql-server-dev-$major"
  BUILD_TMP=$(mktemp -d /tmp/pgvector-build.XXXXXX)
  trap 'rm -rf "${BUILD_TMP:-}"' EXIT
  log "fetching pgvector source package (trixie) into $BUILD_TMP"
  ( cd "$BUILD_TMP" && quiet as_root env DEBIAN_FRONTEND=noninteractive apt-get -y -q source pgvector )
  dir=$(find "$BUILD_TMP" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n1)
  [ -n "$dir" ] || die "pgvector source directory not found in $BUILD_TMP"
  log "building $(basename "$dir") against PostgreSQL $major ($pgconfig)"
  quiet as_root make -C "$dir" PG_CONFIG="$pgconfig"
  quiet as_root make -C "$dir" PG_CONFIG="$pgconfig" install
  rm -rf "$BUILD_TMP"; BUILD_TMP=""; trap - EXIT
}

install_pgvector() {
  local major
  major=$("${PSQL[@]}" -d postgres -c "SELECT current_setting('server_version_num')::int / 10000" 2>/dev/null || true)
  [ -n "$major" ] || major=$(installed_major)
  major=${major:-$FALLBACK_MAJOR}
  need_root "install pgvector"
  local codename=""
  codename=$( . /etc/os-release 2>/dev/null && echo "${ID:-}:${VERSION_CODENAME:-}" ) || true
  case "$codename" in
    # These releases have no pgvector binary package: go straight to the source build
    # (saves one 'apt-get update').
    debian:bookworm|debian:bullseye) build_pgvector_from_source "$major"; return ;;
  esac
  apt_update_once
  # Newer Debian/Ubuntu releases ship a binary package; use it when the current release has one.
  if apt-cache policy "postgresql-$major-pgvector" 2>/dev/null | grep -qE 'Candidate: [0-9]'; then
    apt_install "postgresql-$major-pgvector"
  else
    build_pgvector_from_source "$major"
  fi
}

# ---- 1. PostgreSQL server installed? ------------------------------------------------------------
if ! server_ready && [ -z "$(installed_major)" ]; then
  need_root "install PostgreSQL"
  log "PostgreSQL not found; installing it from the distribution packages"
  apt_install postgresql postgresql-contrib
fi
command -v psql >/dev/null 2>&1 || { need_root "install the PostgreSQL client"; apt_install postgresql-client; }

# ---- 2. server running on 127.0.0.1:5432? -------------------------------------------------------
if ! server_ready; then
  start_server
  log "waiting for $PGHOST_ADDR:$PGPORT_NUM (up to 30 s)"
  wait_ready || die "PostgreSQL is not accepting connections on $PGHOST_ADDR:$PGPORT_NUM (see /var/log/postgresql/)"
fi
log "server accepting connections on $PGHOST_ADDR:$PGPORT_NUM"
ensure_trust_auth

# ---- 3. pgvector available? ---------------------------------------------------------------------
if vector_available; then
  log "pgvector already available"
else
  log "pgvector not available; installing it"
  install_pgvector
  vector_available || die "pgvector was installed but the server does not list the 'vector' extension"
fi

# ---- 4. test database + extension ---------------------------------------------------------------
if [ "$("${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname='$TEST_DB'")" != "1" ]; then
  log "creating database $TEST_DB"
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE $TEST_DB OWNER postgres"
fi
"${PSQL[@]}" -d "$TEST_DB" -c "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS vector"
ver=$("${PSQL[@]}" -d "$TEST_DB" -c "SELECT extversion FROM pg_extension WHERE extname='vector'")
log "ready: database $TEST_DB on $PGHOST_ADDR:$PGPORT_NUM, vector extension version $ver"
