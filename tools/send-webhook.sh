#!/usr/bin/env bash
# Sends a signed webhook (Standard Webhooks: HMAC-SHA256 over "id.timestamp.body").
# Usage: tools/send-webhook.sh URL WHSEC_SECRET JSON_BODY [WEBHOOK_ID]
# Needs bash, openssl, base64, od and curl. Prints the response.
set -euo pipefail
if [ $# -lt 3 ]; then
    echo "usage: $0 URL whsec_SECRET 'JSON_BODY' [WEBHOOK_ID]" >&2
    exit 2
fi
url=$1
secret=${2#whsec_}
body=$3
id=${4:-msg_$(date +%s%N)}
timestamp=$(date +%s)
key_hex=$(printf '%s' "$secret" | base64 -d | od -An -tx1 | tr -d ' \n')
signature=$(printf '%s' "$id.$timestamp.$body" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | base64 -w0)
curl -sS -X POST "$url" \
    -H 'Content-Type: application/json' \
    -H "webhook-id: $id" \
    -H "webhook-timestamp: $timestamp" \
    -H "webhook-signature: v1,$signature" \
    --data-binary "$body"
echo
