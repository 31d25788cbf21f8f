#!/usr/bin/python3
"""The PyTorch side of one flujo benchmark case: same options, data, FLOP count and JSON line as
bench/flujo_bench_case (see bench/main.cpp and bench/flop_count.cpp).

  OPENBLAS_NUM_THREADS=1 torch_case.py train --cell lstm --hidden 64 --look-back 40

Training epoch: nn.LSTM/GRU/RNN(batch_first=True) + nn.Linear on out[:, -1], MSELoss, Adam(lr
1e-3), batches of 64 windows gathered in a shuffled order each epoch, float32. Free run:
torch.no_grad(), one call over the warm-up window, then T = 1 calls with the state carried and the
prediction fed back. torch.set_num_threads(--threads); bench/run.py sets OPENBLAS_NUM_THREADS=1,
the fastest setting measured on this machine.
"""
import argparse
import ctypes
import json
import os
import resource
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn

GATES = {"rnn": 1, "gru": 3, "lstm": 4}
CELLS = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}


def synthetic_series(time_steps):
    """bench/synthetic_series.cpp's closed-form sine mixture, in double."""
    t = np.arange(time_steps, dtype=np.float64)
    return np.sin(0.05 * t) + 0.5 * np.sin(0.137 * t + 0.3) + 0.25 * np.sin(0.31 * t + 1.1)


def recurrent_forward_flops(cell, hidden, rows_times_steps, input_size=1):
    return 2.0 * GATES[cell] * hidden * (input_size + hidden) * rows_times_steps


class TrainingCase:
    def __init__(self, o):
        self.o = o
        series = torch.from_numpy(synthetic_series(o.windows + o.look_back).astype(np.float32))
        self.windows = series.unfold(0, o.look_back, 1)[: o.windows]  # (N, L) view, no copy
        self.targets = series[o.look_back : o.look_back + o.windows]
        torch.manual_seed(o.seed)
        self.rnn = CELLS[o.cell](1, o.hidden, batch_first=True)
        self.head = nn.Linear(o.hidden, 1)
        params = list(self.rnn.parameters()) + list(self.head.parameters())
        self.optimizer = torch.optim.Adam(params, lr=1e-3)
        self.loss_fn = nn.MSELoss()
        self.generator = torch.Generator().manual_seed(o.seed + 1)
        warm_up = torch.randperm(o.windows, generator=torch.Generator().manual_seed(o.seed + 2))
        batches = (o.windows + o.batch - 1) // o.batch
        for s in range(o.warmup_steps):
            first = (s % batches) * o.batch
            self.step(warm_up[first : first + o.batch])
        self.last_loss = 0.0

    def step(self, batch):
        x = self.windows[batch].unsqueeze(-1)  # (b, L, 1), the gather copy
        y = self.targets[batch].unsqueeze(-1)  # (b, 1)
        self.optimizer.zero_grad()
        out, _ = self.rnn(x)
        loss = self.loss_fn(self.head(out[:, -1]), y)
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def run_once(self):
        order = torch.randperm(self.o.windows, generator=self.generator)
        total = 0.0
        for begin in range(0, self.o.windows, self.o.batch):
            batch = order[begin : begin + self.o.batch]
            total += self.step(batch) * len(batch)
        self.last_loss = total / self.o.windows

    def flops(self):
        o = self.o
        forward = recurrent_forward_flops(o.cell, o.hidden, o.windows * o.look_back)
        return 3.0 * (forward + 2.0 * o.hidden * o.windows)

    def samples(self):
        return self.o.windows


class FreeRunCase:
    def __init__(self, o):
        self.o = o
        series = torch.from_numpy(synthetic_series(o.starts + o.look_back).astype(np.float32))
        self.windows = series.unfold(0, o.look_back, 1)[: o.starts].unsqueeze(-1).contiguous()
        torch.manual_seed(o.seed)
        self.rnn = CELLS[o.cell](1, o.hidden, batch_first=True)
        self.head = nn.Linear(o.hidden, 1)
        self.last_loss = 0.0
        self.run(2)  # untimed warm-up

    def run(self, steps):
        with torch.no_grad():
            out, state = self.rnn(self.windows)
            prediction = self.head(out[:, -1])
            for _ in range(1, steps):
                out, state = self.rnn(prediction.unsqueeze(1), state)
                prediction = self.head(out[:, -1])
        self.last_loss = float(prediction[0, 0])

    def run_once(self):
        self.run(self.o.steps)

    def flops(self):
        o = self.o
        cell_steps = o.look_back + o.steps - 1
        return (recurrent_forward_flops(o.cell, o.hidden, o.starts * cell_steps)
                + 2.0 * o.hidden * o.starts * o.steps)

    def samples(self):
        return self.o.starts * self.o.steps


class SgemmCase:
    def __init__(self, o):
        generator = torch.Generator().manual_seed(o.seed)
        self.a = torch.rand(o.size, o.size, generator=generator) * 2 - 1
        self.b = torch.rand(o.size, o.size, generator=generator) * 2 - 1
        self.c = torch.empty(o.size, o.size)
        self.n = o.size
        self.last_loss = 0.0
        self.run_once()

    def run_once(self):
        torch.mm(self.a, self.b, out=self.c)
        self.last_loss = float(self.c[0, 0])

    def flops(self):
        return 2.0 * self.n ** 3

    def samples(self):
        return 1


def blas_core():
    try:
        corename = ctypes.CDLL("libopenblas.so.0").openblas_get_corename
        corename.restype = ctypes.c_char_p
        return corename().decode()
    except (OSError, AttributeError):
        return "unknown"


def case_name(o):
    if o.kind == "sgemm":
        return f"sgemm-{o.size}"
    return f"{o.kind}-{o.cell}-{o.hidden}-L{o.look_back}"


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["train", "freerun", "sgemm"])
    parser.add_argument("--cell", choices=sorted(CELLS), default="lstm")
    for name, default in [("hidden", 64), ("look-back", 40), ("windows", 40000), ("batch", 64),
                          ("starts", 100), ("steps", 2000), ("size", 1024), ("repeats", 1),
                          ("threads", 2)]:
        parser.add_argument(f"--{name}", type=positive, default=default)
    parser.add_argument("--warmup-steps", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    o = parser.parse_args()

    torch.set_num_threads(o.threads)
    case = {"train": TrainingCase, "freerun": FreeRunCase, "sgemm": SgemmCase}[o.kind](o)
    seconds = []
    for _ in range(o.repeats):
        start = time.perf_counter()
        case.run_once()
        seconds.append(time.perf_counter() - start)
    s = statistics.median(seconds)
    print(json.dumps({
        "impl": "torch", "case": case_name(o), "seconds": s, "all_seconds": seconds,
        "samples": case.samples(), "samples_per_second": case.samples() / s,
        "flops": case.flops(), "gflops": case.flops() / s * 1e-9,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "loss": case.last_loss, "threads": o.threads,
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", ""), "blas_core": blas_core(),
        "torch_version": torch.__version__,
    }))


if __name__ == "__main__":
    sys.exit(main())
