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
from plot_svg import line_plot  # noqa: E402

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
# The plots' series: LSTM-64 epochs (look_back 40, SCALING_WINDOWS windows) with one of hidden,
# look_back or the number of windows varied; one repetition each.
SCALING_WINDOWS = 10000
SERIES = {"hidden": [16, 32, 64, 128, 256], "look-back": [10, 20, 40, 80, 160],
          "windows": [2500, 5000, 10000, 20000, 40000]}
PLOT_FILES = {"hidden": "perf_hidden.svg", "look-back": "perf_look_back.svg",
              "windows": "perf_windows.svg"}
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
    its work per setting, measured now (on shared cores a second thread can help or hurt)."""
    probe = dict(options)
    for key in ("windows", "steps"):
        if key in probe:
            probe[key] = max(64, probe[key] // PROBE_DIVISOR[kind])
    chosen, notes = {}, []
    for impl in impls:
        times = {}
        for setting in SETTINGS[impl]:
            times[setting] = statistics.median(
                run_case(impl, kind, probe, setting, binary, coretype, level)["seconds"]
                for _ in range(3))
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


def format_row(label, options, summary, peak, target):
    flujo, torch = summary["flujo"], summary.get("torch")
    work = options.get("windows") or (f"{options['starts']}×{options['steps']}"
                                      if "starts" in options else "–")
    ratio = torch["seconds"] / flujo["seconds"] if torch else None
    threads = flujo["setting"] + (f" / {torch['setting']}" if torch else "")
    cells = [label, str(work), threads, f"{flujo['seconds']:.3f}",
             f"{torch['seconds']:.3f}" if torch else "–",
             f"**{ratio:.2f}×**" if ratio else "–",
             f"≥{target}×" + (" ✓" if ratio and ratio >= target else " ✗" if ratio else "")
             if target else "",
             f"{flujo['gflops']:.1f}", f"{torch['gflops']:.1f}" if torch else "–",
             f"{100 * flujo['gflops'] / peak:.0f}%",
             f"{100 * torch['gflops'] / peak:.0f}%" if torch else "–",
             f"{flujo['rss']:.0f}", f"{torch['rss']:.0f}" if torch else "–"]
    return "| " + " | ".join(cells) + " |"


HEADER = ("| case | windows | threads flujo / PyTorch | flujo s | PyTorch s | PyTorch/flujo | "
          "target | flujo GFLOP/s | PyTorch GFLOP/s | flujo % of peak | PyTorch % of peak | "
          "flujo peak RSS MiB | PyTorch peak RSS MiB |\n|" + "---|" * 13)


def machine():
    model = "unknown"
    for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
        if line.startswith("Model name:"):
            model = line.split(":", 1)[1].strip()
    return model, os.cpu_count()


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


def growth_note(scaling, impls, names, axis, what):
    """How epoch time grows over a series: linear growth keeps the ratio of times equal to the
    ratio of the series' ends."""
    if not scaling:
        return ""
    first, last = SERIES[axis][0], SERIES[axis][-1]
    def seconds(impl, value):
        return scaling[(axis, value)][impl]["seconds"]

    growth = ", ".join(f"{names[impl]} {seconds(impl, last) / seconds(impl, first):.1f}×"
                       for impl in impls)
    return (f"From {axis.replace('-', '_')} {first} to {last} ({last // first}× the {what}) the "
            f"epoch time grows {growth}.")


def level_section(section):
    """One kernel level's results: its table and its thread probe."""
    level = section["level"]
    how = (f"`FLUJO_CPU={level}`" if level
           else "the level flujo picks for this CPU, FLUJO_CPU unset")
    notes = (chr(10).join(f"- {label}: {note}" for label, note in section["probe_notes"])
             if section["probe_notes"] else "(fixed by --threads)")
    return f"""### Kernel level {section['measured_level']} ({how})

{chr(10).join(section['table'])}

Thread probe (seconds for a twentieth of each training case's work, a whole free run, per setting):

{notes}
"""


