#!/usr/bin/python3
"""flujo against PyTorch, side by side: the one benchmark command. Builds nothing.

  cmake --build build --target flujo_bench_case && nice python3 bench/run.py

Runs every case of CASES as fresh processes (so peak RSS is per case), flujo then torch, several
repetitions, and reports medians. Both sides use the same OPENBLAS_CORETYPE, chosen as the flujo
CLI does (SkylakeX when unset and the CPU has avx512f; a value already set is kept). Prints a
markdown table and writes docs/PERFORMANCE.md with docs/perf_hidden.svg and docs/perf_look_back.svg.
Without `import torch` the PyTorch columns are left empty, with a message saying so.
"""
import argparse
import datetime
import json
import os
import shlex
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from perf_doc import HEADER, SCALING_WINDOWS, SERIES, format_row, write_doc  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TORCH_CASE = ROOT / "bench" / "peers" / "torch_case.py"
PYTHON = "/usr/bin/python3"
EPOCH = 40000  # windows in the lecture's epoch

# One row per case: (label, kind, options, target torch/flujo ratio or None). Adding a case is
# adding a line; options are flujo_bench_case's and torch_case.py's command-line options.
CASES = [("sgemm 1024³", "sgemm", {"size": 1024, "repeats": 10}, None)]
for _cell, _ratio in [("rnn", 4), ("gru", 4), ("lstm", 5)]:
    for _hidden in (40, 64, 256):
        _windows = 10000 if _hidden == 256 else EPOCH
        CASES.append((f"{_cell.upper()}-{_hidden} epoch, look_back 40", "train",
                      {"cell": _cell, "hidden": _hidden, "look-back": 40, "windows": _windows},
                      2 if _hidden == 256 else _ratio))
CASES += [
    ("LSTM-64 epoch, look_back 400", "train",
     {"cell": "lstm", "hidden": 64, "look-back": 400, "windows": 4000}, 5),
    ("LSTM-64 free run 100 × 2000", "freerun",
     {"cell": "lstm", "hidden": 64, "look-back": 40, "starts": 100, "steps": 2000}, 5),
]
# The thread probe runs a training case on a twentieth of its work (at least 64 windows). A free
# run is probed whole: a twentieth of it (5 ms) would time the wake-up of the second core, not
# the stepping, and the whole case takes a fraction of a second.
PROBE_DIVISOR = {"train": 20, "freerun": 1, "sgemm": 1}


def choose_coretype():
    """OPENBLAS_CORETYPE as flujo::cli::ensure_fast_blas_kernels chooses it."""
    if "OPENBLAS_CORETYPE" in os.environ:
        return os.environ["OPENBLAS_CORETYPE"], "set by the caller"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        flags = next((line.split(":", 1)[1].split() for line in cpuinfo
                      if line.startswith("flags")), [])
    if "avx512f" in flags:
        return "SkylakeX", "chosen as the flujo CLI does: unset and the CPU has avx512f"
    return None, "left unset: the CPU has no avx512f"


# The thread settings each side is probed with, per case: (threads, BLAS threads). flujo's BLAS
# follows its --threads. PyTorch's intra-op threads and OpenBLAS's are separate pools, so both
# are set; with 2 + 2 they compete for the 2 cores, which the probe measures rather than assumes.
SETTINGS = {"flujo": [(1, 1), (2, 2)], "torch": [(1, 1), (2, 1), (2, 2)]}


def setting_name(impl, setting):
    return str(setting[0]) if impl == "flujo" else f"{setting[0]}+{setting[1]}"


def case_command(impl, kind, options, threads, binary):
    args = [kind] + [f"--{key}={value}" for key, value in options.items()]
    args.append(f"--threads={threads}")
    return ([str(binary)] if impl == "flujo" else [PYTHON, str(TORCH_CASE)]) + args


