# The benchmark suite's figures: each part records one tab-separated line per figure in
# $BENCH_RESULTS (section, measure, value, unit, target, note), which scripts/bench-suite.sh
# prints as one table (scripts/lib/results_table.py). Run alone, a part just prints its figures.
# The Python parts write the same lines with bench_results.record.

record() {
  local section=$1 measure=$2 value=$3 unit=$4 target=${5:-} note=${6:-}
  printf '  %-44s %12s %-10s %s\n' "$measure" "$value" "$unit" "${note:+($note)}"
  if [ -n "${BENCH_RESULTS:-}" ]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$section" "$measure" "$value" "$unit" "$target" "$note" >>"$BENCH_RESULTS"
  fi
}

now_ms() { date +%s%3N; }

# Installs a Debian package unless COMMAND is already there (as root, or through sudo).
ensure_package() {
  local command=$1 package=$2
  if command -v "$command" >/dev/null || [ -x "/usr/sbin/$command" ]; then return 0; fi
  echo "==> installing $package"
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq "$package" || { apt-get update -qq && apt-get install -y -qq "$package"; }
  else
    sudo apt-get install -y -qq "$package" || { sudo apt-get update -qq && sudo apt-get install -y -qq "$package"; }
  fi
}
