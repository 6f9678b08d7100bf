#!/usr/bin/env bash
# Builds the Signing Manager's Debian package: jpackage makes the application image (launcher,
# bundled Java runtime, the jar), then dpkg-deb packs it with the PKCS#11 module at the path the
# copied commands use, a `signing-manager` command on the PATH and a desktop menu entry.
#
#   build-deb.sh VERSION APP_JAR PKCS11_MODULE OUTPUT_FOLDER
set -euo pipefail
version=$1 jar=$2 module=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)

name=signing-manager
deb_version=${version/-/\~}          # 1.0.0-SNAPSHOT sorts before 1.0.0 as 1.0.0~SNAPSHOT
arch=$(dpkg --print-architecture)
work=$out/deb-build
root=$work/root
rm -rf "$work"
mkdir -p "$work/input" "$root/opt" "$root/usr/bin" "$root/DEBIAN"

cp "$jar" "$work/input/$name.jar"
jpackage --type app-image --name "$name" --app-version "${version%%-*}" \
  --input "$work/input" --main-jar "$name.jar" --main-class io.signingmanager.manager.Main \
  --description "Signs code through the Signing Service; the keys never leave it" --vendor "Signing Manager" \
  --dest "$root/opt"

install -D -m 0644 "$module" "$root/usr/lib/$name/libsigningmanager-pkcs11.so"
ln -s "/opt/$name/bin/$name" "$root/usr/bin/$name"
install -D -m 0644 "$here/src/deb/$name.desktop" "$root/usr/share/applications/$name.desktop"

# Depends: the Debian packages that own the libraries the image's programs load from the system.
# The window's own libraries (GTK 3, which JavaFX loads at run time) are only recommended, so the
# command line, the agent and the module install on a machine without a desktop.
system_libraries() {
  find "$root" -type f \( -name '*.so' -o -perm -u+x \) -exec sh -c 'file -b "$1" | grep -q "^ELF"' _ {} \; -print \
    | { xargs ldd 2>/dev/null || true; } | awk '/=> \// {print $3}' | grep -v "^$root" | sort -u
}
depends=$(system_libraries | { xargs -r dpkg -S 2>/dev/null || true; } | cut -d: -f1 | sort -u | paste -sd, | sed 's/,/, /g')

cat > "$root/DEBIAN/control" <<CONTROL
Package: $name
Version: $deb_version
Architecture: $arch
Maintainer: Signing Manager <signing-manager@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends
Recommends: libgtk-3-0 | libgtk-3-0t64, libsecret-tools
Suggests: opensc, osslsigncode
Section: devel
Priority: optional
Description: Signing Manager: signs code through the Signing Service
 The desktop app, the command line (signing-manager -h), the agent for local
 tools and the PKCS#11 module /usr/lib/$name/libsigningmanager-pkcs11.so.
 Private keys stay on the Signing Service; only digests and signatures cross
 the network.
CONTROL

dpkg-deb --root-owner-group -Zxz --build "$root" "$out/${name}_${deb_version}_${arch}.deb" >/dev/null
rm -rf "$work"
echo "$out/${name}_${deb_version}_${arch}.deb"