def write_doc(out, sections, scaling, impls, coretype, coretype_why, torch_note, load_before,
              load_after, started, wall, o):
    default_sgemm, peak = sections[0]["default_sgemm"], sections[0]["peak"]
    model, cores = machine()
    names = {"flujo": "flujo", "torch": "PyTorch"}
    plots = []
    if scaling:
        fixed = {"hidden": "look_back 40", "look-back": "hidden 64",
                 "windows": "hidden 64, look_back 40"}
        for axis, values in SERIES.items():
            name = PLOT_FILES[axis]
            series = {names[impl]: [(v, scaling[(axis, v)][impl]["seconds"]) for v in values]
                      for impl in impls}
            per = ("seconds per epoch" if axis == "windows"
                   else f"seconds per {SCALING_WINDOWS} windows")
            line_plot(out.parent / name, f"LSTM training epoch, {fixed[axis]}",
                      axis.replace("-", "_"), per, series, log2_x=axis == "hidden")
            plots.append(f"![LSTM epoch time against {axis.replace('-', '_')}]({name})")
    build_dir = os.path.relpath(o.build_dir, ROOT)
    command = "nice python3 bench/run.py" + (f" --build-dir {build_dir}"
                                             if build_dir != "build" else "")
    command += "".join(f" --cpu {section['level']}" for section in sections if section["level"])
    scale_note = (f"\n**Development run at --scale {o.scale}: not the published numbers.**\n"
                  if o.scale != 1.0 else "")
    coretype_note = (f"""Under the default detection
  OpenBLAS picks its "{default_sgemm['blas_core']}" kernels, and flujo's sgemm 1024³ runs at
  {default_sgemm['gflops']:.1f} GFLOP/s instead of {peak:.1f} GFLOP/s.""" if coretype else
                     f"""OpenBLAS's own detection picks its "{default_sgemm['blas_core']}"
  kernels.""")
    text = f"""# Performance: flujo against PyTorch
{scale_note}
Measured {started:%Y-%m-%d %H:%M} on {model}, {cores} cores, in {wall / 60:.1f} minutes.
Reproduce with:

    cmake --build {build_dir} --target flujo_bench_case
    {command}

## Setup

- Both sides use the same OpenBLAS (Debian's 0.3.21) with
  `OPENBLAS_CORETYPE={coretype or '(unset)'}` ({coretype_why}). {coretype_note}
- Threads, per case and side (column "threads"): the fastest of its settings on a twentieth of
  a training case's work (a free run whole), median of 3 runs each, in this run{' (here fixed by --threads ' + str(o.threads) + ')' if o.threads else ''}. flujo: 1 or 2
  (`blas::set_threads(n)`: flujo's worker threads, across which the recurrent kernels split the
  batch, the free run its trajectories and large products their rows; OpenBLAS itself runs
  single-threaded inside them, `OPENBLAS_NUM_THREADS=1` as `flujo` sets it). PyTorch:
  `torch.set_num_threads(n)` + `OPENBLAS_NUM_THREADS=m`, written n+m, for 1+1, 2+1 and 2+2.
  The probe's times are listed under the table.
- One epoch = the lecture's setup: windows of look_back steps of one channel, batch 64 in a
  shuffled order, Adam (lr 1e-3), MSE on the next value, float32. Hidden 256 runs on 10000
  windows and look_back 400 on 4000 (column "windows"), to keep the run short; the ratios do
  not depend on the window count. flujo runs `flujo train`'s step (WindowDataset gather,
  SequenceModel loss, backward, gradient norm, Adam); PyTorch nn.LSTM/GRU/RNN(batch_first=True)
  + nn.Linear on out[:, -1], MSELoss, Adam.
- Free run: 100 trajectories, a 40-step warm-up window then 1999 steps with the state carried
  and the prediction fed back, gradients off. flujo: `flujo forecast`'s path, FreeRunner's
  warm-up on the tape, then `advance(1999)` through nn::RecurrentStepper (no tape, every
  prediction kept, the trajectories split across the threads). PyTorch: 1999 one-step calls of
  the module and the head under torch.no_grad().
- Each number is the median over {o.repeats} fresh processes per side, flujo and PyTorch
  alternating; each process times one run after an untimed warm-up (10 training batches; one
  free-run step). Peak RSS is getrusage's maximum resident set, the largest over the processes
  (PyTorch's includes the Python interpreter and the torch libraries, which a user pays too).
- GFLOP/s counts matrix products only (a multiply-add is 2 FLOPs): per row and step
  2·G·H·(F + H) forward for G gates, twice that backward, plus the head; gate nonlinearities,
  loss and optimizer are not counted (bench/flop_count.cpp). "% of peak" is against the best
  sgemm 1024³ measured in this run ({peak:.1f} GFLOP/s).
- The 2 cores are shared with other jobs: load average {load_before[0]:.1f} at the start,
  {load_after[0]:.1f} at the end. Absolute times are noisy (on this virtual machine they drift
  by tens of percent from hour to hour, with the host's load); flujo and PyTorch alternate
  within the run, so the ratios are the fair comparison.
{('- ' + torch_note) if torch_note else ''}

## Results

One table per kernel level (`FLUJO_CPU`; the PyTorch side is the same at every level and is
measured again beside each, alternating).

{chr(10).join(level_section(section) for section in sections)}
## Scaling (LSTM-64, look_back 40, {SCALING_WINDOWS} windows unless varied; one process per point, the LSTM-64 case's threads)

{growth_note(scaling, impls, names, "look-back", "steps")}
{growth_note(scaling, impls, names, "windows", "samples")}

{chr(10).join(plots) if plots else '(skipped)'}
"""
    out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
