#!/usr/bin/env bash
# Run one fuzz target for a number of seconds: scripts/fuzz.sh TARGET SECONDS
# Targets: pdf, text, citation, docx (fuzz/fuzz_targets/). The corpora are
# seeded from the fixtures; crashes land in fuzz/artifacts/TARGET/.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); runs on the stable
# toolchain through RUSTC_BOOTSTRAP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?target: pdf, text, citation or docx}"
seconds="${2:-60}"
corpus="fuzz/corpus/$target"
mkdir -p "$corpus"
case "$target" in
  pdf) find fixtures -name '*.pdf' -size -200k -exec cp -n {} "$corpus"/ \; ;;
  text) find fixtures -name '*.txt' -size -100k -exec cp -n {} "$corpus"/ \; ;;
  citation) find fixtures -name 'index*.txt' -exec cp -n {} "$corpus"/ \; ;;
  docx) find fixtures -name '*.docx' -exec cp -n {} "$corpus"/ \; ;;
esac
export RUSTC_BOOTSTRAP=1
cd fuzz
exec cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10
