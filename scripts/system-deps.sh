#!/usr/bin/env bash
# What the tests need from the system (Debian packages), in one place for `npm test` and `.ci/run`.
#   scripts/system-deps.sh --check    print the missing packages (one line) and exit 1 if any
#   scripts/system-deps.sh --install  install the missing ones with apt-get (as root, or with sudo without a password)
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium)
command -v socat >/dev/null 2>&1 || missing+=(socat)
[ -e /usr/lib/x86_64-linux-gnu/libusb-1.0.so.0 ] || ldconfig -p 2>/dev/null | grep -q libusb-1.0.so.0 || missing+=(libusb-1.0-0)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# The PostgreSQL store's tests start a throwaway cluster with initdb/pg_ctl (Debian keeps them out of PATH).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)

[ ${#missing[@]} -eq 0 ] && exit 0

case "${1:---check}" in
  --check)
    echo "missing system packages: ${missing[*]} — install them with: sudo apt-get install -y ${missing[*]}  (or run: sudo scripts/system-deps.sh --install)"
    exit 1
    ;;
  --install)
    if [ "$(id -u)" -eq 0 ]; then
      sudo=()
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      echo "missing system packages: ${missing[*]} — install them with: sudo apt-get install -y ${missing[*]}"
      exit 1
    fi
    echo "[system] installing: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
    ;;
  *)
    echo "usage: scripts/system-deps.sh --check | --install" >&2
    exit 2
    ;;
esac