def run_case(impl, kind, options, setting, binary, coretype, level=None):
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("FLUJO_CPU", None)
    if level and impl == "flujo":
        env["FLUJO_CPU"] = level
    if coretype:
        env["OPENBLAS_CORETYPE"] = coretype
    # flujo calls OpenBLAS single-threaded from its own workers; as `flujo` itself does, it keeps
    # OpenBLAS from starting a thread pool that would only poll (src/cli/blas_environment.cpp).
    env["OPENBLAS_NUM_THREADS"] = str(setting[1] if impl == "torch" else 1)
    command = case_command(impl, kind, options, setting[0], binary)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"bench: {shlex.join(command)} failed ({done.returncode}): "
                 f"{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def summarise(results):
    """Median seconds over the repetitions, GFLOP/s at that median, the largest peak RSS."""
    seconds = statistics.median(r["seconds"] for r in results)
    return {"seconds": seconds, "gflops": results[0]["flops"] / seconds * 1e-9,
            "rss": max(r["peak_rss_mib"] for r in results),
            "all": [round(r["seconds"], 3) for r in results], "blas_core": results[0]["blas_core"],
            "kernel_level": results[0].get("kernel_level")}


def measure(label, kind, options, impls, settings, repeats, binary, coretype, level):
    """Alternates the implementations repetition by repetition."""
    runs = {impl: [] for impl in impls}
    for _ in range(repeats):
        for impl in impls:
            runs[impl].append(run_case(impl, kind, options, settings[impl], binary, coretype,
                                       level))
    summary = {impl: summarise(results) for impl, results in runs.items()}
    print(f"  {label}: " + ", ".join(f"{impl} {s['all']} s" for impl, s in summary.items()),
          flush=True)
    return summary


