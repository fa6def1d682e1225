#!/usr/bin/env bash
# Installs, with apt-get, exactly what Granary's build and test suite need on Debian 12.
# Idempotent: when everything is present it prints nothing and exits 0.
#
# LLVM 14 is chosen because it is Debian 12's default LLVM (llvm-14-dev), so the JIT builds
# against the same toolchain clang-tidy/clang-format ship with and needs no extra repository.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build ccache make pkg-config bison flex
  # libraries
  libboost-dev libicu-dev libssl-dev llvm-14-dev zlib1g-dev catch2
  # test-only: PostgreSQL 15 is the oracle in differential tests; clients exercise the server
  postgresql postgresql-client libpq-dev python3 python3-psycopg2
  openjdk-17-jdk-headless libpostgresql-jdbc-java
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$package")
  fi
done

# node-postgres's test needs Node.js and npm; a machine that has them from elsewhere keeps them.
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)

if [ ${#missing[@]} -ne 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup: done"
fi

# npm's pg for tests/clients (node-postgres), pinned by the committed package-lock.json.
node_test="$(cd "$(dirname "$0")/.." && pwd)/tests/clients/node"
if [ ! -f "$node_test/node_modules/pg/package.json" ]; then
  echo "setup: npm ci in tests/clients/node"
  (cd "$node_test" && npm ci --no-audit --no-fund --silent)
fi
