# shellcheck shell=bash
# Shared helpers for ops/db, ops/test and ops/bench. Source it; do not run it.

# Find the repository from this file's location so the scripts work from any cwd.
DX_OPS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
DX_ROOT="$(dirname "$DX_OPS_DIR")"
# git-ignored; everything of the private cluster lives here. DXEVENTS_PGROOT names another one (ops/drill's own).
DX_PGROOT="${DXEVENTS_PGROOT:-$DX_ROOT/.pgdata}"
DX_PGDATA="$DX_PGROOT/data"       # the cluster itself (initdb wants an empty or missing dir)
DX_PGSOCK="$DX_PGROOT/sock"       # unix sockets stay private instead of /var/run/postgresql
DX_PGLOG="$DX_PGROOT/log"
DX_PGPORT_FILE="$DX_PGROOT/port"

dx_log() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }
dx_die() { dx_log "error: $*"; exit 1; }

dx_is_root() { [[ $(id -u) -eq 0 ]]; }

# Root installs directly; anyone else needs sudo. Both go through env, so callers may pass
# VAR=value words first (a bare "$@" would try to run "DEBIAN_FRONTEND=…" as a command).
dx_as_admin() {
  if dx_is_root; then env "$@"
  elif command -v sudo >/dev/null; then sudo env "$@"
  else dx_die "need root or sudo to run: $*"
  fi
}

# Fresh CI machines have no server; install Debian's package only when it is missing.
dx_install_postgres() {
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null && return 0
  dx_log "no PostgreSQL server found, installing the Debian postgresql package"
  dx_as_admin DEBIAN_FRONTEND=noninteractive apt-get update >&2
  dx_as_admin DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || dx_die "postgresql installed but no server binary found"
}

# The browser tests (tests/DxEvents.Web.Tests) drive Debian's chromium through Playwright, which downloads no browser
# here; install the package only when it is missing. DXEVENTS_CHROMIUM names another browser binary instead.
dx_install_chromium() {
  if [[ -n ${DXEVENTS_CHROMIUM:-} ]]; then
    [[ -x $DXEVENTS_CHROMIUM ]] || dx_die "DXEVENTS_CHROMIUM=$DXEVENTS_CHROMIUM is not an executable"
    return 0
  fi
  [[ -x /usr/bin/chromium ]] && return 0
  dx_log "no chromium found, installing the Debian chromium package (browser tests)"
  dx_as_admin DEBIAN_FRONTEND=noninteractive apt-get update >&2
  dx_as_admin DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2
  [[ -x /usr/bin/chromium ]] || dx_die "chromium installed but /usr/bin/chromium is missing"
}

# The workbook tests read the produced .xlsx files with openpyxl (Debian's python3-openpyxl), a reader independent of the
# writer; Debian's own /usr/bin/python3, whatever python3 comes first on PATH. Installed only when missing.
dx_install_openpyxl() {
  /usr/bin/python3 -c 'import openpyxl' 2>/dev/null && return 0
  dx_log "no openpyxl found, installing the Debian python3-openpyxl package (workbook tests)"
  dx_as_admin DEBIAN_FRONTEND=noninteractive apt-get update >&2
  dx_as_admin DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-openpyxl >&2
  /usr/bin/python3 -c 'import openpyxl' 2>/dev/null || dx_die "python3-openpyxl installed but /usr/bin/python3 cannot import openpyxl"
}

