#!/usr/bin/env bash
# Runs an OrleansFlows cluster on 127.0.0.1 from this checkout: a throwaway PostgreSQL, 3 silo processes (src/Silo;
# SILOS sets how many) and one API process in client mode (it holds no grains; Orleans sends every call to the silo
# that owns the grain).
#
#   deploy/local/cluster.sh start            builds (BUILD_CONFIGURATION), starts everything, waits until every silo
#                                            is Active and every API is ready, prints the addresses
#   deploy/local/cluster.sh status           shows each process (PostgreSQL, silos, APIs) and the membership table
#   deploy/local/cluster.sh kill-silo N      sends kill -9 to silo N (1-3, or 1-SILOS)
#   deploy/local/cluster.sh restart-silo N   starts silo N again after a kill (it joins under a new generation) and
#                                            waits until it is Active
#   deploy/local/cluster.sh rolling-restart  replaces each silo in turn, as a rolling update does: a graceful stop
#                                            (SIGTERM; it drains its steps and hands off its grains), a new process,
#                                            and a wait until that one is Active and ready, before the next silo
#   deploy/local/cluster.sh db-stop          stops PostgreSQL (fast shutdown: open connections are cut) and leaves
#                                            the silos and APIs running, as in a database outage
#   deploy/local/cluster.sh db-start         starts PostgreSQL again after db-stop, with the same data and port
#   deploy/local/cluster.sh stop             stops every process gracefully, then PostgreSQL; deletes the state but
#                                            keeps the logs ($STATE_DIR/logs)
#
# Settings (environment):
#   STATE_DIR (/tmp/orleansflows-cluster)  state and logs
#   SILOS (3)                              how many silo processes run (1-9)
#   API_PORT (5080)                        first API process; API_PROCESSES (1) more client-mode API processes listen
#                                          on the next ports, as behind a load balancer
#   SILO_BASE_PORT (11111)                 silo N's silo-to-silo port is SILO_BASE_PORT + N
#   GATEWAY_BASE_PORT (30000)              silo N's gateway port (where the APIs connect) is GATEWAY_BASE_PORT + N
#   SILO_HEALTH_BASE_PORT (18080)          silo N serves /health/live, /health/ready and /health/db on
#                                          SILO_HEALTH_BASE_PORT + N (OrleansFlows__Silo__HealthPort)
#   PG_PORT (55432)                        the PostgreSQL server this script starts
#   BUILD_CONFIGURATION (Release)          the build the processes run (src/Silo/bin/<it>/net10.0, src/Api/bin/<it>/net10.0)
#   NO_BUILD=1                             skip the build (that build's output must exist)
#   ALLOW_PRIVATE_NETWORKS=1               let workflow steps call private and loopback addresses
#                                          (OrleansFlows__Outbound__AllowPrivateNetworks; off unless set)
#   PROBE_TIMEOUT (00:00:01), MISSED_PROBES_LIMIT (3), TABLE_REFRESH_TIMEOUT (00:00:01)
#                                          Orleans membership timings (product defaults 2 s, 2, 2 s): a probe every
#                                          second, so a killed silo is declared dead within about 5 s; three misses
#                                          rather than two, so a silo that is only slow while the others start is not
#                                          declared dead
#   RESUME_MARGIN                          OrleansFlows__Leads__ResumeMargin: how long past a step's timeout a lead
#                                          waits before it runs the attempt again, as after a kill (product default 2 min)
#   EXPRESSION_TIMEOUT                     OrleansFlows__Expressions__Timeout: the wall-clock backstop of one
#                                          expression call (product default 5 s)
#   START_TIMEOUT (120)                    seconds start and restart-silo wait for silos and APIs
# After start, $STATE_DIR/cluster.env holds API_URL, API_URLS, OPERATOR_KEY, PG_CONNECTION, LOG_DIR and the pids.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
state="${STATE_DIR:-/tmp/orleansflows-cluster}"
logs="$state/logs"
api_port="${API_PORT:-5080}"
apis="${API_PROCESSES:-1}"
silo_base_port="${SILO_BASE_PORT:-11111}"
gateway_base_port="${GATEWAY_BASE_PORT:-30000}"
health_base_port="${SILO_HEALTH_BASE_PORT:-18080}"
pg_port="${PG_PORT:-55432}"
start_timeout="${START_TIMEOUT:-120}"
silos="${SILOS:-3}"
configuration="${BUILD_CONFIGURATION:-Release}"
silo_bin="$repo/src/Silo/bin/$configuration/net10.0"
api_bin="$repo/src/Api/bin/$configuration/net10.0"

