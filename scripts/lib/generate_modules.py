"""Writes COUNT generated modules, reproducible from SEED, as Tiltas courses of ten English modules
each (a folder per course: course.toml and NN-name.en.md files, each with paragraphs, a list, a
table, three practice questions and its sources), for the benchmark suite's import part
(scripts/bench/modules.sh). With --book it also writes an mdBook of the same Markdown files.
    python3 scripts/lib/generate_modules.py SEED COUNT DIR [--book BOOK_DIR]
"""
import os
import random
import sys

WORDS = ("person worker officer recruiter document passport contract debt housing transport employer "
         "interview referral support shelter interpreter victim inspection border agency consent "
         "threat wage hours agency evidence record safety trust statement child guardian").split()
MODULES_PER_COURSE = 10


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def question(rng, qid):
    kind = rng.choice(["single", "multiple"])
    options = [sentence(rng) for _ in range(4)]
    right = {rng.randrange(4)} if kind == "single" else set(rng.sample(range(4), rng.randint(1, 3)))
    lines = [f"::: question {qid}", f"kind: {kind}", sentence(rng), ""]
    for i, text in enumerate(options):
        lines.append(f"- [{'x' if i in right else ' '}] {text}")
        lines.append(f"  feedback: {sentence(rng)}")
    lines += ["", f"explanation: {sentence(rng)}", ":::"]
    return "\n".join(lines)


def module(rng, course, number):
    mid = f"m{number:02d}"
    body = [f"+++\nid = \"{mid}\"\ntitle = \"Module {number} of {course}\"\norder = {number}\n"
            f"estimated_minutes = {rng.randint(5, 30)}\nobjectives = [\"{sentence(rng)}\", \"{sentence(rng)}\"]\n+++",
            f"# Module {number}", paragraph(rng), "## What to look for",
            "\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(3, 7))), paragraph(rng),
            "| Sign | What to do |\n| --- | --- |\n" + "\n".join(f"| {sentence(rng)} | {sentence(rng)} |" for _ in range(3)),
            paragraph(rng)]
    body += [question(rng, f"{mid}-q{k}") for k in range(1, 4)]
    body += ["## Sources", f"- [{sentence(rng)}](https://example.org/{course}/{mid})"]
    return mid, "\n\n".join(body) + "\n"


def main():
    seed, count, root = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    book = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--book" else None
    rng = random.Random(seed)
    summary = ["# Summary", ""]
    for index in range(count):
        course = f"generated-{index // MODULES_PER_COURSE + 1:04d}"
        folder = os.path.join(root, course)
        number = index % MODULES_PER_COURSE + 1
        if number == 1:
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, "course.toml"), "w") as f:
                f.write('source_language = "en"\nlanguages = ["en"]\naudience = ["police"]\n'
                        f'estimated_minutes = {MODULES_PER_COURSE * 15}\npass_mark = 70\nself_enrolment = true\nprerequisites = []\n\n'
                        f'[certificate]\nawarded = false\n\n[title]\nen = "Generated course {course}"\n\n'
                        f'[summary]\nen = "{sentence(rng)}"\n')
        mid, text = module(rng, course, number)
        name = f"{number:02d}-{mid}.en.md"
        with open(os.path.join(folder, name), "w") as f:
            f.write(text)
        if book:
            os.makedirs(os.path.join(book, "src", course), exist_ok=True)
            with open(os.path.join(book, "src", course, name), "w") as f:
                f.write(text)
            summary.append(f"- [{course} {mid}](./{course}/{name})")
    if book:
        with open(os.path.join(book, "book.toml"), "w") as f:
            f.write('[book]\ntitle = "Generated modules"\nsrc = "src"\n')
        with open(os.path.join(book, "src", "SUMMARY.md"), "w") as f:
            f.write("\n".join(summary) + "\n")


if __name__ == "__main__":
    main()
