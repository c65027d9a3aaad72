#!/usr/bin/env bash
# Builds and runs every test in the solution, then prints one closing line:
#   N passed, N failed, N skipped
# Without arguments, the test projects run in four lanes at once (see `lane_one` and on below): most tests wait on
# servers, processes and timers rather than the CPU, so four lanes finish in well under half the time even on two
# cores.
# Extra arguments go to one `dotnet test` of the whole solution instead (for example: ./test.sh --filter "Category=Postgres").
# Exits non-zero if the build or any test fails, or if no results were written.
set -uo pipefail

# Dynamic PGO instruments hot methods before it compiles them again; the tests' short-lived hosts and processes pay for
# the instrumentation and seldom live long enough to gain from it. Without it the suite takes about a fifth less CPU,
# and the lanes share two cores. Every process the tests start inherits it.
export DOTNET_TieredPGO="${DOTNET_TieredPGO:-0}"

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
results="$repo/TestResults"
rm -rf "$results"

# One `dotnet test` of a built project; a filter may pick part of it. The trx file is named after the run so two
# lanes never write the same file.
run_tests() {
    local project="$1" name="$2" filter="${3:-}"
    local args=("$repo/tests/$project/OrleansFlows.$project.csproj" -c Release --no-build
        --logger "trx;LogFileName=$name.trx" --results-directory "$results")
    [ -n "$filter" ] && args+=(--filter "$filter")
    dotnet test "${args[@]}"
}

# Api.Tests runs as several processes of a few minutes each, so that the lanes can share it out evenly.
# `api-rest` takes every test the other groups don't name, so a new folder can't go unrun.
api_ns='FullyQualifiedName~OrleansFlows.Api.Tests'
leads_api="$api_ns.Endpoints.Lea|$api_ns.Endpoints.Reconciliation|$api_ns.Endpoints.Tenant"
other_endpoints_api="$api_ns.Endpoints.&${api_ns/\~/!\~}.Endpoints.Lea&${api_ns/\~/!\~}.Endpoints.Reconciliation&${api_ns/\~/!\~}.Endpoints.Tenant"
data_api="$api_ns.Erasures.|$api_ns.Offboarding.|$api_ns.RabbitMq.|$api_ns.Retention."
slow_api="$api_ns.Cluster.|$api_ns.Exports."
not_api="${api_ns/\~/!\~}"
rest_api="$not_api.Endpoints.&$not_api.Erasures.&$not_api.Offboarding.&$not_api.RabbitMq.&$not_api.Retention.&$not_api.Cluster.&$not_api.Exports."

# Lanes of about equal length (the figures are their parts' minutes in CI on two cores).
lane_one() {
    run_tests Api.Tests api-slow "$slow_api" # 11
}

lane_two() {
    local status=0
    run_tests Api.Tests api-data "$data_api" || status=1 # 8
    run_tests Api.Tests api-endpoints "$other_endpoints_api" || status=1 # 2.5
    return $status
}

lane_three() {
    local status=0
    run_tests Grains.Tests grains || status=1 # 7
    run_tests Api.Tests api-rest "$rest_api" || status=1 # 3.5
    return $status
}

lane_four() {
    local status=0
    run_tests Api.Tests api-leads "$leads_api" || status=1 # 5
    run_tests Console.Tests console || status=1 # 2
    run_tests Cluster.Tests cluster || status=1 # 2
    run_tests Storage.Tests storage || status=1 # 1
    run_tests Deploy.Tests deploy || status=1
    return $status
}

# Every test project must be in a lane; a new one that isn't fails the run rather than going unrun.
laned_projects="Api.Tests Grains.Tests Deploy.Tests Storage.Tests Cluster.Tests Console.Tests"
unlaned_projects() {
    local csproj project
    for csproj in "$repo"/tests/*/OrleansFlows.*.Tests.csproj; do
        project="$(basename "$(dirname "$csproj")")"
        case " $laned_projects " in *" $project "*) ;; *) echo "$project" ;; esac
    done
}

# Runs a lane with each output line marked by its name, and returns the lane's status.
run_lane() {
    local name="$1"
    "lane_$name" 2>&1 | sed -u "s/^/[$name] /"
}

if [ $# -gt 0 ]; then
    dotnet test "$repo/OrleansFlows.sln" -c Release --logger "trx" --results-directory "$results" "$@"
    test_exit=$?
elif [ -n "$(unlaned_projects)" ]; then
    echo "test.sh: these test projects are in no lane of test.sh: $(unlaned_projects | tr '\n' ' ')" >&2
    test_exit=1
elif ! dotnet build "$repo/OrleansFlows.sln" -c Release; then
    test_exit=1
else
    lanes=(one two three four)
    pids=()
    for lane in "${lanes[@]}"; do
        run_lane "$lane" & pids+=($!)
    done
    test_exit=0
    for pid in "${pids[@]}"; do
        wait "$pid" || test_exit=1
    done
fi

# Sum one attribute of the <Counters .../> element over every trx file.
counter() {
    local name="$1"
    find "$results" -name '*.trx' -type f -print0 2>/dev/null \
        | xargs -0 -r grep -ho '<Counters [^>]*>' \
        | sed -n "s/.* $name=\"\([0-9]*\)\".*/\1/p" \
        | awk '{ sum += $1 } END { print sum + 0 }'
}

trx_count=$(find "$results" -name '*.trx' -type f 2>/dev/null | wc -l)
passed=$(counter passed)
failed=$(( $(counter failed) + $(counter error) + $(counter timeout) + $(counter aborted) ))
# Skipped tests count in `total` but not in `executed` (the trx `notExecuted` counter stays 0 for them).
skipped=$(( $(counter total) - $(counter executed) ))
[ "$skipped" -lt 0 ] && skipped=0

status=0
if [ "$trx_count" -eq 0 ]; then
    echo "test.sh: no test results (*.trx) were written to $results" >&2
    status=1
fi
if [ "$test_exit" -ne 0 ]; then
    echo "test.sh: dotnet test exited with code $test_exit" >&2
    status=1
fi
if [ "$failed" -gt 0 ]; then
    status=1
elif [ "$status" -ne 0 ]; then
    # A build failure or a crashed test host leaves no failed test behind; count it as one.
    failed=1
fi

echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
