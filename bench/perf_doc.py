"""docs/PERFORMANCE.md from a run of bench/run.py: the per-level tables, the setup they were
measured in, and the scaling plots."""
import os
import subprocess
from pathlib import Path

from plot_svg import line_plot

ROOT = Path(__file__).resolve().parent.parent
SCALING_WINDOWS = 10000
# The plots' series: LSTM-64 epochs (look_back 40, SCALING_WINDOWS windows) with one of hidden,
# look_back or the number of windows varied; one repetition each.
SERIES = {"hidden": [16, 32, 64, 128, 256], "look-back": [10, 20, 40, 80, 160],
          "windows": [2500, 5000, 10000, 20000, 40000]}
PLOT_FILES = {"hidden": "perf_hidden.svg", "look-back": "perf_look_back.svg",
              "windows": "perf_windows.svg"}


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
  a training case's work (a free run whole), median of 3 runs each, the settings taking turns, in this run{' (here fixed by --threads ' + str(o.threads) + ')' if o.threads else ''}. flujo: 1 or 2
  (`blas::set_threads(n)`: flujo's worker threads, across which the recurrent kernels split the
  batch, the free run its trajectories and large products their rows; OpenBLAS itself runs
  single-threaded inside them, `OPENBLAS_NUM_THREADS=1` as `flujo` sets it). PyTorch:
  `torch.set_num_threads(n)` + `OPENBLAS_NUM_THREADS=m`, written n+m, for 1+1, 2+1 and 2+2.
  The probe's times are listed under the table.
- One epoch = the lecture's setup: windows of look_back steps of one channel, batch 64 in a
  shuffled order, Adam (lr 1e-3), MSE on the next value, float32. Hidden 256 runs on 10000
  windows and look_back 400 on 4000 (column "windows"), to keep the run short; the ratios do
  not depend on the window count. flujo runs `flujo train`'s step (WindowDataset gather, then
  run::Trainer's step on the recurrent model: loss, backward, gradient norm, Adam); PyTorch nn.LSTM/GRU/RNN(batch_first=True)
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
