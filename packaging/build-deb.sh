#!/usr/bin/env bash
# Builds a Debian package of one of our Java programs: jpackage makes the application image (launcher,
# its own Java runtime, the jar) under /opt/NAME, /usr/bin/NAME runs it, and src/deb/NAME/ adds the
# rest: control fields (control), files at their place (root/), maintainer scripts and conffiles, and
# cds-training: how cds-archive.sh trains the AppCDS archive /opt/NAME/lib/NAME.jsa that the launcher names
# (made here, by the package's own runtime for its own jar, so it fits; a stale one only costs start time),
# java-options (if there): more JVM flags for the launcher, on one line; command (if there): what /usr/bin/NAME
# is, instead of a link to the launcher (the runtime then keeps its bin/java).
#
#   build-deb.sh NAME VERSION JAR MAIN_CLASS OUTPUT_FOLDER [FILE=PATH_IN_PACKAGE ...]
set -euo pipefail
name=$1 version=$2 jar=$3 main_class=$4 out=$5
shift 5
layout=$(cd "$(dirname "$0")" && pwd)/src/deb/$name

deb_version=${version/-/\~}          # 1.0.0-SNAPSHOT sorts before 1.0.0 as 1.0.0~SNAPSHOT
arch=$(dpkg --print-architecture)
work=$out/deb-build-$name
root=$work/root
rm -rf "$work"
mkdir -p "$work/input" "$root/opt" "$root/usr/bin" "$root/DEBIAN"

cp "$jar" "$work/input/$name.jar"
summary=$(sed -n 's/^Description: //p' "$layout/control")
java_options=(--java-options "-XX:SharedArchiveFile=\$APPDIR/../$name.jsa")
if [ -f "$layout/java-options" ]; then
  read -r -a more < "$layout/java-options"
  for option in "${more[@]}"; do java_options+=(--java-options "$option"); done
fi
jlink_options=(--strip-debug --no-man-pages --no-header-files)
[ -f "$layout/command" ] || jlink_options+=(--strip-native-commands)
jpackage --type app-image --name "$name" --app-version "${version%%-*}" \
  --input "$work/input" --main-jar "$name.jar" --main-class "$main_class" \
  --description "$summary" --vendor "Signing Manager" --dest "$root/opt" \
  "${java_options[@]}" --jlink-options "${jlink_options[*]}"
read -r -a training < "$layout/cds-training"
bash "$(dirname "$0")/cds-archive.sh" "$root/opt/$name" "/opt/$name" "${training[@]}" -- "/opt/$name/bin/$name"
if [ -f "$layout/command" ]; then
  install -m 0755 "$layout/command" "$root/usr/bin/$name"
else
  ln -s "/opt/$name/bin/$name" "$root/usr/bin/$name"
fi
cp -a "$layout/root/." "$root/"
for file in "$@"; do
  install -D -m 0644 "${file%%=*}" "$root/${file#*=}"
done
for script in postinst prerm postrm; do
  if [ -f "$layout/$script" ]; then install -m 0755 "$layout/$script" "$root/DEBIAN/$script"; fi
done
if [ -f "$layout/conffiles" ]; then install -m 0644 "$layout/conffiles" "$root/DEBIAN/conffiles"; fi

# Depends: the Debian packages that own the libraries the image's programs load from the system.
system_libraries() {
  find "$root" -type f \( -name '*.so' -o -perm -u+x \) -exec sh -c 'file -b "$1" | grep -q "^ELF"' _ {} \; -print \
    | { xargs ldd 2>/dev/null || true; } | awk '/=> \// {print $3}' | grep -v "^$root" | sort -u
}
depends=$(system_libraries | { xargs -r dpkg -S 2>/dev/null || true; } | cut -d: -f1 | sort -u | paste -sd, | sed 's/,/, /g')

{
  echo "Package: $name"
  echo "Version: $deb_version"
  echo "Architecture: $arch"
  echo "Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)"
  echo "Depends: $depends"
  cat "$layout/control"
} > "$root/DEBIAN/control"

dpkg-deb --root-owner-group -Zxz --build "$root" "$out/${name}_${deb_version}_${arch}.deb" >/dev/null
rm -rf "$work"
echo "$out/${name}_${deb_version}_${arch}.deb"
