#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and mpirun need, when any is missing.
# Runs apt-get directly as root, through sudo otherwise. Swift itself is expected on PATH.
set -euo pipefail

packages=(
  pkg-config
  libopenmpi-dev openmpi-bin
  libopenblas-dev
  libpng-dev
  libjpeg62-turbo-dev
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "error: swift is not on PATH; install the Swift 6 toolchain (for example under /opt/swift)" \
    "and add its usr/bin to PATH" >&2
  exit 1
fi
