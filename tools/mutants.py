#!/usr/bin/python3
"""Mutation testing of the topic tests: does each topic's test program catch wrong code?

Beside each topic's tests sits tests/MODULE/NN_name.mutants: bugs a learner really writes, each
as an edit of the reference solution. For every mutant this script writes the edited solution to a
file of its own, builds that topic's test program on the exercise track with that file as the
learner's, and runs it. The mutant is *killed* when the program fails,
crashes or times out; it *survives* when every test passes, and then the tests need a new check.

    tools/mutants.py                      every topic that has mutants
    tools/mutants.py ml/02 nn/05_dense    these topics (short names as in ./llmlings)
    tools/mutants.py --list               the mutants, without building anything

Options: --build DIR (default build/mutants), --jobs N (default: the number of CPUs). DIR may be
an existing learner-track build (the self-test passes its exercise build): the mutants reuse its
compiled shared parts and oracles. --baseline REF: a build whose topic test programs run the
reference solutions (the self-test passes its exercise build once rebuilt with solutions/ as the
learner's directory); they show that the unmutated solution passes and how long its tests run,
instead of building each topic here once unmutated first (from copies of the solutions in DIR/src).
Exit status 0 when every mutant is killed; 1 when one survives, does not apply (its `find` text
is not in the solution exactly once), does not compile, or the unmutated solution fails.

The file format (INI-like, as manifest.ini):

    [mutant off-by-one-in-sum]
    bug = the loop starts at 1, so the first element is never added
    find = for (std::size_t i = 0; i < a.size(); ++i) {
    replace = for (std::size_t i = 1; i < a.size(); ++i) {

`find` and `replace` may be repeated: the lines are joined with newlines, so a mutant can span
several lines. The text after "= " is taken verbatim (leading spaces are part of it). `find` must
occur exactly once in the solution.

--jobs mutants are compiled, linked and run at a time, each by a worker with its own directory
(DIR/mutant-work/wN), so the cores stay busy to the last mutant, whatever topics are left.

Where clang++ is installed, each mutant's test file is compiled first by clang++ at -O0 with a
precompiled header of its own (2-3x less CPU than g++ at -Og) and linked with the build's
objects; a mutant that this program does not kill (it does not compile, every test passes, or it
times out) is compiled again with the build's own compiler, whose verdict stands. --gcc-only
skips the clang compile.
"""
import argparse
import concurrent.futures
import os
import queue
import pathlib
import re
import shutil
import subprocess
import sys
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def topics():
    """The written topics, in curriculum order, from the one manifest reader (tools/manifest.sh)."""
    out = subprocess.run(["bash", str(ROOT / "tools" / "manifest.sh"), "written"], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    return out.split()


def topic_file(t):
    """The topic's file under solutions/ and exercises/: MODULE/NN_name.cuh for a topic of CUDA
    kernels, MODULE/NN_name.hpp otherwise."""
    return f"{t}.cuh" if (ROOT / "solutions" / f"{t}.cuh").exists() else f"{t}.hpp"


def resolve(arg, all_topics):
    arg = arg.removesuffix(".hpp").removesuffix(".cuh").removeprefix("exercises/").removeprefix("solutions/")
    found = []
    for t in all_topics:
        mod, base = t.split("/")
        num, _, name = base.partition("_")
        if arg == t:
            return t
        if arg in (f"{mod}/{num}", base, name, f"{mod}/{name}"):
            found.append(t)
    if len(found) != 1:
        sys.exit(f"mutants: '{arg}' names {'no topic' if not found else 'several topics: ' + ' '.join(found)}")
    return found[0]


class Mutant:
    def __init__(self, topic, name, line):
        self.topic, self.name, self.line = topic, name, line
        self.bug, self.find, self.replace = "", [], []

    def __str__(self):
        return f"{self.topic} [{self.name}]"


def parse(topic):
    """The mutants of a topic, in file order; exits with a message on a malformed file."""
    path = ROOT / "tests" / f"{topic}.mutants"
    if not path.exists():
        return []
    mutants, current, errors = [], None, []
    for n, raw in enumerate(path.read_text().split("\n"), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        header = re.fullmatch(r"\[mutant ([a-z0-9][a-z0-9-]*)\]", raw)
        if header:
            current = Mutant(topic, header.group(1), n)
            mutants.append(current)
            continue
        field = re.match(r"(bug|find|replace) =(?: (.*))?$", raw)
        if not field or current is None:
            errors.append(f"{path.relative_to(ROOT)}:{n}: expected [mutant NAME] or bug/find/replace = ...")
            continue
        key, value = field.group(1), field.group(2) or ""
        if key == "bug":
            current.bug = value
        else:
            getattr(current, key).append(value)
    names = [m.name for m in mutants]
    for m in mutants:
        if not m.bug or not m.find:
            errors.append(f"{path.relative_to(ROOT)}:{m.line}: mutant {m.name} needs a bug and a find line")
        if names.count(m.name) > 1:
            errors.append(f"{path.relative_to(ROOT)}:{m.line}: mutant name {m.name} is used twice")
    if errors:
        sys.exit("\n".join(sorted(set(errors))))
    return mutants


def apply(mutant, text):
    """The solution text with the mutant written in, or None when `find` is not there exactly once."""
    find, replace = "\n".join(mutant.find), "\n".join(mutant.replace)
    if text.count(find) != 1 or find == replace:
        return None
    return text.replace(find, replace)


def copy_if_changed(src, dst):
    if not dst.exists() or dst.read_bytes() != src.read_bytes():
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace", **kw)


def target(topic):
    return "test_" + topic.replace("/", "_")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("topics", nargs="*")
    ap.add_argument("--build", default="build/mutants")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--baseline", metavar="REF", help="a built reference-track build to run the unmutated tests from")
    ap.add_argument("--gcc-only", action="store_true", help="compile every mutant with the build's own compiler")
    args = ap.parse_args()

    every = topics()
    chosen = [resolve(a, every) for a in args.topics] if args.topics else every
    mutants = {t: parse(t) for t in chosen}
    if args.list:
        for t in chosen:
            for m in mutants[t]:
                print(f"{m}: {m.bug}")
        return 0
    chosen = [t for t in chosen if mutants[t]]
    if not chosen:
        print("mutants: no topic has mutants")
        return 1

    started = time.monotonic()
    build = (ROOT / args.build).resolve()
    src = build / "src"
    for t in every:  # the learner's file of every topic is the reference solution ...
        copy_if_changed(ROOT / "solutions" / topic_file(t), src / topic_file(t))
    cache = build / "CMakeCache.txt"
    configured = cache.exists() and "LLMLINGS_TRACK:STRING=exercise\n" in cache.read_text()
    if not configured or (args.baseline is None and f"LLMLINGS_EXERCISE_DIR:PATH={src}\n" not in cache.read_text()):
        r = run(["cmake", "--preset", "learner", "-B", str(build), "-DLLMLINGS_WERROR=OFF",
                 f"-DLLMLINGS_EXERCISE_DIR={src}"])
        if r.returncode:
            print(r.stdout)
            sys.exit("mutants: cmake failed")
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")

    def build_targets(ts):
        return run(["cmake", "--build", str(build), "-j", str(args.jobs), "--target", *ts, "--", "-k", "0"])

    def run_test(binary, timeout):
        start = time.monotonic()
        try:
            r = subprocess.run([str(binary)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, errors="replace", timeout=timeout)
            return r.returncode, r.stdout, time.monotonic() - start
        except subprocess.TimeoutExpired:
            return "timeout", "", timeout

    # ... and first the tests must pass on it unchanged; how long they take sets each timeout.
    problems, baseline = [], {}
    reference = (ROOT / args.baseline).resolve() if args.baseline else None
    if reference is None:
        build_targets(map(target, chosen))
    else:  # what every test program links besides its own file
        shared = ["llmlings_pch", "llmlings_test_main"] + [
            "oracles_" + t.replace("/", "_") for t in chosen
            if (ROOT / "tests" / re.sub(r"^([a-z0-9_]+)/", r"\1/oracles/", t)).with_suffix(".cpp").exists()]
        if build_targets(shared).returncode:
            sys.exit("mutants: the shared parts of the test programs do not build")
    for t in chosen:
        where = reference or build
        if not (where / "tests" / target(t)).exists():
            problems.append(f"{t}: {where / 'tests' / target(t)} was not built")
            continue
        rc, out, seconds = run_test(where / "tests" / target(t), 300)
        if rc != 0:
            problems.append(f"{t}: the tests fail on the unmutated reference solution (exit {rc})")
            continue
        baseline[t] = seconds

    # Each mutant is compiled and linked by the commands ninja would run for its topic's test
    # program, with three paths changed: the topic's overlay directory leads to the worker's
    # mutated copy of the solution, and the object and the program are the worker's own. So the
    # workers never share a file, and --jobs mutants are in flight at any time, whatever topic.
    commands = {}
    for t in baseline:
        lines = run(["ninja", "-C", str(build), "-t", "commands", target(t)]).stdout.splitlines()
        source = f" -c {ROOT}/tests/{t}.cpp"
        compile_ = next((l for l in lines if l.endswith(source)), None)
        overlay = f"-I{build}/llmlings-exercise-overlay/{t.replace('/', '_')} "
        if compile_ is None or overlay not in compile_ or not lines[-1].startswith(": && "):
            problems.append(f"{t}: ninja's commands for {target(t)} are not as expected")
            continue
        obj = re.search(r" -o (\S+) -c ", compile_).group(1)
        compile_ = re.sub(r" -MD -MT \S+ -MF \S+", "", compile_)
        # No debug information: nobody debugs a mutant, and it is a tenth of the compile (GCC uses
        # a precompiled header built with -g1 when no debug information is output).
        compile_ = compile_.replace(f" -o {obj} -c ", f" -g0 -o {obj} -c ")
        # A mutant may leave a variable unused: a warning, not a reason to call it uncompilable.
        compile_ = compile_.replace(" -Werror ", " ")
        commands[t] = (compile_, overlay, obj, lines[-1])

    # The fast path: clang++ at -O0 with a precompiled header of its own in which the templates
    # are instantiated once (-fpch-instantiate-templates) compiles a mutant 2-3x faster than g++
    # at -Og (nlp/07: 2.8 against 6.5 CPU s), and the tests, slower at -O0, rarely make up for it.
    # The object links with the build's g++ objects (one C++ ABI, libstdc++). A mutant that does
    # not compile with clang, survives or times out is compiled again with the build's compiler,
    # which gives the verdict: the learner's compiler decides whether a bug is caught.
    clang = None if args.gcc_only else shutil.which("clang++")
    hxx = build / "CMakeFiles" / "llmlings_pch.dir" / "cmake_pch.hxx"
    if clang and not hxx.exists():
        clang = None
    pch_dir, pchs, pch_lock = build / "mutant-work" / "clang-pch", {}, threading.Lock()

    def clang_compile(gcc_compile):
        """The clang command of a g++ compile command, its precompiled header built on first use
        for the command's macro definitions; None when that header does not build."""
        key = " ".join(sorted(re.findall(r" (-D\S+)", gcc_compile)))
        with pch_lock:
            if key not in pchs:
                d = pch_dir / str(len(pchs))
                d.mkdir(parents=True, exist_ok=True)
                (d / "pch.hxx").write_text(hxx.read_text().replace("#pragma GCC system_header", "#pragma clang system_header"))
                (d / "pch.hxx.cxx").write_text("/* the precompiled header of the mutants' clang compiles */\n")
                base = re.sub(r"^\S+ ", f"{clang} ", gcc_compile)
                base = re.sub(r" -include \S+cmake_pch\.hxx ", " ", base).replace(" -Og ", " -O0 ").replace(" -Winvalid-pch", "")
                base = re.sub(r" -o \S+ -c \S+$", "", base)
                r = subprocess.run(f"{base} -fpch-instantiate-templates -Xclang -emit-pch -Xclang -include -Xclang {d / 'pch.hxx'}"
                                   f" -x c++-header -o {d / 'pch.hxx.pch'} -c {d / 'pch.hxx.cxx'}",
                                   shell=True, cwd=build, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                pchs[key] = d if r.returncode == 0 else None
            d = pchs[key]
        if d is None:
            return None
        c = re.sub(r"^\S+ ", f"{clang} ", gcc_compile).replace(" -Og ", " -O0 ").replace(" -Winvalid-pch", "")
        return re.sub(r" -include \S+cmake_pch\.hxx ",
                      f" -Xclang -include-pch -Xclang {d / 'pch.hxx.pch'} -Xclang -include -Xclang {d / 'pch.hxx'} ", c)

    original = {t: (ROOT / "solutions" / topic_file(t)).read_text() for t in chosen}
    results = {}  # mutant -> killed | survived | no-apply | no-compile
    spent, spent_lock = {}, threading.Lock()  # topic -> wall seconds compiling, linking, running its mutants
    via = {"clang++": 0, "g++": 0}  # which compile's program killed each mutant
    workers = queue.SimpleQueue()
    for w in range(max(1, args.jobs)):
        workers.put(build / "mutant-work" / f"w{w}")

    def try_mutant(m):
        t = m.topic
        text = apply(m, original[t])
        if text is None:
            return m, ("no-apply", "its find text is not in the solution exactly once")
        work = workers.get()
        try:
            mutated = work / "src" / topic_file(t)
            mutated.parent.mkdir(parents=True, exist_ok=True)
            mutated.write_text(text)
            # only this topic's forwarder: one left by another topic's mutant (an earlier run's)
            # would shadow that topic's reference for every later mutant of this worker
            shutil.rmtree(work / "overlay", ignore_errors=True)
            forward = work / "overlay" / "llmlings" / topic_file(t)
            forward.parent.mkdir(parents=True, exist_ok=True)
            forward.write_text(f'#include "{mutated}"\n')
            compile_, overlay, obj, link = commands[t]
            compile_ = compile_.replace(overlay, f"-I{work / 'overlay'} ").replace(f" -o {obj} ", f" -o {work / 'test.o'} ")
            fast = clang_compile(compile_) if clang else None
            binary = work / target(t)
            for command in [c for c in (fast, compile_) if c]:
                binary.unlink(missing_ok=True)
                t0 = time.monotonic()
                c = subprocess.run(command, shell=True, cwd=build, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, errors="replace")
                t1 = time.monotonic()
                if c.returncode == 0:
                    c = subprocess.run(link.replace(f" {obj} ", f" {work / 'test.o'} ").replace(f" -o tests/{target(t)} ", f" -o {binary} "),
                                       shell=True, cwd=build, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                       text=True, errors="replace")
                t2 = time.monotonic()
                rc, out, ran = None, "", 0.0
                if c.returncode == 0 and binary.exists():
                    rc, out, ran = run_test(binary, max(10.0, 20 * baseline[t]))
                with spent_lock:
                    spent[t] = [a + b for a, b in zip(spent.get(t, [0.0, 0.0, 0.0]), [t1 - t0, t2 - t1, ran])]
                if rc is not None and rc != 0 and rc != "timeout":
                    with spent_lock:
                        via["clang++" if command is fast else "g++"] += 1
                    break  # killed: a failing test or a crash
                # no compile, survived or timed out: the build's own compiler has the last word
        finally:
            workers.put(work)
        if rc is None:
            first = next((l for l in c.stdout.split("\n") if "error" in l), "")
            return m, ("no-compile", first.replace(str(work / "src") + "/", "").strip())
        if rc == 0:
            return m, ("survived", "every test passes")
        failed = re.search(r"test cases: *(\d+) \| *(\d+) passed \| *(\d+) failed", out)
        how = {"timeout": "timed out"}.get(rc, f"exit {rc}")
        if failed:
            how = f"{failed.group(3)} of {failed.group(1)} test cases fail"
        return m, ("killed", how)

    todo = [m for t in chosen if t in commands for m in mutants[t]]
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for m, verdict in pool.map(try_mutant, todo):
            results[m] = verdict

    per_module = {}
    for t in chosen:
        for m in mutants[t]:
            verdict, how = results.get(m, ("not-run", "the unmutated tests failed"))
            mod = t.split("/")[0]
            total, killed = per_module.get(mod, (0, 0))
            per_module[mod] = (total + 1, killed + (verdict == "killed"))
            mark = "killed  " if verdict == "killed" else verdict.upper()
            print(f"mutants: {mark} {m} ({how}): {m.bug}")
            if verdict != "killed":
                problems.append(f"{m} {verdict}: {m.bug}")
    for mod, (total, killed) in per_module.items():
        print(f"mutants: {mod}: {killed} of {total} killed in {sum(1 for t in chosen if t.startswith(mod + '/'))} topics")
    if clang:
        print(f"mutants: {via['clang++']} killed by their clang++ -O0 program, {via['g++']} by the build's compiler's")
    heavy = sorted(spent.items(), key=lambda kv: -sum(kv[1]))[:8]
    print("mutants: the topics that took longest (wall seconds compiling, linking, running their mutants):")
    for t, (c, l, r) in heavy:
        print(f"mutants:   {t:32} {c + l + r:6.0f} s = {c:5.0f} + {l:4.0f} + {r:5.0f} for {len(mutants[t])} mutants")
    for p in problems:
        print(f"mutants: problem: {p}")
    total = sum(v[0] for v in per_module.values())
    killed = sum(v[1] for v in per_module.values())
    print(f"mutants: {killed} of {total} killed in {time.monotonic() - started:.0f} s" +
          ("" if not problems else f"; {len(problems)} problem(s)"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
