#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine, once:
#   Debian packages: keytar builds from source (libsecret-1-dev, pkg-config);
#   with --test also Chromium (end-to-end tests), gnome-keyring and dbus (a
#   real Secret Service for the keychain tests);
#   npm packages, without Electron's binary (it cannot be downloaded here).
# Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libsecret-1-dev pkg-config python3 make g++)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(chromium gnome-keyring dbus)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}" >&2
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm ci when node_modules is missing or older than the lock file.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "Installing npm packages" >&2
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