fail() { echo "cluster.sh: $*" >&2; exit 1; }

case "$silos" in
    [1-9]) ;;
    *) fail "SILOS must be a number of silos from 1 to 9, not '$silos'." ;;
esac

pg_bin() {
    local tool="$1" candidate
    if command -v "$tool" >/dev/null 2>&1; then command -v "$tool"; return; fi
    for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$candidate/$tool" ] && { echo "$candidate/$tool"; return; }
    done
    fail "$tool not found; install the PostgreSQL server binaries (apt-get install -y postgresql)."
}

# PostgreSQL refuses to run as root; as root its server tools run as the postgres system user.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Each process keeps at most 50 pooled connections (Npgsql's default is 100), so 3 silos and a few APIs stay well
# under the server's max_connections even right after a silo restarts while the old pools still hold theirs.
connection() { echo "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50"; }

# Runs one SQL statement; prints unaligned rows separated by '|'. initdb -A trust lets any local user in over TCP.
sql() { "$(pg_bin psql)" -X -q -A -t -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "$1" 2>/dev/null; }

# True when something listens on 127.0.0.1:$1 (plain bash, so no network tool has to be installed).
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

silo_port() { echo $((silo_base_port + $1)); }
gateway_port() { echo $((gateway_base_port + $1)); }
health_port() { echo $((health_base_port + $1)); }
api_port_of() { echo $((api_port + $1 - 1)); }

check_silo_number() {
    case "${1:-}" in
        [1-9]) [ "$1" -le $silos ] && return ;;
    esac
    fail "usage: cluster.sh $2 N, where N is a silo number from 1 to $silos"
}

# True when process $1 runs. A killed process whose parent (the shell of 'start', long gone) left it to an init that
# does not reap it stays a zombie: that counts as not running. With $2, the pid file it was read from, a process that
# started after the file was written is another one that got the same pid (pids wrap around at pid_max, 32768 on many
# machines, which a busy one goes through in minutes): that counts as not running too.
alive() {
    kill -0 "$1" 2>/dev/null || return 1
    local stat
    stat="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null)" || return 1
    [ "$(echo "$stat" | cut -d' ' -f1)" != Z ] || return 1
    [ -z "${2:-}" ] || started_by "$(echo "$stat" | cut -d' ' -f20)" "$2"
}

# True when a process that started $1 clock ticks after boot started no later than file $2 was written (to the second).
started_by() {
    local boot
    boot="$(awk '/^btime/ { print $2 }' /proc/stat)"
    [ $((boot + $1 / $(getconf CLK_TCK))) -le $(($(stat -c %Y "$2") + 1)) ]
}

# True when the process whose pid is in file $1 runs.
running() { [ -f "$1" ] && alive "$(cat "$1")" "$1"; }

