#!/bin/sh
# Install the Debian packages sfb needs, when any is missing.  Used by the
# Makefile (`make deps`, before every build) and by .ci/run.
#   .ci/deps.sh        build and test dependencies
#   .ci/deps.sh fuzz   also clang and its libFuzzer runtime
set -e

pkgs="gcc make pkg-config libzstd-dev libjq-dev libcsv-dev libssl-dev
	bats bats-support bats-assert mandoc jq zstd
	libspng-dev libjpeg62-turbo-dev libdeflate-dev libyaml-dev zlib1g-dev
	gnuplot-nox fonts-dejavu-core libxml2-utils chromium nodejs"
[ "${1:-}" = fuzz ] && pkgs="$pkgs clang libclang-rt-dev"

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=; else sudo=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
