#!/usr/bin/env bash
# Makes the AppCDS archive (class data sharing) of one of our programs with the very Java runtime and jar
# that ship with it, so at start the JDK's and the jar's classes are mapped ready-parsed instead of being
# read, parsed and verified each time (docs/performance.md, "Start-up"). A static archive (-Xshare:dump from
# the class list of a training run) rather than a dynamic one: jlink and jpackage runtimes have no base
# archive for -XX:ArchiveClassesAtExit to build on.
#
#   cds-archive.sh BUILT_FOLDER INSTALLED_FOLDER service -- COMMAND...
#       train with the Signing Service: start it on a temporary data folder, ask it /api/v1/version once (its
#       own health command, a second JVM), stop it with SIGTERM
#   cds-archive.sh BUILT_FOLDER INSTALLED_FOLDER sign -- COMMAND...
#       train with the Signing Manager: one real sign of many scripts against a Signing Service run from the
#       jar SERVICE_JAR names (cds-sign-training.sh)
#   cds-archive.sh BUILT_FOLDER INSTALLED_FOLDER ARGS... -- COMMAND...
#       train with one run of COMMAND ARGS
#
# COMMAND is how the program starts once installed (a jpackage launcher, or java with its flags and -jar);
# it names the archive itself with -XX:SharedArchiveFile (in the launcher's .cfg, or on the line), and the
# JVM options for training and dump come through JAVA_TOOL_OPTIONS. The JVM of JDK 17 takes an archive only
# with the jar at the path it had at the dump (and its size and modification time), so all runs are in a
# mount namespace of their own in which BUILT_FOLDER is at INSTALLED_FOLDER (root, or a user namespace).
# The jar must already have its final modification time. At start a stale or missing archive costs start-up
# time, never the start: the JVM then runs without it (a stale one with a warning; the tests check both).
set -euo pipefail
built=$1 installed=$2
shift 2

if [ -z "${CDS_ARCHIVE_MOUNTED:-}" ]; then
  namespace=(unshare --mount); [ "$(id -u)" -eq 0 ] || namespace+=(--map-root-user)
  built=$(cd "$built" && pwd)
  # A tmpfs on the installed folder's parent keeps the build machine's own folder of that name (if any) apart.
  exec "${namespace[@]}" env CDS_ARCHIVE_MOUNTED=1 bash -c '
    set -e
    mount -t tmpfs tmpfs "$(dirname "$2")"
    mkdir "$2"
    mount --bind "$1" "$2"
    exec bash "$0" "$@"' "$0" "$built" "$installed" "$@"
fi

source "$(dirname "$0")/service-port.sh"
training=()
while [ "$1" != -- ]; do training+=("$1"); shift; done
shift
command=("$@")
archive=
for word in "${command[@]}" $(cat "$installed"/lib/app/*.cfg 2>/dev/null); do
  case $word in *-XX:SharedArchiveFile=*) archive=${word#*SharedArchiveFile=} ;; esac
done
archive=${archive//\$APPDIR/$installed/lib/app}
[ -n "$archive" ] || { echo "cds-archive.sh: the command names no -XX:SharedArchiveFile" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -f "$archive"
jvm() { JAVA_TOOL_OPTIONS="$1" "${command[@]}" "${@:2}"; }
list=$work/classes.lst
if [ "${training[0]}" = service ]; then
  mkdir -m 0700 "$work/data"
  # Not through jvm(): in the background that would be a subshell, and $! its PID rather than the JVM's.
  JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$list" "${command[@]}" --data "$work/data" --port 0 --host 127.0.0.1 \
    > "$work/log" 2>&1 &
  pid=$!
  port=$(service_port "$work/log" "$pid")
  SIGNING_SERVICE_DATA=$work/data "${command[@]}" health --port "$port" --host 127.0.0.1 >/dev/null \
    || { kill "$pid"; cat "$work/log" >&2; exit 1; }
  kill -TERM "$pid"
  wait "$pid" || [ $? -eq 143 ]
elif [ "${training[0]}" = sign ]; then
  bash "$(dirname "$0")/cds-sign-training.sh" "$work" "$list" "${command[@]}"
else
  jvm "-XX:DumpLoadedClassList=$list" "${training[@]}" > "$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
fi

# -Xshare:dump writes the archive and ends the JVM before the program's main runs.
jvm "-Xshare:dump -XX:SharedClassListFile=$list" > "$work/dump" 2>&1 || { cat "$work/dump" >&2; exit 1; }
chmod 0644 "$archive"
# The proof: with -Xshare:on a JVM that cannot map the archive refuses to start.
case ${training[0]} in
  service) check=(--help) ;;
  sign) check=(-h) ;;
  *) check=("${training[@]}") ;;
esac
jvm -Xshare:on "${check[@]}" > "$work/check" 2>&1 || { cat "$work/check" >&2; exit 1; }
echo "$archive: $(grep -c . "$list") classes, $(du -k "$archive" | cut -f1) KiB"