check_ports_free() {
    local n busy=()
    listening "$pg_port" && busy+=("PostgreSQL port $pg_port (PG_PORT)")
    for n in $(seq 1 $silos); do
        listening "$(silo_port "$n")" && busy+=("silo $n port $(silo_port "$n") (SILO_BASE_PORT + $n)")
        listening "$(gateway_port "$n")" && busy+=("silo $n gateway port $(gateway_port "$n") (GATEWAY_BASE_PORT + $n)")
        listening "$(health_port "$n")" && busy+=("silo $n health port $(health_port "$n") (SILO_HEALTH_BASE_PORT + $n)")
    done
    for n in $(seq 1 "$apis"); do
        listening "$(api_port_of "$n")" && busy+=("API $n port $(api_port_of "$n") (API_PORT + $((n - 1)))")
    done
    if [ ${#busy[@]} -gt 0 ]; then
        printf 'cluster.sh: cannot start, in use on 127.0.0.1: %s\n' "${busy[@]}" >&2
        fail "choose other ports with the variables named above; nothing was started."
    fi
}

start_pg() {
    mkdir -p "$state/pg"
    [ "$(id -u)" -eq 0 ] && chown postgres "$state/pg" "$logs"
    if ! as_pg "$(pg_bin initdb)" -D "$state/pg/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$logs/initdb.log" 2>&1; then
        fail "initdb failed; see $logs/initdb.log"
    fi
    run_pg
}

# Starts the PostgreSQL server of $state/pg/data (made by start_pg) and waits until it accepts connections.
run_pg() {
    if ! as_pg "$(pg_bin pg_ctl)" start -w -t 60 -D "$state/pg/data" -l "$logs/postgres.log" \
        -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $state/pg -c fsync=off -c max_connections=300" >/dev/null 2>&1; then
        tail -n 5 "$logs/postgres.log" >&2 2>/dev/null || true
        fail "PostgreSQL did not start on port $pg_port (PG_PORT); see $logs/postgres.log"
    fi
}

# True when the PostgreSQL server of this cluster runs.
pg_running() { [ -f "$state/pg/data/postmaster.pid" ] && alive "$(head -n 1 "$state/pg/data/postmaster.pid")" "$state/pg/data/postmaster.pid"; }

# The environment every process shares: one database and one cluster (the default ClusterId).
common_env() {
    echo "OrleansFlows__Storage__Provider=Postgres"
    echo "OrleansFlows__Storage__PostgresConnectionString=$(connection)"
    echo "DOTNET_ENVIRONMENT=Production"
    echo "ASPNETCORE_ENVIRONMENT=Production"
}

# What only silos use: they run the grains, so they hold the encryption key ring and the outbound and lead settings.
silo_env() {
    echo "OrleansFlows__Cluster__Enabled=true"
    echo "OrleansFlows__Cluster__ProbeTimeout=${PROBE_TIMEOUT:-00:00:01}"
    echo "OrleansFlows__Cluster__MissedProbesLimit=${MISSED_PROBES_LIMIT:-3}"
    echo "OrleansFlows__Cluster__TableRefreshTimeout=${TABLE_REFRESH_TIMEOUT:-00:00:01}"
    echo "OrleansFlows__EncryptionKeys=k1:$(cat "$state/encryption-key")"
    [ -z "${EXPRESSION_TIMEOUT:-}" ] || echo "OrleansFlows__Expressions__Timeout=$EXPRESSION_TIMEOUT"
    [ -z "${RESUME_MARGIN:-}" ] || echo "OrleansFlows__Leads__ResumeMargin=$RESUME_MARGIN"
    [ "${ALLOW_PRIVATE_NETWORKS:-0}" != 1 ] || echo "OrleansFlows__Outbound__AllowPrivateNetworks=true"
}

# Silo N: its own silo and gateway ports; its working directory is its state folder and its content root the build
# output, so it reads src/Silo's appsettings.json.
start_silo() {
    local n="$1"
    local port gateway
    port="$(silo_port "$n")"
    gateway="$(gateway_port "$n")"
    mkdir -p "$state/silo$n"
    echo "=== silo $n starting $(date -u +%FT%TZ) on 127.0.0.1:$port, gateway $gateway" >>"$logs/silo$n.log"
    (
        cd "$state/silo$n"
        while IFS= read -r line; do export "${line?}"; done < <(common_env; silo_env)
        export OrleansFlows__Cluster__SiloAddress="127.0.0.1:$port"
        export OrleansFlows__Cluster__GatewayPort="$gateway"
        export OrleansFlows__Silo__HealthPort="$(health_port "$n")"
        exec dotnet "$silo_bin/OrleansFlows.Silo.dll" --contentRoot "$silo_bin" >>"$logs/silo$n.log" 2>&1
    ) &
    echo $! >"$state/silo$n/pid"
    disown $!
}

# API process N (1-based) listens on API_PORT + N - 1; its content root is src/Api's build output.
start_api() {
    local n="$1"
    local port
    port="$(api_port_of "$n")"
    mkdir -p "$state/api$n"
    echo "=== API $n starting $(date -u +%FT%TZ) on http://127.0.0.1:$port" >>"$logs/api$n.log"
    (
        cd "$state/api$n"
        while IFS= read -r line; do export "${line?}"; done < <(common_env)
        export OrleansFlows__Mode=Client
        export OrleansFlows__OperatorKey="$(cat "$state/operator-key")"
        exec dotnet "$api_bin/OrleansFlows.Api.dll" --contentRoot "$api_bin" --urls "http://127.0.0.1:$port" >>"$logs/api$n.log" 2>&1
    ) &
    echo $! >"$state/api$n/pid"
    disown $!
}

# True when the process on port $1 answers 200 on its readiness probe (an API, or a silo's health port).
ready_on() {
    local status
    { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
    printf 'GET /health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    read -r _ status _ <&3 || true
    exec 3>&-
    [ "$status" = 200 ]
}

# The newest generation of silo N in the membership table that is Active (Orleans SiloStatus 3), or nothing.
active_generation() {
    [ "$(sql "SELECT to_regclass('orleansmembershiptable') IS NOT NULL")" = t ] || return 0
    sql "SELECT max(generation) FROM orleansmembershiptable WHERE port = $(silo_port "$1") AND status = 3" || true
}

# Waits until silo N is Active with a generation newer than $2, failing with its log if it exits or takes too long.
wait_active() {
    local n="$1" after="${2:-0}" deadline=$((SECONDS + start_timeout)) generation
    while :; do
        generation="$(active_generation "$n")"
        [ -n "$generation" ] && [ "$generation" -gt "$after" ] && ready_on "$(health_port "$n")" && return
        running "$state/silo$n/pid" || { tail -n 5 "$logs/silo$n.log" >&2; fail "silo $n exited; see $logs/silo$n.log"; }
        [ $SECONDS -le $deadline ] || fail "silo $n was not Active within $start_timeout s; see $logs/silo$n.log"
        sleep 0.5
    done
}

wait_ready() {
    local deadline=$((SECONDS + start_timeout)) n
    for n in $(seq 1 "$apis"); do
        until ready_on "$(api_port_of "$n")"; do
            running "$state/api$n/pid" || { tail -n 5 "$logs/api$n.log" >&2; fail "API $n exited; see $logs/api$n.log"; }
            [ $SECONDS -le $deadline ] || fail "API $n was not ready within $start_timeout s; see $logs/api$n.log"
            sleep 0.5
        done
    done
}

write_env() {
    local n
    {
        echo "API_URL=http://127.0.0.1:$api_port"
        echo "API_URLS=$(for n in $(seq 1 "$apis"); do printf 'http://127.0.0.1:%s ' "$(api_port_of "$n")"; done | sed 's/ $//')"
        echo "OPERATOR_KEY=$(cat "$state/operator-key")"
        echo "PG_CONNECTION=$(connection)"
        echo "LOG_DIR=$logs"
        for n in $(seq 1 $silos); do echo "SILO${n}_PID=$(cat "$state/silo$n/pid" 2>/dev/null)"; done
        for n in $(seq 1 "$apis"); do echo "API${n}_PID=$(cat "$state/api$n/pid" 2>/dev/null)"; done
    } >"$state/cluster.env.tmp"
    mv "$state/cluster.env.tmp" "$state/cluster.env"
}

# Stops every process and PostgreSQL and deletes the state, except the logs.
teardown() {
    local pidfile pid
    # Only our own processes are signalled: a pid another process got since is left alone.
    for pidfile in "$state"/silo*/pid "$state"/api*/pid; do
        running "$pidfile" && kill -TERM "$(cat "$pidfile")" 2>/dev/null || true
    done
    for pidfile in "$state"/silo*/pid "$state"/api*/pid; do
        [ -f "$pidfile" ] || continue
        pid="$(cat "$pidfile")"
        for _ in $(seq 1 120); do alive "$pid" "$pidfile" || break; sleep 0.25; done
        alive "$pid" "$pidfile" && kill -9 "$pid" 2>/dev/null || true
    done
    if [ -f "$state/pg/data/postmaster.pid" ]; then
        as_pg "$(pg_bin pg_ctl)" stop -w -D "$state/pg/data" -m fast >/dev/null 2>&1 || true
    fi
    find "$state" -mindepth 1 -maxdepth 1 ! -name logs -exec rm -rf {} +
}

cmd_start() {
    if [ -e "$state/cluster.env" ] || [ -e "$state/pg" ]; then
        fail "a cluster already runs with state in $state; run 'cluster.sh stop' first."
    fi
    check_ports_free
    if [ "${NO_BUILD:-0}" != 1 ]; then
        dotnet build "$repo/src/Silo" -c "$configuration" -v q -nologo >/dev/null || fail "the build of src/Silo failed."
        dotnet build "$repo/src/Api" -c "$configuration" -v q -nologo >/dev/null || fail "the build of src/Api failed."
    fi
    [ -f "$silo_bin/OrleansFlows.Silo.dll" ] && [ -f "$api_bin/OrleansFlows.Api.dll" ] ||
        fail "no $configuration build in $silo_bin and $api_bin; run without NO_BUILD=1."
    mkdir -p "$logs"
    # From here on a failure leaves nothing half-made: every process is stopped and only the logs stay.
    trap 'status=$?; if [ $status -ne 0 ]; then teardown; echo "cluster.sh: start failed; nothing is running; logs are in $logs" >&2; fi' EXIT
    head -c 32 /dev/urandom | base64 >"$state/encryption-key"
    echo "op_$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')" >"$state/operator-key"
    start_pg
    local n
    # Each silo creates the schema (product and Orleans tables) under an advisory lock before Orleans starts; the APIs
    # start once a silo is Active, so the membership table they read exists.
    for n in $(seq 1 $silos); do start_silo "$n"; done
    for n in $(seq 1 $silos); do wait_active "$n" 0; done
    for n in $(seq 1 "$apis"); do start_api "$n"; done
    wait_ready
    write_env
    trap - EXIT
    echo "OrleansFlows cluster is up: API http://127.0.0.1:$api_port ($apis client-mode process(es) from that port), silos on ports $(silo_port 1)-$(silo_port $silos) (gateways $(gateway_port 1)-$(gateway_port $silos)), PostgreSQL on $pg_port."
    echo "Operator key: $(cat "$state/operator-key")   (all settings: $state/cluster.env; logs: $logs)"
}

cmd_status() {
    local n pid
    [ -e "$state/cluster.env" ] || { echo "no cluster runs with state in $state (logs, if any: $logs)"; return 0; }
    if pg_running; then
        echo "postgres: running (pid $(head -n 1 "$state/pg/data/postmaster.pid"), port $pg_port)"
    else
        echo "postgres: not running"
    fi
    for n in $(seq 1 $silos); do
        pid="$(cat "$state/silo$n/pid" 2>/dev/null || echo)"
        if running "$state/silo$n/pid"; then
            echo "silo $n: running (pid $pid, silo 127.0.0.1:$(silo_port "$n"), gateway $(gateway_port "$n"))"
        else
            echo "silo $n: not running"
        fi
    done
    for n in $(seq 1 "$apis"); do
        pid="$(cat "$state/api$n/pid" 2>/dev/null || echo)"
        if running "$state/api$n/pid"; then echo "api $n: running (pid $pid, http://127.0.0.1:$(api_port_of "$n"))"; else echo "api $n: not running"; fi
    done
    echo "membership (OrleansMembershipTable):"
    "$(pg_bin psql)" -X -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c \
        "SELECT siloname AS silo, address || ':' || port AS address, proxyport AS gateway, generation,
                CASE status WHEN 1 THEN 'Created' WHEN 2 THEN 'Joining' WHEN 3 THEN 'Active' WHEN 4 THEN 'ShuttingDown'
                            WHEN 5 THEN 'Stopping' WHEN 6 THEN 'Dead' ELSE status::text END AS status,
                iamalivetime AS i_am_alive
           FROM orleansmembershiptable ORDER BY port, generation" 2>/dev/null || echo "  (PostgreSQL does not answer)"
    echo "logs: $logs"
}

cmd_kill_silo() {
    check_silo_number "${1:-}" kill-silo
    local n="$1"
    running "$state/silo$n/pid" || fail "silo $n is not running."
    kill -9 "$(cat "$state/silo$n/pid")"
    echo "silo $n killed (kill -9); the other silos declare it dead after their probes time out (PROBE_TIMEOUT x MISSED_PROBES_LIMIT, about 5 s)"
}

cmd_restart_silo() {
    check_silo_number "${1:-}" restart-silo
    local n="$1" before
    [ -e "$state/cluster.env" ] || fail "no cluster runs with state in $state; run 'cluster.sh start' first."
    running "$state/silo$n/pid" && fail "silo $n is running (pid $(cat "$state/silo$n/pid")); kill it first."
    before="$(sql "SELECT coalesce(max(generation), 0) FROM orleansmembershiptable WHERE port = $(silo_port "$n")")" && [ -n "$before" ] ||
        fail "PostgreSQL does not answer on port $pg_port."
    start_silo "$n"
    write_env
    wait_active "$n" "${before:-0}"
    echo "silo $n restarted (pid $(cat "$state/silo$n/pid")) and Active; log: $logs/silo$n.log"
}

# Replaces each silo in turn: SIGTERM and a wait for its graceful stop (steps drained, grains handed off), then a new
# process under a new generation, Active and ready before the next silo stops.
cmd_rolling_restart() {
    [ -e "$state/cluster.env" ] || fail "no cluster runs with state in $state; run 'cluster.sh start' first."
    local n pid before deadline
    for n in $(seq 1 $silos); do
        running "$state/silo$n/pid" || fail "silo $n is not running; start it with 'cluster.sh restart-silo $n' first."
    done
    for n in $(seq 1 $silos); do
        pid="$(cat "$state/silo$n/pid")"
        before="$(sql "SELECT coalesce(max(generation), 0) FROM orleansmembershiptable WHERE port = $(silo_port "$n")")" && [ -n "$before" ] ||
            fail "PostgreSQL does not answer on port $pg_port."
        echo "=== silo $n graceful stop (rolling restart) $(date -u +%FT%TZ)" >>"$logs/silo$n.log"
        kill -TERM "$pid"
        deadline=$((SECONDS + 60))
        while alive "$pid" "$state/silo$n/pid"; do
            [ $SECONDS -le $deadline ] || fail "silo $n (pid $pid) did not stop within 60 s of SIGTERM; see $logs/silo$n.log"
            sleep 0.25
        done
        start_silo "$n"
        write_env
        wait_active "$n" "$before"
        echo "silo $n replaced (pid $(cat "$state/silo$n/pid")) and Active"
    done
    echo "rolling restart done: every silo was replaced in turn"
}

cmd_db_stop() {
    [ -e "$state/cluster.env" ] || fail "no cluster runs with state in $state; run 'cluster.sh start' first."
    pg_running || fail "PostgreSQL is not running."
    as_pg "$(pg_bin pg_ctl)" stop -w -t 60 -D "$state/pg/data" -m fast >/dev/null 2>&1 || fail "PostgreSQL did not stop; see $logs/postgres.log"
    echo "PostgreSQL stopped; the silos and APIs keep running (start it again with 'cluster.sh db-start')"
}

cmd_db_start() {
    [ -e "$state/cluster.env" ] || fail "no cluster runs with state in $state; run 'cluster.sh start' first."
    pg_running && fail "PostgreSQL is running (pid $(head -n 1 "$state/pg/data/postmaster.pid"))."
    run_pg
    echo "PostgreSQL started again on port $pg_port"
}

cmd_stop() {
    teardown
    if [ -d "$logs" ]; then echo "cluster stopped; logs kept in $logs"; else echo "cluster stopped"; fi
}

case "${1:-}" in
    start) cmd_start ;;
    status) cmd_status ;;
    kill-silo) cmd_kill_silo "${2:-}" ;;
    restart-silo) cmd_restart_silo "${2:-}" ;;
    rolling-restart) cmd_rolling_restart ;;
    db-stop) cmd_db_stop ;;
    db-start) cmd_db_start ;;
    stop) cmd_stop ;;
    *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 2 ;;
esac
