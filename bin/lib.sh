# shellcheck shell=bash
# Shared helpers for bin/test and bin/run. Source this file; do not execute it.
#   aasm_find_jdk           export JAVA_HOME to a JDK 21+ and put it first on PATH
#   aasm_ensure_postgres    make sure a PostgreSQL answers on $AASM_DB_HOST:$AASM_DB_PORT
#   aasm_ensure_database N  create database N (owner postgres) if it does not exist

aasm_log() { echo "[aasm] $*" >&2; }
aasm_die() { echo "[aasm] ERROR: $*" >&2; exit 1; }

# --- JDK ---------------------------------------------------------------------

# Prints the feature version of a java binary (8 for "1.8.0_x", 21 for "21.0.2"), or nothing.
aasm_java_major() {
  [[ -x "$1" ]] || return 0
  "$1" -version 2>&1 | awk -F'"' '/version "/ { split($2, v, "."); m = (v[1] == "1") ? v[2] : v[1];
                                                sub(/[^0-9].*/, "", m); print m; exit }'
}

# Succeeds if directory $1 is a JDK (java + javac) of version 21 or newer.
aasm_is_jdk21() {
  local major
  [[ -x "$1/bin/javac" ]] || return 1
  major="$(aasm_java_major "$1/bin/java")"
  [[ -n "$major" && "$major" -ge 21 ]]
}

aasm_find_jdk() {
  local home="" java dir major best=0
  if [[ -n "${JAVA_HOME:-}" ]] && aasm_is_jdk21 "$JAVA_HOME"; then
    home="$JAVA_HOME"
  elif java="$(command -v java 2>/dev/null)" && dir="$(dirname "$(dirname "$(readlink -f "$java")")")" \
       && aasm_is_jdk21 "$dir"; then
    home="$dir"
  else
    for dir in /usr/lib/jvm/* /opt/java* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
      if [[ ! -d "$dir" ]] || ! aasm_is_jdk21 "$dir"; then continue; fi
      major="$(aasm_java_major "$dir/bin/java")"
      if (( major > best )); then best="$major"; home="$dir"; fi
    done
  fi
  if [[ -z "$home" ]]; then
    aasm_die "no JDK 21 or newer found (checked JAVA_HOME, java on PATH, /usr/lib/jvm, /opt, ~/.sdkman).
  Install one, e.g.:  sudo apt-get install openjdk-21-jdk     (Debian/Ubuntu)
                  or  Eclipse Temurin 21+ from https://adoptium.net
                  or  sdk install java 21-tem               (SDKMAN)
  then re-run, or point JAVA_HOME at it."
  fi
  export JAVA_HOME="$home"
  export PATH="$JAVA_HOME/bin:$PATH"
  aasm_log "using JDK $(aasm_java_major "$JAVA_HOME/bin/java") at $JAVA_HOME"
}

# --- PostgreSQL --------------------------------------------------------------

# Path of a PostgreSQL program: from PATH, else from the newest /usr/lib/postgresql/*/bin.
aasm_pg_bin() {
  local dir
  if command -v "$1" >/dev/null 2>&1 && "$1" --version >/dev/null 2>&1; then command -v "$1"; return; fi
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$dir" && -x "$dir/$1" ]] && echo "$dir/$1"
}

# Succeeds if a PostgreSQL server accepts connections on host $1, port $2.
aasm_pg_ready() {
  local isready
  if isready="$(aasm_pg_bin pg_isready)"; then
    "$isready" -q -h "$1" -p "$2" -t 3
  else
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
  fi
}

# Succeeds if something (PostgreSQL or not) listens on host $1, port $2.
aasm_port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

aasm_wait_for_pg() {
  local i
  for ((i = 0; i < 60; i++)); do
    aasm_pg_ready "$AASM_DB_HOST" "$AASM_DB_PORT" && return 0
    sleep 1
  done
  aasm_die "PostgreSQL did not answer on $AASM_DB_HOST:$AASM_DB_PORT within 60 s${1:+ (see $1)}"
}

# Root only: create (if needed) and start a Debian cluster; used when none existed before.
aasm_create_debian_cluster() {
  local ver name hba
  ver="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$ver" ]] || aasm_die "PostgreSQL packages installed but no /usr/lib/postgresql/<version> found"
  if [[ -z "$(pg_lsclusters -h 2>/dev/null)" ]]; then
    aasm_log "creating PostgreSQL cluster $ver/main on port $AASM_DB_PORT"
    pg_createcluster "$ver" main --port "$AASM_DB_PORT" >&2
  fi
  read -r ver name AASM_DB_PORT _ < <(pg_lsclusters -h | head -n 1)
  hba="/etc/postgresql/$ver/$name/pg_hba.conf"
  aasm_log "!!! DEVELOPMENT DATABASE: allowing password-less TCP logins from localhost in $hba"
  sed -i '1i host all all 127.0.0.1/32 trust  # added by aasm bin/lib.sh (development only)\nhost all all ::1/128 trust  # added by aasm bin/lib.sh (development only)' "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start 2>/dev/null || true
  pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" reload
}

