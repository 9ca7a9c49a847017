"""Prints the benchmark suite's results (scripts/lib/results.sh) as one table, after the machine
they were measured on: python3 results_table.py RESULTS MACHINE."""
import sys


def main():
    results, machine = sys.argv[1], sys.argv[2]
    print("\n" + "=" * 100)
    print("Tiltas benchmark suite: results")
    with open(machine) as lines:
        for line in lines:
            print("  " + line.rstrip())
    rows = [line.rstrip("\n").split("\t") for line in open(results) if line.strip()]
    # Grouped by section, in the order the sections first appear (the parts interleave them).
    order = list(dict.fromkeys(row[0] for row in rows))
    rows.sort(key=lambda row: order.index(row[0]))
    header = ("Measure", "Value", "Unit", "Target", "Note")
    widths = [max([len(header[0])] + [len(r[1]) for r in rows]), max([len(header[1])] + [len(r[2]) for r in rows]),
              max([len(header[2])] + [len(r[3]) for r in rows]), max([len(header[3])] + [len(r[4]) for r in rows])]
    section = None
    for row in rows:
        if row[0] != section:
            section = row[0]
            print(f"\n{section}")
            print("  " + "  ".join(h.ljust(w) if i != 1 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))) + "  Note")
        measure, value, unit, target, note = row[1:6]
        print(f"  {measure.ljust(widths[0])}  {value.rjust(widths[1])}  {unit.ljust(widths[2])}  {target.ljust(widths[3])}  {note}")
    print("=" * 100)


if __name__ == "__main__":
    main()
