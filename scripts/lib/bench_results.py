"""The Python half of scripts/lib/results.sh: records a benchmark figure in $BENCH_RESULTS."""
import os
import statistics


def record(section, measure, value, unit, target="", note=""):
    print(f"  {measure:44} {value:>12} {unit:10} {f'({note})' if note else ''}", flush=True)
    path = os.environ.get("BENCH_RESULTS")
    if path:
        with open(path, "a") as results:
            results.write("\t".join(str(field) for field in (section, measure, value, unit, target, note)) + "\n")


def record_times(section, label, times, target=""):
    """The median and the slowest of several server times, in milliseconds."""
    record(section, f"{label}, median", f"{statistics.median(times):.2f}", "ms", target, f"of {len(times)}")
    record(section, f"{label}, slowest", f"{max(times):.2f}", "ms")
