#!/usr/bin/env bash
# Performance figures, in one run:
#   1. the in-process pipeline benchmark (benches/pipeline.rs, per input);
#   2. whole-process wall time of `unrec extract X -f csv -o /dev/null`
#      against `pdftotext X /dev/null`, the two commands alternated run by
#      run, medians and their ratio, on a 1-page decision, the 12-page
#      reference rendering, a 25-page report and the 181-page report;
#   3. a batch of 200 documents with --jobs 1 and --jobs 2 (documents per
#      second, peak RSS), and peak RSS for 50 and 500 documents;
#   4. instruction counts (valgrind's callgrind) for the 1-, 12- and
#      181-page files: the figure to compare commits by on a noisy machine.
# Needs poppler-utils (pdftotext) and, for 4, valgrind; the real documents
# come from ../shared/corpus/real and are skipped when it is absent.
# RUNS=N sets the runs per command in 2 (default 15). The binary measured is
# the `dist` profile's (target/dist/unrec).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-15}"
real=../shared/corpus/real

echo "== machine"
echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(rustc --version)"
if command -v pdftotext >/dev/null; then { pdftotext -v 2>&1 || true; } | head -1; fi

echo "== in-process pipeline"
cargo bench --quiet --bench pipeline
# The figures are the distribution build's (whole-program LTO, one code
# generation unit): `cargo build --profile dist`.
cargo build --quiet --profile dist
bin=target/dist/unrec

echo "== whole process, alternated with pdftotext ($runs runs each)"
python3 - "$bin" "$runs" \
  "$real/A_HRC_DEC_43_112__g2007307.pdf" \
  fixtures/seed-pdf-libreoffice/seed-libreoffice.pdf \
  "$real/A_HRC_28_15__g1423930.pdf" \
  "$real/A_HRC_43_2__g2110341.pdf" <<'EOF'
import os, statistics, subprocess, sys, time
binary, runs, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
have_poppler = subprocess.run(["sh", "-c", "command -v pdftotext"], capture_output=True).returncode == 0
print(f"{'input':<42} {'unrec':>9} {'pdftotext':>10} {'ratio':>6}")
for path in files:
    if not os.path.exists(path):
        print(f"{os.path.basename(path):<42} absent, skipped")
        continue
    commands = [[binary, "extract", path, "-q", "-f", "csv", "-o", "/dev/null"]]
    if have_poppler:
        commands.append(["pdftotext", path, "/dev/null"])
    times = [[] for _ in commands]
    for i in range(runs + 2):
        for c, command in enumerate(commands):
            started = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if i >= 2:  # two warm-up rounds
                times[c].append(time.perf_counter() - started)
    medians = [statistics.median(t) * 1000 for t in times]
    ratio = f"{medians[0] / medians[1]:.2f}" if len(medians) == 2 else "-"
    poppler = f"{medians[1]:.1f} ms" if len(medians) == 2 else "-"
    print(f"{os.path.basename(path):<42} {medians[0]:>6.1f} ms {poppler:>10} {ratio:>6}")
EOF

echo "== peak RSS, 181-page report"
big="$real/A_HRC_43_2__g2110341.pdf"
if [ -f "$big" ]; then
  rss() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }
  echo "unrec extract: $(($(rss "$bin" extract "$big" -q -f csv -o /dev/null) / 1024)) MiB"
  command -v pdftotext >/dev/null && echo "pdftotext: $(($(rss pdftotext "$big" /dev/null) / 1024)) MiB"
fi

echo "== batch"
if [ -d "$real" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  make_inputs() {  # make_inputs N DIR: N documents, the real PDFs in turn
    mkdir -p "$2"
    local pdfs=("$real"/*.pdf) i=0
    while [ "$i" -lt "$1" ]; do
      local src="${pdfs[$((i % ${#pdfs[@]}))]}"
      case "$src" in *DAMAGED*) src="${pdfs[0]}" ;; esac
      cp "$src" "$2/doc-$i.pdf"
      i=$((i + 1))
    done
  }
  make_inputs 200 "$work/in200"
  for jobs in 1 2; do
    rm -rf "$work/out"
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" batch "$work/in200" -o "$work/out" -q --jobs "$jobs" || true
    # (time writes a line of its own first when the batch exits non-zero.)
    read -r seconds rss < <(tail -1 "$work/time")
    python3 -c "print(f'200 documents, --jobs $jobs: {200 / $seconds:.1f} documents/s ($seconds s), peak RSS {$rss / 1024:.1f} MiB')"
  done
  for n in 50 500; do
    make_inputs "$n" "$work/in$n"
    rm -rf "$work/out"
    /usr/bin/time -f "%M" -o "$work/time" "$bin" batch "$work/in$n" -o "$work/out" -q --jobs 2 || true
    python3 -c "print(f'$n documents, --jobs 2: peak RSS {$(tail -1 "$work/time") / 1024:.1f} MiB')"
    rm -rf "$work/in$n"
  done
else
  echo "$real is absent; the batch figures are skipped"
fi

echo "== instructions (callgrind)"
if command -v valgrind >/dev/null; then
  for input in "$real/A_HRC_DEC_43_112__g2007307.pdf" fixtures/seed-pdf-libreoffice/seed-libreoffice.pdf \
    "$real/A_HRC_43_2__g2110341.pdf"; do
    [ -f "$input" ] || continue
    # (The decision is of no kind unrec reads, so it exits 2: counted all the same.)
    count=$({ valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" extract "$input" -q -f csv -o /dev/null 2>&1 || true; } |
      awk '/refs:/ {print $NF}')
    echo "$(basename "$input"): $count instructions"
  done
else
  echo "valgrind is not installed; instruction counts skipped"
fi
