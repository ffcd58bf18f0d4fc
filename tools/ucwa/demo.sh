#!/usr/bin/env bash
# Walks through Herald's UCWA-style API as a web client would, with curl:
#   token → application → contact → presence → note → photo
# and, with --watch, subscribes to the contact and prints its events as they arrive.
#
#   npm start                                  # in another terminal: the example node
#   bash tools/ucwa/demo.sh                    # meet.alice@vc.example.com
#   bash tools/ucwa/demo.sh cafe7@vc.example.com
#   bash tools/ucwa/demo.sh --watch            # then rename the room in config/example.yaml
#
# Settings (environment): HERALD_URL (default http://127.0.0.1:8080), UCWA_CLIENT_ID and
# UCWA_CLIENT_SECRET (default: the example configuration's demo client), UCWA_PHOTO (where the
# photo is saved, default ./contact-photo.jpg). Needs bash, curl and node (to read JSON).
set -euo pipefail

watch=0
contact=meet.alice@vc.example.com
for arg in "$@"; do
  case "$arg" in
    --watch) watch=1 ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) contact=$arg ;;
  esac
done

base=${HERALD_URL:-http://127.0.0.1:8080}
client_id=${UCWA_CLIENT_ID:-demo-client}
client_secret=${UCWA_CLIENT_SECRET:-herald-demo-secret-change-me}
photo_file=${UCWA_PHOTO:-./contact-photo.jpg}
api=$base/ucwa/oauth/v1

# field PATH: prints a field of the JSON on stdin (a.b.c); fails if it is missing.
field() {
  node -e '
    let v = JSON.parse(require("fs").readFileSync(0, "utf8"));
    for (const k of process.argv[1].split(".")) v = v == null ? undefined : v[k];
    if (v === undefined) process.exit(1);
    console.log(typeof v === "object" ? JSON.stringify(v) : v);' "$1"
}

# call METHOD PATH [JSON]: an authenticated API request; prints the body, or on an error status
# prints the status and the server's explanation to stderr and fails.
call() {
  local args=(-sS -X "$1" -H "Authorization: Bearer $token" -H 'Accept: application/json' -w '\n%{http_code}')
  if [ $# -ge 3 ]; then args+=(-H 'Content-Type: application/json' --data-binary "$3"); fi
  local answer status
  answer=$(curl "${args[@]}" "$base$2")
  status=${answer##*$'\n'}
  answer=${answer%$'\n'*}
  if [ "$status" -ge 400 ]; then
    echo "$1 $2: HTTP $status $answer" >&2
    return 1
  fi
  printf '%s\n' "$answer"
}

echo "1. Token: client credentials of '$client_id' exchanged at $api/token"
token=$(curl -sS --fail-with-body -X POST "$api/token" \
  --data-urlencode grant_type=client_credentials \
  --data-urlencode "client_id=$client_id" \
  --data-urlencode "client_secret=$client_secret" | field access_token)
echo "   Bearer ${token:0:8}…"

endpoint=$(node -e 'console.log(require("crypto").randomUUID())')
app=$(call POST /ucwa/oauth/v1/applications "{\"userAgent\":\"herald-demo.sh/1.0\",\"endpointId\":\"$endpoint\",\"culture\":\"en-US\"}")
self=$(echo "$app" | field _links.self.href)
echo "2. Application: $self"

person=$(call GET "$self/people/sip:$contact")
echo "3. Contact:  $(echo "$person" | field name) ($(echo "$person" | field title)), $(echo "$person" | field uri)"

presence=$(call GET "$(echo "$person" | field _links.contactPresence.href)")
echo "4. Presence: $(echo "$presence" | field availability)"

note=$(call GET "$(echo "$person" | field _links.contactNote.href)")
echo "5. Note:     $(echo "$note" | field message)"

if photo=$(echo "$person" | field _links.contactPhoto.href); then
  # Photos need no token: browsers and Lync fetch them like any image.
  read -r status type size etag < <(curl -sS -o "$photo_file" -D - -w '%{http_code} %{content_type} %{size_download}\n' "$base$photo" -H 'Accept: image/jpeg' |
    tr -d '\r' | awk 'tolower($1) == "etag:" { etag = $2 } /^[0-9][0-9][0-9] / { line = $0 } END { print line, etag }')
  echo "6. Photo:    $status $type, $size bytes saved to $photo_file (ETag $etag)"
  echo "             again with If-None-Match: $(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$base$photo")"
else
  echo "6. Photo:    the contact has none"
fi

[ "$watch" = 1 ] || exit 0

subscription=$(call POST "$self/people/presenceSubscriptions" "{\"duration\":30,\"uris\":[\"sip:$contact\"]}" | field _links.self.href)
echo "7. Subscribed ($subscription). Waiting for events; edit the directory (e.g. rename the room) to see one. Ctrl-C stops."
next=$(echo "$app" | field _links.events.href)
while :; do
  answer=$(call GET "$next")
  if resync=$(echo "$answer" | field _links.resync.href); then
    echo "$(date +%T.%3N) resync: start again at $resync"
    next=$resync
    continue
  fi
  echo "$answer" | node -e '
    const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const time = new Date().toISOString().slice(11, 23);
    for (const s of a.sender) for (const e of s.events) console.log(`${time} ${e.type} ${e.link.rel} ${e.link.href}`);'
  if echo "$answer" | grep -q '"rel":"presenceSubscription","href":"[^"]*"},"type":"updated"'; then
    call POST "$subscription" '{"duration":30}' > /dev/null && echo "             (extended the subscription)"
  fi
  next=$(echo "$answer" | field _links.next.href)
done
