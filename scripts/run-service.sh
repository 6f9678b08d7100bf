#!/usr/bin/env bash
# Builds the Signing Service and runs it on its embedded default: H2 and a self-signed TLS
# certificate in ./signing-service-data, https://localhost:3000. Extra arguments go to the service.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -DskipTests -pl server -am package
exec java -jar server/target/signing-service.jar "$@"