# OpenApiTests lints the served OpenAPI document with Redocly CLI (npm @redocly/cli), installed once per version into .tools/
# (git-ignored); DXEVENTS_REDOCLY names the binary for the tests. Debian's nodejs and npm are installed when npm is missing.
DX_REDOCLY_VERSION=2.77.0
dx_install_redocly() {
  local dir="$DX_ROOT/.tools/redocly-$DX_REDOCLY_VERSION"
  if [[ ! -x $dir/node_modules/.bin/redocly ]]; then
    if ! command -v npm >/dev/null; then
      dx_log "no npm found, installing the Debian nodejs and npm packages (OpenAPI lint)"
      dx_as_admin DEBIAN_FRONTEND=noninteractive apt-get update >&2
      dx_as_admin DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm >&2
    fi
    dx_log "installing @redocly/cli@$DX_REDOCLY_VERSION into $dir (OpenAPI lint)"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "@redocly/cli@$DX_REDOCLY_VERSION" >&2
  fi
  export DXEVENTS_REDOCLY="$dir/node_modules/.bin/redocly"
}

# Binaries of the version that created the cluster (a newer server cannot open an older
# data folder); otherwise the highest installed version.
dx_pg_bin() {
  local v
  if [[ -r $DX_PGDATA/PG_VERSION ]]; then
    v="$(<"$DX_PGDATA/PG_VERSION")"
    if [[ -x /usr/lib/postgresql/$v/bin/postgres ]]; then
      echo "/usr/lib/postgresql/$v/bin"; return 0
    fi
    dx_die "cluster in $DX_PGDATA is version $v but /usr/lib/postgresql/$v is not installed"
  fi
  v="$(compgen -G '/usr/lib/postgresql/*/bin/postgres' | sort -V | tail -n 1)" || true
  [[ -n $v ]] || dx_die "no PostgreSQL server installed (run ops/db start to install it)"
  dirname "$v"
}

# initdb, pg_ctl and postgres refuse to run as root: as root, use the postgres system user
# created by the Debian package. cd / so it never warns about an unreadable cwd (e.g. /root).
dx_as_pg() {
  if dx_is_root; then
    id postgres >/dev/null 2>&1 || dx_die "no 'postgres' system user; install the Debian postgresql package"
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

dx_port() {
  [[ -s $DX_PGPORT_FILE ]] || return 1
  cat "$DX_PGPORT_FILE"
}

dx_url() {
  local port; port="$(dx_port)" || dx_die "private cluster has no port yet; run ops/db start"
  echo "Host=127.0.0.1;Port=$port;Username=dxevents;Password=dxevents;Database=dxevents"
}

# The schema's owner: applies Marten's, DxEvents' and Wolverine's schema and grants the service's roles (never used to serve).
dx_owner_url() {
  local port; port="$(dx_port)" || dx_die "private cluster has no port yet; run ops/db start"
  echo "Host=127.0.0.1;Port=$port;Username=dxevents_owner;Password=dxevents;Database=dxevents"
}

# Superuser over TCP (trust auth), for tests that tamper with rows like an administrator.
dx_admin_url() {
  local port; port="$(dx_port)" || dx_die "private cluster has no port yet; run ops/db start"
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=dxevents"
}

# For ops/test and ops/bench: use DXEVENTS_DB if the user gave one, otherwise the private
# cluster, which is stopped on exit only if we were the ones who started it.
dx_use_database() {
  if [[ -n ${DXEVENTS_DB:-} ]]; then
    dx_log "using DXEVENTS_DB from the environment; private cluster untouched"
    return 0
  fi
  if ! "$DX_OPS_DIR/db" status >/dev/null 2>&1; then
    "$DX_OPS_DIR/db" start
    trap '"$DX_OPS_DIR/db" stop || true' EXIT
    # Turn Ctrl-C / kill into a normal exit so the EXIT trap still stops the cluster.
    trap 'exit 130' INT
    trap 'exit 143' TERM
  fi
  DXEVENTS_DB="$("$DX_OPS_DIR/db" url)"
  DXEVENTS_DB_ADMIN="$("$DX_OPS_DIR/db" admin-url)"
  DXEVENTS_OWNER_DB="$("$DX_OPS_DIR/db" owner-url)"
  export DXEVENTS_DB DXEVENTS_DB_ADMIN DXEVENTS_OWNER_DB
}
