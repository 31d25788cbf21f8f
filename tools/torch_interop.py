#!/usr/bin/python3
"""flujo ↔ PyTorch: the same recurrent model gives the same predictions in both.

  torch_interop.py check RUN_DIR     flujo → torch: rebuild RUN_DIR/model.safetensors as
                                     nn.RNN/LSTM/GRU(batch_first=True) + nn.Linear on the last
                                     step, predict random windows in both, compare
  torch_interop.py roundtrip         torch → flujo: write fresh torch models (rnn, lstm, gru) as
                                     safetensors under flujo's names, predict in both, compare
  torch_interop.py words RUN_DIR --prompt "el lunes"
                                     a `flujo words` run (transformer, lstm, gru, mlp) in
                                     tools/torch_reference's twin: the same greedy text
  torch_interop.py fixtures          both directions, keeping in tests/fixtures/interop/ the
                                     files tests/nn/torch_interop_test.cpp reads

flujo's side is `flujo inspect MODEL --predict WINDOWS.npy --output NEXT.npy` (--flujo names the
binary; default build/flujo). Run with /usr/bin/python3 (Debian's torch and numpy); the
safetensors format is read and written here directly (8-byte little-endian header length, JSON
header, raw little-endian data), as Debian 12 has no python3-safetensors. Exit code 1 when any
prediction differs by more than TOLERANCE.
"""
import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch

TOLERANCE = 1e-5  # max |flujo − torch|; both run the float32 weights, torch in float64
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(REPO, "tests", "fixtures", "interop")
CELLS = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16}


def read_safetensors(path):
    """(tensors as float32 numpy arrays, metadata dict)."""
    with open(path, "rb") as f:
        raw = f.read()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length])
    metadata = header.pop("__metadata__", {})
    data = raw[8 + length:]
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        dtype = np.dtype(DTYPES[info["dtype"]]).newbyteorder("<")
        values = np.frombuffer(data[begin:end], dtype=dtype)
        tensors[name] = values.astype(np.float32).reshape(info["shape"])
    return tensors, metadata


def write_safetensors(path, tensors, metadata):
    """float32 tensors in the given order, header padded with spaces to 8 bytes like flujo's."""
    header, chunks, offset = {"__metadata__": metadata}, [], 0
    for name, array in tensors.items():
        chunk = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(chunk)]}
        chunks.append(chunk)
        offset += len(chunk)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


class SequenceModel(torch.nn.Module):
    """flujo's network: a stacked recurrent layer, then a linear head on the last step."""

    def __init__(self, cell, channels, hidden, layers):
        super().__init__()
        self.cell = cell
        setattr(self, cell, CELLS[cell](channels, hidden, num_layers=layers, batch_first=True))
        self.head = torch.nn.Linear(hidden, channels)

    def forward(self, windows):
        outputs, _ = getattr(self, self.cell)(windows)
        return self.head(outputs[:, -1, :])


def torch_model_from(tensors, metadata):
    config = json.loads(metadata["flujo.config"])
    channels = tensors["head.weight"].shape[0]
    model = SequenceModel(config["model"], channels, config["hidden"], config["layers"])
    model.load_state_dict({name: torch.from_numpy(array.copy()) for name, array in tensors.items()})
    return model.double().eval()


def torch_predict(model, windows):
    with torch.no_grad():
        return model(torch.from_numpy(windows.astype(np.float64))).numpy()


def flujo_predict(flujo, model_path, windows, workdir):
    inputs, outputs = os.path.join(workdir, "windows.npy"), os.path.join(workdir, "next.npy")
    np.save(inputs, windows.astype("<f4"))
    subprocess.run([flujo, "inspect", model_path, "--predict", inputs, "--output", outputs],
                   check=True, stdout=subprocess.DEVNULL)
    return np.load(outputs)


def compare(label, flujo_next, torch_next):
    error = float(np.max(np.abs(flujo_next.astype(np.float64) - torch_next)))
    ok = flujo_next.shape == torch_next.shape and error <= TOLERANCE
    print("%-40s max |flujo - torch| = %.2e  %s" % (label, error, "ok" if ok else "MISMATCH"))
    return ok


def random_windows(rng, channels, batch=4, look_back=6):
    return rng.standard_normal((batch, look_back, channels)).astype(np.float32)


def check_run(flujo, run_dir, workdir, keep_as=None):
    """flujo → torch on a run's model file; keep_as names a fixture to keep (model, io)."""
    model_path = os.path.join(run_dir, "model.safetensors")
    tensors, metadata = read_safetensors(model_path)
    model = torch_model_from(tensors, metadata)
    windows = random_windows(np.random.default_rng(1), tensors["head.weight"].shape[0])
    torch_next = torch_predict(model, windows)
    ok = compare("flujo -> torch " + run_dir, flujo_predict(flujo, model_path, windows, workdir),
                 torch_next)
    if keep_as:
        shutil.copyfile(model_path, os.path.join(FIXTURES, keep_as + ".safetensors"))
        write_safetensors(os.path.join(FIXTURES, keep_as + "_io.safetensors"),
                          {"windows": windows, "next": torch_next.astype(np.float32)},
                          {"source": "torch (float64) on the flujo-written model"})
    return ok


