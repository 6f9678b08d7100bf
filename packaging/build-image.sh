#!/usr/bin/env bash
# Builds the Signing Service's OCI image layout without a container daemon and without a base image: the
# root filesystem is made the way distroless images are, from Debian packages unpacked with dpkg-deb (the C
# libraries the Java runtime loads, found with ldd; the CA bundle; tzdata), plus a jlink runtime of the
# modules the service needs (jdeps on the jar) and the jar. No shell, no package manager, no JDK.
# umoci adds the layer and writes the configuration; the layout is also packed as an oci-archive tar.
#
#   build-image.sh VERSION JAR OUTPUT_FOLDER [SOURCE_URL [LICENSES]]
#
# SOURCE_URL (label org.opencontainers.image.source) defaults to the git remote "origin"; LICENSES (an SPDX
# expression, org.opencontainers.image.licenses) to LicenseRef-Proprietary.
# Output: OUTPUT_FOLDER/image (an OCI layout, tag VERSION) and OUTPUT_FOLDER/signing-service-VERSION-oci.tar.
set -euo pipefail
version=$1 jar=$2 out=$3
source_url=${4:-$(git -C "$(dirname "$0")" remote get-url origin 2>/dev/null || echo "unknown: build with -Dimage.source=URL")}
licenses=${5:-LicenseRef-Proprietary}

uid=10001                                   # the service's user and group, fixed so volumes can be prepared
app=/opt/signing-service
data=/var/lib/signing-service
work=$out/image-build
root=$work/root
layout=$out/image
rm -rf "$work" "$layout"
mkdir -p "$work/debs" "$work/debian" "$root/opt"

# Modules: what jdeps sees the jar use, plus those found only through service loaders (EC keys and TLS).
modules=$(jdeps --print-module-deps --ignore-missing-deps --multi-release 17 "$jar"),jdk.crypto.ec
# Modules left uncompressed: the layer's gzip does better on them (27 MB against 33 MB for --compress=2), and
# classes load without inflating (the health check, a new JVM each time: 2.4 s against 2.6 to 3.0 s here).
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --output "$root$app"
# java.desktop is there for java.beans (Jackson) and classes libraries name (H2's console, Jetty's leak
# preventers); its native parts for windows, sound, fonts and images, which a headless service never loads,
# would pull X11, ALSA, freetype and image libraries into the image.
rm -f "$root$app"/lib/{libawt_xawt,libsplashscreen,libjsound,libfontmanager,libjavajpeg,liblcms,libmlib_image}.so
install -m 0644 "$jar" "$root$app/signing-service.jar"
java=$app/bin/java
# Exec form: no shell in between, so the JVM gets SIGTERM itself and runs its shutdown hooks.
# -XX:-UsePerfData: nothing written to /tmp, so the root filesystem may be read-only. -XX:SharedArchiveFile:
# the classes from the AppCDS archive (start to the first answer and each health check: docs/performance.md).
entrypoint=("$java" -XX:-UsePerfData -XX:MaxRAMPercentage=75 -XX:SharedArchiveFile="$app/signing-service.jsa"
            -jar "$app/signing-service.jar")
# The AppCDS archive the entrypoint names, made by the entrypoint: it fits only the jar's path, size and mtime,
# so the jar gets now the mtime the layer's tar gives every file.
epoch=${SOURCE_DATE_EPOCH:-$(date +%s)}
touch -d @"$epoch" "$root$app/signing-service.jar"
bash "$(dirname "$0")/cds-archive.sh" "$root$app" "$app" service -- "${entrypoint[@]}"

# The Debian packages that own the libraries the runtime's programs and libraries load (usrmerge: a library
# ldd finds under /lib is known to dpkg under /lib or /usr/lib).
libraries=$(find "$root$app" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 | xargs -0 ldd 2>/dev/null \
  | awk '/=> \// {print $3}' | grep -v "^$root" | sort -u)
