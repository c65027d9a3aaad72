#!/usr/bin/env bash
# Runs an OrleansFlows cluster on 127.0.0.1 from this checkout: a throwaway PostgreSQL, 3 silo processes and one API
# process in client mode (it holds no grains and sends every call to the silo that owns the grain).
#
#   deploy/local/cluster.sh start            builds (Release), starts everything, prints the addresses
#   deploy/local/cluster.sh status           shows each process and the membership table
#   deploy/local/cluster.sh kill-silo N      sends kill -9 to silo N (1-3)
#   deploy/local/cluster.sh restart-silo N   starts silo N again (it joins under a new identity)
#   deploy/local/cluster.sh stop             stops every process gracefully, then PostgreSQL, and deletes the state
#
# Settings (environment): STATE_DIR (default /tmp/orleansflows-cluster), API_PORT (5080), API_PROCESSES (1: more
# client-mode API processes listen on the next ports, as behind a load balancer), SILO_BASE_PORT (11111),
# PG_PORT (55432), NO_BUILD=1 to skip the build, DEATH_TIMEOUT (00:00:10), HEARTBEAT_PERIOD (00:00:02),
# RESUME_MARGIN (00:02:00: how long past a step's timeout a lead waits before it runs the attempt again, as after a kill),
# EXPRESSION_TIMEOUT (00:00:01; the product default is 100 ms, too tight while five fresh processes share the cores).
# After start, $STATE_DIR/cluster.env holds API_URL, OPERATOR_KEY, PG_CONNECTION and the silo pids.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
state="${STATE_DIR:-/tmp/orleansflows-cluster}"
api_port="${API_PORT:-5080}"
apis="${API_PROCESSES:-1}"
silo_base_port="${SILO_BASE_PORT:-11111}"
pg_port="${PG_PORT:-55432}"
silos=3