def probe_settings(kind, options, impls, binary, coretype, level):
    """Each side's fastest thread setting for this case: the median of 3 runs of a part of
    its work per setting, measured now (on shared cores a second thread can help or hurt).
    The settings take turns, round after round, so that a moment when the host steals a core
    slows every setting's run of that round rather than all the runs of one setting."""
    probe = dict(options)
    for key in ("windows", "steps"):
        if key in probe:
            probe[key] = max(64, probe[key] // PROBE_DIVISOR[kind])
    runs = {(impl, setting): [] for impl in impls for setting in SETTINGS[impl]}
    for _ in range(3):
        for impl, setting in runs:
            runs[impl, setting].append(
                run_case(impl, kind, probe, setting, binary, coretype, level)["seconds"])
    chosen, notes = {}, []
    for impl in impls:
        times = {setting: statistics.median(runs[impl, setting]) for setting in SETTINGS[impl]}
        chosen[impl] = min(times, key=times.get)
        notes.append(f"{impl} " + ", ".join(f"{setting_name(impl, t)}: {v:.3f} s"
                                            for t, v in times.items()))
    return chosen, "; ".join(notes)


def torch_available():
    try:
        done = subprocess.run([PYTHON, "-c", "import torch"], capture_output=True, text=True,
                              check=False)
    except OSError as error:
        return False, str(error)
    return done.returncode == 0, done.stderr.strip().splitlines()[-1] if done.stderr else ""


def scaled(options, scale):
    """Options with the workload shrunk by `scale` (development runs)."""
    out = dict(options)
    for key in ("windows", "steps"):
        if key in out:
            out[key] = max(64, int(out[key] * scale))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", default=str(ROOT / "build"),
                        help="where flujo_bench_case was built (default: build)")
    parser.add_argument("--repeats", type=int, default=3, help="processes per case and side")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="shrink every workload (development runs; not for the doc)")
    parser.add_argument("--no-torch", action="store_true", help="flujo column only")
    parser.add_argument("--no-scaling", action="store_true", help="skip the plots' series")
    parser.add_argument("--threads", type=int, choices=[1, 2],
                        help="threads for both sides, PyTorch with one BLAS thread "
                             "(default: each side's fastest, probed per case)")
    parser.add_argument("--only", action="append", metavar="TEXT",
                        help="run only the cases whose label contains TEXT (repeatable; the "
                             "sgemm peak always runs; development runs, not for the doc)")
    parser.add_argument("--cpu", action="append", metavar="LEVEL",
                        choices=["avx512", "avx2", "sse4", "baseline"],
                        help="flujo's kernel level (FLUJO_CPU) for a table of its own; repeatable, "
                             "tables in the order given, the plots at the first (default: the "
                             "level flujo picks for this CPU)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    o = parser.parse_args()
    cases = [case for case in CASES
             if case[1] == "sgemm" or not o.only or any(text in case[0] for text in o.only)]

    binary = Path(o.build_dir) / "bench" / "flujo_bench_case"
    if not binary.exists():
        sys.exit(f"bench: {binary} not found; build it first: "
                 f"cmake --build {o.build_dir} --target flujo_bench_case")
    impls = ["flujo"]
    torch_note = ""
    if not o.no_torch:
        ok, why = torch_available()
        if ok:
            impls.append("torch")
        else:
            torch_note = f"PyTorch columns skipped: `import torch` failed ({why})."
            print(f"bench: {torch_note}", flush=True)
    coretype, coretype_why = choose_coretype()
    started = datetime.datetime.now()
    load_before = os.getloadavg()
    print(f"OPENBLAS_CORETYPE={coretype or '(unset)'} ({coretype_why})", flush=True)
    levels = o.cpu or [None]
    sections, scaling = [], {}
    for level in levels:
        section = run_level(level, cases, impls, binary, coretype, o)
        sections.append(section)
        # The plots' series run at the first level, at the settings probed for the LSTM-64 epoch.
        lstm_64 = "LSTM-64 epoch, look_back 40"
        if level == levels[0] and not o.no_scaling and lstm_64 in section["results"]:
            threads = section["results"][lstm_64][1]
            for axis, values in SERIES.items():
                for value in values:
                    options = {"cell": "lstm", "hidden": 64, "look-back": 40,
                               "windows": SCALING_WINDOWS}
                    options[axis] = value
                    scaling[(axis, value)] = measure(
                        f"LSTM {axis} {value}", "train", scaled(options, o.scale), impls,
                        threads, 1, binary, coretype, level)
        # Written after every level, so that a long run keeps what it has measured.
        wall = (datetime.datetime.now() - started).total_seconds()
        write_doc(Path(o.out), sections, scaling, impls, coretype, coretype_why, torch_note,
                  load_before, os.getloadavg(), started, wall, o)
    print(f"\nwrote {o.out} ({wall / 60:.1f} min)")


def run_level(level, cases, impls, binary, coretype, o):
    """Every case at one kernel level (None: the level flujo picks): the table, the thread
    probe's notes and the sgemm peak."""
    probe_notes, rows, results = [], [], {}
    for label, kind, options, target in cases:
        options = scaled(options, o.scale)
        if o.threads:
            settings = {impl: (o.threads, o.threads if impl == "flujo" else 1) for impl in impls}
        else:
            settings, note = probe_settings(kind, options, impls, binary, coretype, level)
            probe_notes.append((label, note))
            print(f"  {label} threads probe: {note}", flush=True)
        summary = measure(label, kind, options, impls, settings, o.repeats, binary, coretype,
                          level)
        for impl in impls:
            summary[impl]["setting"] = setting_name(impl, settings[impl])
        results[label] = (summary, settings)
        rows.append((label, options, summary, target))
    sgemm_options = cases[0][2]
    sgemm_summary, sgemm_settings = results["sgemm 1024³"]
    default_sgemm = summarise([run_case("flujo", "sgemm", sgemm_options, sgemm_settings["flujo"],
                                        binary, None, level) for _ in range(o.repeats)])
    peak = max(s["gflops"] for s in sgemm_summary.values())
    table = [HEADER] + [format_row(label, options, summary, peak, target)
                        for label, options, summary, target in rows]
    if "torch" in impls:
        worst = max(s["flujo"]["rss"] / s["torch"]["rss"] for s, _ in results.values())
        table.append(f"\nPeak RSS: flujo uses at most {100 * worst:.0f}% of PyTorch's in any case "
                     f"(target ≤ 50%: {'met' if worst <= 0.5 else 'missed'}).")
    print("\n" + "\n".join(table), flush=True)
    measured_level = sgemm_summary["flujo"]["kernel_level"]
    return {"level": level, "measured_level": measured_level, "table": table,
            "probe_notes": probe_notes, "results": results, "peak": peak,
            "default_sgemm": default_sgemm}


if __name__ == "__main__":
    main()