def roundtrip(flujo, cell, channels, hidden, layers, workdir, keep_as=None):
    """torch → flujo: a freshly initialised torch model saved under flujo's names."""
    torch.manual_seed(7)
    model = SequenceModel(cell, channels, hidden, layers)
    tensors = {name: value.detach().numpy() for name, value in model.state_dict().items()}
    config = {"model": cell, "hidden": hidden, "layers": layers}
    metadata = {"format": "flujo-model-1", "flujo.config": json.dumps(config)}
    model_path = os.path.join(FIXTURES if keep_as else workdir,
                              (keep_as or "torch_" + cell) + ".safetensors")
    write_safetensors(model_path, tensors, metadata)
    windows = random_windows(np.random.default_rng(2), channels)
    torch_next = torch_predict(model.double().eval(), windows)
    ok = compare("torch -> flujo %s (C=%d, H=%d, L=%d)" % (cell, channels, hidden, layers),
                 flujo_predict(flujo, model_path, windows, workdir), torch_next)
    if keep_as:
        write_safetensors(os.path.join(FIXTURES, keep_as + "_io.safetensors"),
                          {"windows": windows, "next": torch_next.astype(np.float32)},
                          {"source": "torch (float64) on its own model"})
    return ok


def train_run(flujo, cell, workdir):
    run_dir = os.path.join(workdir, "run_" + cell)
    subprocess.run([flujo, "train", "--model", cell, "--hidden", "5", "--layers", "2",
                    "--observe", "x,z", "--samples", "300", "--look-back", "6", "--epochs", "1",
                    "--rollout", "1", "--threads", "1", "--quiet", "--out", run_dir],
                   check=True, stdout=subprocess.DEVNULL)
    return run_dir


def check_words(flujo, run_dir, prompt, tokens=30):
    """A flujo words run in PyTorch: its model.safetensors loaded into tools/torch_reference's
    twin by name, then greedy decoding (the likeliest token each time) from the same prompt ids
    in both; flujo's side is `flujo words generate --top-k 1`. The texts must be equal. The
    prompt is read as the run reads it: lower-cased if its config says so, then space-separated
    tokens (word level) or one token per character (character level)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import torch_reference  # noqa: E402
    tensors, metadata = read_safetensors(os.path.join(run_dir, "model.safetensors"))
    config = json.loads(metadata["flujo.words.config"])
    vocabulary = json.loads(metadata["flujo.vocabulary"])["tokens"]
    model = torch_reference.language_model(config, len(vocabulary)).to(torch.float64)
    model.load_state_dict({name: torch.from_numpy(t).to(torch.float64)
                           for name, t in tensors.items()}, strict=True)
    model.eval()
    characters = config["tokens"] == "char"
    text = prompt.lower() if config["lower_case"] else prompt
    prompt_tokens = list(text) if characters else text.split()
    unknown = [token for token in prompt_tokens if token not in vocabulary]
    if unknown:
        raise SystemExit(f"torch_interop: --prompt: not in the run's vocabulary: {unknown}")
    ids = [vocabulary.index(token) for token in prompt_tokens]
    with torch.no_grad():
        for _ in range(tokens):
            window = torch.tensor([ids[-config["context"]:]])
            ids.append(int(model(window)[0, -1].argmax()))
    separator = "" if characters else " "
    expected = prompt + "".join(separator + vocabulary[i] for i in ids[len(prompt_tokens):])
    done = subprocess.run([flujo, "words", "generate", run_dir, "--prompt", prompt, "--tokens",
                           str(tokens), "--top-k", "1"], capture_output=True, text=True, check=True)
    generated = done.stdout.removesuffix("\n")  # spaces are tokens too: strip nothing else
    same = generated == expected
    print(f"{run_dir} ({config['model']}, {config['tokens']} level): "
          f"{'same' if same else 'DIFFERENT'} greedy text")
    if not same:
        print(f"  flujo: {generated!r}\n  torch: {expected!r}")
    return same


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--flujo", default=os.path.join(REPO, "build", "flujo"))
    parser.add_argument("command", choices=["check", "roundtrip", "fixtures", "words"])
    parser.add_argument("run_dir", nargs="?")
    parser.add_argument("--prompt", help="words: the text to continue (space-separated tokens of "
                        "the run's vocabulary at word level, any of its characters at char level)")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as workdir:
        if args.command == "words":
            if not args.run_dir or not args.prompt:
                parser.error("words needs RUN_DIR and --prompt")
            ok = check_words(args.flujo, args.run_dir, args.prompt)
        elif args.command == "check":
            if not args.run_dir:
                parser.error("check needs RUN_DIR")
            ok = check_run(args.flujo, args.run_dir, workdir)
        else:
            keep = args.command == "fixtures"
            if keep:
                os.makedirs(FIXTURES, exist_ok=True)
            for cell in CELLS:
                ok &= check_run(args.flujo, train_run(args.flujo, cell, workdir), workdir,
                                keep_as="flujo_" + cell if keep else None)
            for cell, channels, hidden, layers in [("rnn", 1, 4, 1), ("lstm", 2, 5, 2),
                                                   ("gru", 3, 4, 2)]:
                ok &= roundtrip(args.flujo, cell, channels, hidden, layers, workdir,
                                keep_as="torch_" + cell if keep else None)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