owner() { dpkg -S "$1" 2>/dev/null || dpkg -S "/usr$1" 2>/dev/null || dpkg -S "$(readlink -f "$1")"; }
packages=$(for library in $libraries; do owner "$library"; done | cut -d: -f1 | sort -u)
packages="$packages ca-certificates tzdata"
sandbox=(); [ "$(id -u)" -ne 0 ] || sandbox=(-o APT::Sandbox::User=root)   # root: _apt may not write here
download() { (cd "$work/debs" && apt-get "${sandbox[@]}" download "$@" >/dev/null); }
download $packages
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/debian"; done
# A package whose documentation folder links to another's (libstdc++6 to gcc-12-base) has its copyright
# there: that package is fetched too, for its copyright only.
linked=$(find "$work/debian/usr/share/doc" -maxdepth 1 -type l -exec readlink {} \; | xargs -rn1 basename | sort -u)
if [ -n "$linked" ]; then
  download $linked
  for package in $linked; do dpkg-deb -x "$work"/debs/"${package}"_*.deb "$work/debian"; done
fi
# Keep the libraries, the time zones, the certificates and each package's copyright; drop programs,
# documentation, translations and iconv modules (Java converts characters itself).
(cd "$work/debian" && find . \( -name '*.so*' -type f -o -name '*.so*' -type l -o -path './usr/share/zoneinfo/*' \
    -o -path './usr/share/ca-certificates/*' -o -path './usr/share/doc/*/copyright' -o -path './usr/share/doc/*' -type l \) \
    -not -path '*/gconv/*' -print0 \
  | cpio --null -pdm --quiet "$root")
mkdir -p "$root/etc/ssl/certs"
find "$root/usr/share/ca-certificates" -name '*.crt' -print0 | sort -z | xargs -0 cat > "$root/etc/ssl/certs/ca-certificates.crt"
ln -sf /usr/share/zoneinfo/Etc/UTC "$root/etc/localtime"

printf 'root:x:0:0:root:/root:/sbin/nologin\nsigning-service:x:%s:%s:Signing Service:%s:/sbin/nologin\n' \
  "$uid" "$uid" "$data" > "$root/etc/passwd"
printf 'root:x:0:\nsigning-service:x:%s:\n' "$uid" > "$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
mkdir -p "$root/tmp" "$root/root" "$root$data" "$root/proc" "$root/sys" "$root/dev"    # mount points
chmod 1777 "$root/tmp"
chmod 0700 "$root/root" "$root$data"

# One layer, with owners written by tar rather than chown, so the build needs no root: everything root's
# but the data folder, which is the service's (owner-only, as the service demands).
tar_options=(--numeric-owner --sort=name --mtime=@"$epoch" --format=pax
             --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime)
tar -C "$root" -cf "$work/layer.tar" "${tar_options[@]}" --owner=0 --group=0 --exclude=".$data" .
tar -C "$root" -cf "$work/data.tar" "${tar_options[@]}" --owner=$uid --group=$uid --no-recursion ".$data"
tar -Af "$work/layer.tar" "$work/data.tar"

image="$layout:$version"
umoci init --layout "$layout"
umoci new --image "$image"
umoci raw add-layer --image "$image" --history.created_by "packaging/build-image.sh" "$work/layer.tar"
health=$(printf '"%s",' "${entrypoint[@]}" health)
labels=(org.opencontainers.image.title="Signing Service" org.opencontainers.image.version="$version"
        org.opencontainers.image.source="$source_url" org.opencontainers.image.licenses="$licenses"
        org.opencontainers.image.description="Remote code signing: private keys in one place, signatures over HTTPS"
        io.signingmanager.healthcheck="[${health%,}]")
config=(--os linux --architecture "$(dpkg --print-architecture)" --author "Signing Manager"
        --config.user "$uid:$uid" --config.workingdir "$data" --config.volume "$data" --config.exposedports 3000/tcp
        --config.env "SIGNING_SERVICE_DATA=$data" --config.env "PATH=$app/bin" --config.env "LANG=C.UTF-8"
        --config.stopsignal SIGTERM)
for word in "${entrypoint[@]}"; do config+=(--config.entrypoint "$word"); done
for label in "${labels[@]}"; do config+=(--config.label "$label" --manifest.annotation "$label"); done
umoci config --image "$image" --history.created_by "packaging/build-image.sh: user, entrypoint, port, volume, labels" \
  "${config[@]}"
umoci gc --layout "$layout"

tar -C "$layout" -cf "$out/signing-service-$version-oci.tar" --sort=name .
rm -rf "$work"
echo "$layout:$version ($(du -sk "$layout" | cut -f1) KiB compressed)"
