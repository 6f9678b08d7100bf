#!/usr/bin/env bash
# The Signing Manager's class archive training (cds-archive.sh, training "sign"): one real
# `signing-manager sign` of 64 PowerShell scripts, as the command runs on a build machine, against a Signing
# Service started for it, so the archive holds what a signing command loads (settings, TLS, the batch call,
# jsign, BouncyCastle's CMS) and not only the help's classes. The service and everything it made live in WORK.
#
#   cds-sign-training.sh WORK CLASS_LIST COMMAND...
#       SERVICE_JAR: the Signing Service's jar, run with the `java` on the PATH; needs curl and openssl
set -euo pipefail
source "$(dirname "$0")/service-port.sh"
work=$1 list=$2
shift 2
command=("$@")
: "${SERVICE_JAR:?SERVICE_JAR must name the Signing Service jar to train against}"

data=$work/service
mkdir -m 0700 "$data"
java -jar "$SERVICE_JAR" --data "$data" --port 0 --host 127.0.0.1 > "$work/service.log" 2>&1 &
service=$!
trap 'kill "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true' EXIT
port=$(service_port "$work/service.log" "$service")
pin=$(sed -n 's/.* TLS certificate SHA-256 \([0-9A-F:]*\).*/\1/p' "$work/service.log")

# The README's first use: a new admin password, the agreement, a code-signing certificate, an API key.
url=https://localhost:$port
call=(curl --silent --show-error --fail --cacert "$data/tls-certificate.pem")
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
token=$("${call[@]}" "$url/api/v1/auth/login" -d '{"username":"admin","password":"change_password"}' | field token)
admin=(-H "Authorization: Bearer $token")
"${call[@]}" "${admin[@]}" "$url/api/v1/auth/password" \
  -d '{"currentPassword":"change_password","newPassword":"class archive training"}' > /dev/null
"${call[@]}" "${admin[@]}" -X POST "$url/api/v1/auth/agreement" > /dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/training.key" -out "$work/training.crt" -days 2 \
  -subj "/CN=Class Archive Training" -addext extendedKeyUsage=codeSigning 2> /dev/null
openssl pkcs12 -export -inkey "$work/training.key" -in "$work/training.crt" -out "$work/training.p12" \
  -passout pass:training
"${call[@]}" "${admin[@]}" "$url/api/v1/admin/certificates" -F file=@"$work/training.p12" -F password=training > /dev/null
key=$("${call[@]}" "${admin[@]}" "$url/api/v1/admin/api-keys" -d '{"name":"class archive training"}' | field key)
sha1=$(openssl x509 -in "$work/training.crt" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g')

# The Signing Manager registered in a home of its own (its secrets in the home's file: no desktop keyring).
manager() { env -u DBUS_SESSION_BUS_ADDRESS SIGNING_MANAGER_HOME="$work/home" "$@"; }
mkdir -m 0700 "$work/home" "$work/scripts" "$work/signed"
manager "${command[@]}" -s -i "$url" -a "$key" -u --pin "$pin" > "$work/register.log" 2>&1 \
  || { cat "$work/register.log" >&2; exit 1; }
for i in $(seq 64); do printf "Write-Host 'script %d'\r\n" "$i" > "$work/scripts/script$i.ps1"; done
manager env JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$list" "${command[@]}" sign --cert "$sha1" \
  --output "$work/signed" "$work/scripts/"*.ps1 > "$work/sign.log" 2>&1 || { cat "$work/sign.log" >&2; exit 1; }
[ "$(ls "$work/signed" | wc -l)" -eq 64 ] || { cat "$work/sign.log" >&2; echo "sign training: not all signed" >&2; exit 1; }
