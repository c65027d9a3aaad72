#!/usr/bin/env bash
# Builds and runs every test in the solution, then prints one closing line:
#   N passed, N failed, N skipped
# Extra arguments go to `dotnet test` (for example: ./test.sh --filter "Category=Postgres").
# Exits non-zero if the build or any test fails, or if no results were written.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
results="$repo/TestResults"
rm -rf "$results"

dotnet test "$repo/OrleansFlows.sln" -c Release --logger "trx" --results-directory "$results" "$@"
test_exit=$?

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
