#!/bin/sh
# OpenSC's pkcs11-tool loads the built module (no agent running): the slot and token, the
# mechanisms, and C_Initialize again in a forked child (--test-fork).
set -eu
module=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export SIGNING_MANAGER_AGENT_SOCKET="$out/no-agent.sock"
tool() { pkcs11-tool --module "$module" "$@" >"$out/stdout" 2>"$out/stderr"; }
fail() { echo "pkcs11_tool_test: $*" >&2; cat "$out/stdout" "$out/stderr" >&2; exit 1; }

tool --list-slots || fail "--list-slots failed"
grep -q "token label *: Signing Manager$" "$out/stdout" || fail "no Signing Manager token"
grep -q "token flags *: token initialized$" "$out/stdout" || fail "token flags"
grep -q "signing-manager-pkcs11: the Signing Manager agent is not reachable" "$out/stderr" || fail "no log line"

tool --list-mechanisms || fail "--list-mechanisms failed"
for m in RSA-PKCS SHA1-RSA-PKCS SHA256-RSA-PKCS SHA384-RSA-PKCS SHA512-RSA-PKCS RSA-PKCS-PSS \
         ECDSA ECDSA-SHA256 ECDSA-SHA384 ECDSA-SHA512; do
  grep -q "^  $m, keySize=.*, sign$" "$out/stdout" || fail "mechanism $m"
done

tool --test-fork || fail "--test-fork failed"
grep -q "Calling C_Initialize in forked child process" "$out/stdout" "$out/stderr" || fail "no forked child"
echo "pkcs11_tool_test: all checks passed"
