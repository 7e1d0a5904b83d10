#!/usr/bin/env bash
# First-time setup: the system packages for jars' fast CPU path, then `npm ci`.
#
#   scripts/setup.sh [--no-npm] [more apt packages...]
#
# jars' native kernels (native/, oneDNN) make tfjs training about 6x faster on CPU; npm builds
# them during `npm ci` only when oneDNN's headers (libdnnl-dev) and a C++ toolchain are there.
# Where apt-get exists and this runs as root or with passwordless sudo, it installs
# libdnnl-dev, build-essential and python3 (node-gyp's needs) plus any packages named on the command
# line; otherwise it prints the command to run. Either way it goes on: without them `npm ci` still
# succeeds and jars trains on plain wasm, more slowly. --no-npm stops after the packages (CI).
set -uo pipefail
cd "$(dirname "$0")/.."

npm_ci=1
if [ "${1:-}" = "--no-npm" ]; then
  npm_ci=0
  shift
fi
packages=(libdnnl-dev build-essential python3 "$@")
say() { echo "setup: $*"; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed'; }

if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for pkg in "${packages[@]}"; do installed "$pkg" || missing+=("$pkg"); done
  if [ "${#missing[@]}" -eq 0 ]; then
    say "system packages present: ${packages[*]}"
  else
    sudo_cmd=
    can_install=0
    if [ "$(id -u)" = 0 ]; then
      can_install=1
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      can_install=1
      sudo_cmd="sudo -n"
    fi
    if [ "$can_install" = 0 ]; then
      say "not root and no passwordless sudo, so not installing: ${missing[*]}"
      say "for the native kernels (training ~6x faster), run:  sudo apt-get install -y ${missing[*]}  then  npm ci"
    else
      say "installing with apt-get: ${missing[*]}"
      $sudo_cmd apt-get update -qq || say "apt-get update failed; trying the install anyway"
      for pkg in "${missing[@]}"; do
        $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null \
          || say "$pkg not installed (what needs it is skipped or slower)"
      done
    fi
  fi
else
  say "no apt-get here: for the native kernels install oneDNN (its development package, e.g. libdnnl-dev / onednn-devel / brew install onednn), a C++ compiler and python3, then run npm ci again"
fi

[ "$npm_ci" = 1 ] || exit 0
npm ci || exit $?
if node -e "require('jars-native')" >/dev/null 2>&1; then
  say "native kernels: on"
else
  say "native kernels: off (oneDNN was not found when npm built them): jars works, training runs on plain wasm, about 6x slower"
fi
