#!/usr/bin/env bash
# Timings: the in-process pipeline benchmark, then whole-command timings with
# hyperfine when it is installed (Debian package `hyperfine`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --quiet --bench pipeline
cargo build --quiet --release
if command -v hyperfine >/dev/null; then
  inputs=(fixtures/seed/seed.txt fixtures/seed-pdf-libreoffice/seed-libreoffice.pdf ../shared/corpus/real/A_HRC_43_2__g2110341.pdf)
  for input in "${inputs[@]}"; do
    [ -f "$input" ] || continue
    hyperfine --warmup 2 --runs 10 "target/release/unrec extract $input -f csv -q -o /dev/null"
  done
else
  echo "hyperfine not installed (apt-get install hyperfine); whole-command timings skipped"
fi