pg_bin() {
    local tool="$1" candidate
    if command -v "$tool" >/dev/null 2>&1; then command -v "$tool"; return; fi
    for candidate in /usr/lib/postgresql/*/bin/"$tool"; do
        [ -x "$candidate" ] && { echo "$candidate"; return; }
    done
    echo "cluster.sh: $tool not found; install the PostgreSQL server binaries (apt-get install -y postgresql)." >&2
    exit 1
}

# PostgreSQL refuses to run as root; as root its tools run as the postgres system user.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

connection() { echo "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=true"; }

start_pg() {
    mkdir -p "$state/pg"
    [ "$(id -u)" -eq 0 ] && chown postgres "$state/pg"
    as_pg "$(pg_bin initdb)" -D "$state/pg/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$state/pg/initdb.log"
    as_pg "$(pg_bin pg_ctl)" start -w -D "$state/pg/data" -l "$state/pg/postgres.log" \
        -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $state/pg -c fsync=off -c max_connections=300" >/dev/null
}

# The environment every process shares: one database, one cluster secret, one encryption key ring.
common_env() {
    cat <<ENV
OrleansFlows__Storage__Provider=Postgres
OrleansFlows__Storage__PostgresConnectionString=$(connection)
OrleansFlows__Cluster__Enabled=true
OrleansFlows__Cluster__ClusterSecret=$(cat "$state/secret")
OrleansFlows__Cluster__DeathTimeout=${DEATH_TIMEOUT:-00:00:10}
OrleansFlows__Cluster__HeartbeatPeriod=${HEARTBEAT_PERIOD:-00:00:02}
OrleansFlows__EncryptionKeys=k1:$(cat "$state/encryption-key")
OrleansFlows__Leads__ResumeMargin=${RESUME_MARGIN:-00:02:00}
OrleansFlows__Expressions__Timeout=${EXPRESSION_TIMEOUT:-00:00:01}
OrleansFlows__Outbound__AllowPrivateNetworks=true
DOTNET_ENVIRONMENT=Production
ENV
}

start_silo() {
    local n="$1" port=$((silo_base_port + n))
    mkdir -p "$state/silo$n"
    (
        cd "$state/silo$n"
        while IFS= read -r line; do export "${line?}"; done < <(common_env)
        export OrleansFlows__Cluster__SiloAddress="127.0.0.1:$port"
        exec dotnet "$repo/src/Silo/bin/Release/net10.0/OrleansFlows.Silo.dll" >>"$state/silo$n/silo.log" 2>&1
    ) &
    echo $! >"$state/silo$n/pid"
}

# API process N (1-based) listens on API_PORT + N - 1.
start_api() {
    local n="$1" port=$((api_port + $1 - 1))
    mkdir -p "$state/api$n"
    (
        cd "$state/api$n"
        while IFS= read -r line; do export "${line?}"; done < <(common_env)
        export OrleansFlows__Mode=Client
        export OrleansFlows__OperatorKey="$(cat "$state/operator-key")"
        exec dotnet "$repo/src/Api/bin/Release/net10.0/OrleansFlows.Api.dll" --urls "http://127.0.0.1:$port" >>"$state/api$n/api.log" 2>&1
    ) &
    echo $! >"$state/api$n/pid"
}

# True when the API on port $1 answers 200 on its readiness probe (plain bash, so no HTTP client has to be installed).
api_ready() {
    local status
    { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
    printf 'GET /health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    read -r _ status _ <&3 || true
    exec 3>&-
    [ "$status" = 200 ]
}

wait_ready() {
    local deadline=$((SECONDS + 120)) n
    for n in $(seq 1 "$apis"); do
        until api_ready $((api_port + n - 1)); do
            if [ $SECONDS -gt $deadline ]; then
                echo "cluster.sh: API $n did not become ready in 120 s; see $state/api$n/api.log" >&2
                exit 1
            fi
            sleep 0.5
        done
    done
}

write_env() {
    {
        echo "API_URL=http://127.0.0.1:$api_port"
        echo "API_URLS=$(for n in $(seq 1 "$apis"); do printf 'http://127.0.0.1:%s ' $((api_port + n - 1)); done | sed 's/ $//')"
        echo "OPERATOR_KEY=$(cat "$state/operator-key")"
        echo "PG_CONNECTION=$(connection)"
        for n in $(seq 1 $silos); do echo "SILO${n}_PID=$(cat "$state/silo$n/pid")"; done
        for n in $(seq 1 "$apis"); do echo "API${n}_PID=$(cat "$state/api$n/pid")"; done
    } >"$state/cluster.env"
}

cmd_start() {
    if [ -e "$state/cluster.env" ]; then
        echo "cluster.sh: a cluster already runs with state in $state; run 'cluster.sh stop' first." >&2
        exit 1
    fi
    [ "${NO_BUILD:-0}" = 1 ] || dotnet build "$repo/OrleansFlows.sln" -c Release -v q -nologo >/dev/null
    mkdir -p "$state"
    head -c 24 /dev/urandom | base64 >"$state/secret"
    head -c 32 /dev/urandom | base64 >"$state/encryption-key"
    echo "op_$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')" >"$state/operator-key"
    start_pg
    for n in $(seq 1 $silos); do start_silo "$n"; done
    for n in $(seq 1 "$apis"); do start_api "$n"; done
    wait_ready
    write_env
    echo "OrleansFlows cluster is up: API http://127.0.0.1:$api_port ($apis client-mode process(es) from that port), silos on ports $((silo_base_port + 1))-$((silo_base_port + silos)), PostgreSQL on $pg_port."
    echo "Operator key: $(cat "$state/operator-key")   (all settings: $state/cluster.env)"
}

cmd_status() {
    for n in $(seq 1 $silos); do
        local pid; pid="$(cat "$state/silo$n/pid" 2>/dev/null || echo)"
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "silo $n: running (pid $pid)"; else echo "silo $n: not running"; fi
    done
    as_pg "$(pg_bin psql)" -h "$state/pg" -p "$pg_port" -U postgres -d postgres -c \
        "SELECT silo_id, address, api_address, status, heartbeat_at FROM cluster_members ORDER BY started_at" 2>/dev/null || true
}

cmd_kill_silo() {
    local n="${1:?usage: cluster.sh kill-silo N}"
    kill -9 "$(cat "$state/silo$n/pid")"
    echo "silo $n killed (kill -9)"
}

cmd_stop() {
    local pidfile
    for pidfile in "$state"/silo*/pid "$state"/api*/pid; do
        [ -f "$pidfile" ] && kill -TERM "$(cat "$pidfile")" 2>/dev/null || true
    done
    for pidfile in "$state"/silo*/pid "$state"/api*/pid; do
        [ -f "$pidfile" ] || continue
        local pid; pid="$(cat "$pidfile")"
        for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -9 "$pid" 2>/dev/null || true
    done
    if [ -d "$state/pg/data" ]; then
        as_pg "$(pg_bin pg_ctl)" stop -w -D "$state/pg/data" -m fast >/dev/null 2>&1 || true
    fi
    rm -rf "$state"
}

case "${1:-}" in
    start) cmd_start ;;
    status) cmd_status ;;
    kill-silo) cmd_kill_silo "${2:-}" ;;
    restart-silo) start_silo "${2:?usage: cluster.sh restart-silo N}"; write_env ;;
    stop) cmd_stop ;;
    *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 2 ;;
esac
