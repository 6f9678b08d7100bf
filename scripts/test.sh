#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine (as root), then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use; later issues add secret-store and signing tools here.
packages=(openjdk-17-jdk-headless maven gcc make opensc chromium chromium-driver gnome-keyring libsecret-tools dbus
          libengine-pkcs11-openssl openssl osslsigncode gnutls-bin gcc-mingw-w64-x86-64 gcab msitools wixl
          file desktop-file-utils postgresql systemd umoci curl p11-kit p11-kit-modules libnss3-tools gpgsm gnupg-pkcs11-scd git age
          # ../shared/apple-tools/setup.sh builds with these (it installs them too, but without apt-get update)
          clang lld llvm libssl-dev libxml2-dev zlib1g-dev libbz2-dev liblzma-dev autoconf automake libtool pkg-config
          libplist-dev cpio g++ python3-asn1crypto python3-oscrypto
          # ../shared/pkcs11-suites/build.sh builds with these and some above (it installs them too, but without apt-get update)
          libcmocka-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]}; run this script as root to install them." >&2
    exit 1
  fi
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

mvn -B -ntp verify "$@"