aasm_ensure_postgres() {
  if [[ -n "${AASM_DB_URL:-}" ]]; then
    aasm_log "AASM_DB_URL is set; using that database as is"
    return 0
  fi
  export AASM_DB_HOST="${AASM_DB_HOST:-127.0.0.1}" AASM_DB_PORT="${AASM_DB_PORT:-5432}"
  if aasm_pg_ready "$AASM_DB_HOST" "$AASM_DB_PORT"; then
    aasm_log "PostgreSQL is answering on $AASM_DB_HOST:$AASM_DB_PORT"
    return 0
  fi
  case "$AASM_DB_HOST" in
    127.0.0.1 | localhost | ::1) ;;
    *) aasm_die "no PostgreSQL answers on $AASM_DB_HOST:$AASM_DB_PORT (not a local address, so not starting one)" ;;
  esac

  local ver="" name="" port="" status="" owner="" pgdata pg_ctl initdb
  if command -v pg_lsclusters >/dev/null 2>&1; then
    # A Debian cluster on the wanted port, else the first one.
    read -r ver name port status owner _ < <( (pg_lsclusters -h | awk -v p="$AASM_DB_PORT" '$3 == p'; pg_lsclusters -h) | head -n 1) || true
  fi

  if [[ -n "$ver" && ( "$(id -u)" -eq 0 || "$owner" == "$(id -un)" ) ]]; then
    # (a) an existing Debian cluster: start it
    AASM_DB_PORT="$port"
    if [[ "$status" != online* ]]; then
      aasm_log "starting PostgreSQL cluster $ver/$name on port $port"
      pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start >&2
    fi
    aasm_wait_for_pg "/var/log/postgresql/postgresql-$ver-$name.log"
  elif [[ "$(id -u)" -eq 0 && -z "$ver" ]]; then
    # (b) root, no cluster: install PostgreSQL if needed, create/start a development cluster
    if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pg_lsclusters >/dev/null 2>&1; then
      aasm_log "PostgreSQL is not installed; installing it with apt-get (package 'postgresql')"
      apt-get update >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
    fi
    aasm_create_debian_cluster
    aasm_wait_for_pg
  elif [[ "$(id -u)" -ne 0 ]] && pg_ctl="$(aasm_pg_bin pg_ctl)" && initdb="$(aasm_pg_bin initdb)"; then
    # (c) not root: a private trust-auth cluster owned by this user
    pgdata="${AASM_PGDATA:-$HOME/.local/share/aasm/pgdata}"
    if aasm_port_open "$AASM_DB_HOST" "$AASM_DB_PORT"; then
      aasm_log "port $AASM_DB_PORT is taken by something that is not PostgreSQL; using port 54329"
      AASM_DB_PORT=54329
    fi
    if [[ ! -f "$pgdata/PG_VERSION" ]]; then
      aasm_log "initialising a private development PostgreSQL cluster (trust auth, user postgres) in $pgdata"
      mkdir -p "$pgdata"
      "$initdb" -D "$pgdata" --auth=trust -U postgres -E UTF8 >&2
    fi
    if ! aasm_pg_ready "$AASM_DB_HOST" "$AASM_DB_PORT"; then
      aasm_log "starting private PostgreSQL in $pgdata on port $AASM_DB_PORT"
      "$pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 \
        -o "-p $AASM_DB_PORT -k $pgdata -c listen_addresses=localhost" start >&2
    fi
    aasm_wait_for_pg "$pgdata/server.log"
  else
    # (d)
    aasm_die "no PostgreSQL answers on $AASM_DB_HOST:$AASM_DB_PORT and this script cannot start one.
  Start your PostgreSQL (e.g. 'sudo pg_ctlcluster 15 main start'), install it ('sudo apt-get install postgresql'),
  or run one with Docker: 'docker compose -f docker/compose.postgres.yml up -d'.
  To use another server set AASM_DB_HOST/AASM_DB_PORT (bin/test) or AASM_DB_URL/AASM_DB_USER/AASM_DB_PASSWORD (bin/run)."
  fi
  export AASM_DB_PORT
  aasm_log "PostgreSQL is answering on $AASM_DB_HOST:$AASM_DB_PORT"
}

aasm_ensure_database() {
  local db="$1" psql
  [[ "$db" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || aasm_die "invalid database name '$db'"
  psql="$(aasm_pg_bin psql)" || aasm_die "psql not found; install the PostgreSQL client (apt-get install postgresql-client)"
  local -a cmd=("$psql" -h "${AASM_DB_HOST:-127.0.0.1}" -p "${AASM_DB_PORT:-5432}" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
  if [[ "$("${cmd[@]}" -c "select 1 from pg_database where datname = '$db'")" == 1 ]]; then
    aasm_log "database '$db' exists"
  else
    "${cmd[@]}" -c "create database \"$db\" owner postgres" >/dev/null
    aasm_log "created database '$db' (owner postgres)"
  fi
}
