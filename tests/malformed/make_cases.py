#!/usr/bin/python3
"""Writes the malformed-input cases next to this script (tiny, committed; rerun to regenerate).

Each file is named by what is wrong with it and breaks one rule of one reader: csv_* and npy_*
(series files for `flujo train --data`), toml_* (`flujo train --config`), st_* (the safetensors
container, `flujo inspect`) and model_* (well-formed safetensors whose contents do not make a
model, `flujo inspect --predict`). expected.txt says what the CLI's one-line error must contain;
tests/cli/malformed_test.cpp runs them all.
"""
import json
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)


# ----------------------------------------------------------------------------------------------
# CSV: a good file is "t,x\n0,1.5\n1,2.5\n..." (train needs more rows than these hold; every
# defect below is found before the length is checked, except csv_too_few_rows).

GOOD_ROWS = "".join("%d,%g\n" % (t, 0.1 * t) for t in range(60))


def csv_cases():
    write("csv_bom_only.csv", b"\xef\xbb\xbf")
    write("csv_crlf_ragged_row.csv", "t,x,y\r\n0,1,2\r\n1,2\r\n")
    write("csv_extra_field.csv", "t,x\n0,1\n1,2,3\n")
    write("csv_minus_inf.csv", "t,x\n0,1\n1,-inf\n")
    write("csv_quoted_nan.csv", 't,x\n0,1\n1,"NaN"\n')
    write("csv_invalid_utf8_value.csv", b"t,x\n0,1\n1,2\xff\n")
    write("csv_hex_number.csv", "t,x\n0,1\n1,0x10\n")
    write("csv_nul_byte.csv", b"t,x\n0,1\n1,2\x003\n")
    write("csv_unterminated_quote_header.csv", '"t,x\n0,1\n')
    write("csv_only_commas.csv", ",,\n,,\n")
    write("csv_exponent_overflow.csv", "t,x\n0,1e999\n")
    write("csv_too_few_rows.csv", "t,x\n0,1\n1,2\n2,3\n")
    # Well formed, long enough, but one column never changes: nothing to learn.
    write("csv_constant_column.csv", "t,x\n" + "".join(f"{t},2.5\n" for t in range(400)))


# ----------------------------------------------------------------------------------------------
# NPY, laid out as numpy does (magic, version, length, dict padded to 64 bytes).

def npy_header(dict_text, version=(1, 0)):
    length_bytes = 2 if version[0] == 1 else 4
    body = dict_text + " " * ((64 - (8 + length_bytes + len(dict_text) + 1) % 64) % 64) + "\n"
    length = struct.pack("<H" if length_bytes == 2 else "<I", len(body))
    return b"\x93NUMPY" + bytes(version) + length + body.encode("latin1")


def npy_dict(descr, shape):
    return "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)


def npy_cases():
    values = np.arange(6, dtype="<f8").reshape(3, 2)
    write("npy_empty_file.npy", b"")
    write("npy_magic_only.npy", b"\x93NUMPY")
    write("npy_header_length_beyond_file.npy",
          b"\x93NUMPY\x01\x00" + struct.pack("<H", 60000) + b"{'descr': '<f8'")
    write("npy_negative_dimension.npy", npy_header(npy_dict("<f8", "(-1, 2)")) + values.tobytes())
    write("npy_zero_rows.npy", npy_header(npy_dict("<f8", "(0, 2)")))
    write("npy_object_dtype.npy", npy_header(npy_dict("|O", "(3, 2)")) + values.tobytes())
    write("npy_huge_1d.npy", npy_header(npy_dict("<f8", "(4611686018427387904,)"))
          + values.tobytes())
    minus_inf = values.copy()
    minus_inf[1, 0] = -np.inf
    write("npy_minus_inf_f8.npy", npy_header(npy_dict("<f8", "(3, 2)")) + minus_inf.tobytes())
    write("npy_header_not_a_dict.npy", npy_header("[3, 2]") + values.tobytes())
    write("npy_unterminated_descr.npy",
          npy_header("{'descr': '<f8, 'fortran_order': False, 'shape': (3, 2), }")
          + values.tobytes())


# ----------------------------------------------------------------------------------------------
# TOML configuration files.

def toml_cases():
    write("toml_unterminated_string.toml", 'model = "lstm\n')
    write("toml_missing_value.toml", "epochs =\n")
    write("toml_duplicate_key.toml", "epochs = 2\nepochs = 3\n")
    write("toml_unknown_key.toml", "epochs = 2\nlearning_rate = 0.1\n")
    write("toml_array_value.toml", "hidden = [8, 8]\n")
    write("toml_bool_value.toml", "epochs = true\n")
    write("toml_table_value.toml", "[model]\nkind = \"lstm\"\n")
    write("toml_float_for_integer.toml", "epochs = 2.5\n")
    write("toml_integer_overflow.toml", "epochs = 99999999999999999999\n")
    write("toml_invalid_utf8.toml", b'model = "ls\xfftm"\n')
    write("toml_negative_hidden.toml", "hidden = -3\n")
    write("toml_zero_epochs.toml", "epochs = 0\n")
    write("toml_negative_seed.toml", "seed = -1\n")
    write("toml_nan_learning_rate.toml", "lr = nan\n")
    write("toml_inf_dt.toml", "dt = inf\n")
    write("toml_unknown_model.toml", 'model = "transformer"\n')
    write("toml_too_many_layers.toml", "layers = 9\n")
    write("toml_fractions_leave_no_test.toml", "train_fraction = 0.8\nvalidation_fraction = 0.3\n")
    write("toml_esn_key_for_lstm.toml", 'model = "lstm"\nridge = 0.1\n')
    write("toml_epochs_for_esn.toml", 'model = "esn"\nepochs = 5\n')


# ----------------------------------------------------------------------------------------------
# safetensors: 8-byte little-endian header length, JSON header, data.

def safetensors(header, data=b"", header_length=None):
    text = header if isinstance(header, bytes) else json.dumps(header).encode("utf-8")
    length = len(text) if header_length is None else header_length
    return struct.pack("<Q", length) + text + data


def f32(*values):
    return np.array(values, dtype="<f4").tobytes()


def entry(shape, begin, end, dtype="F32"):
    return {"dtype": dtype, "shape": shape, "data_offsets": [begin, end]}


def safetensors_cases():
    one = {"w": entry([2], 0, 8)}
    write("st_empty.safetensors", b"")
    write("st_seven_bytes.safetensors", b"\x10\x00\x00\x00\x00\x00\x00")
    write("st_header_length_2_63.safetensors", safetensors(one, f32(1, 2), header_length=1 << 63))
    write("st_header_length_beyond_file.safetensors", safetensors(one, f32(1, 2), 4096))
    write("st_header_not_json.safetensors", safetensors(b"{\"w\": {\"dtype\": ", f32(1, 2)))
    write("st_header_is_array.safetensors", safetensors([1, 2, 3]))
    write("st_header_invalid_utf8.safetensors", safetensors(b'{"w\xff": {}}'))
    write("st_unsupported_dtype.safetensors", safetensors({"w": entry([2], 0, 16, "I64")},
                                                          bytes(16)))
    write("st_negative_dimension.safetensors", safetensors({"w": entry([-2], 0, 8)}, f32(1, 2)))
    write("st_rank_6.safetensors", safetensors({"w": entry([1] * 6, 0, 4)}, f32(1)))
    write("st_float_dimension.safetensors", safetensors({"w": entry([2.5], 0, 8)}, f32(1, 2)))
    write("st_huge_shape.safetensors", safetensors({"w": entry([1 << 40, 1 << 40], 0, 8)},
                                                   f32(1, 2)))
    write("st_offsets_outside_data.safetensors", safetensors({"w": entry([2], 8, 16)}, f32(1, 2)))
    write("st_offsets_reversed.safetensors", safetensors({"w": entry([0], 8, 0)}, f32(1, 2)))
    write("st_offsets_span_mismatch.safetensors", safetensors({"w": entry([3], 0, 8)}, f32(1, 2)))
    write("st_overlapping_tensors.safetensors",
          safetensors({"a": entry([2], 0, 8), "b": entry([2], 4, 12)}, f32(1, 2, 3)))
    write("st_trailing_bytes.safetensors", safetensors(one, f32(1, 2, 3)))
    write("st_metadata_not_string.safetensors",
          safetensors({"__metadata__": {"format": 1}, **one}, f32(1, 2)))
    write("st_missing_dtype.safetensors",
          safetensors({"w": {"shape": [2], "data_offsets": [0, 8]}}, f32(1, 2)))


# ----------------------------------------------------------------------------------------------
# Well-formed safetensors that do not describe a flujo model: an RNN with hidden 2 on 1 channel
# ("rnn.weight_ih_l0" (2, 1), "rnn.weight_hh_l0" (2, 2), biases (2), "head.weight" (1, 2),
# "head.bias" (1)) with one thing wrong each.

def rnn_tensors(hidden=2, channels=1):
    return {
        "rnn.weight_ih_l0": [hidden, channels],
        "rnn.weight_hh_l0": [hidden, hidden],
        "rnn.bias_ih_l0": [hidden],
        "rnn.bias_hh_l0": [hidden],
        "head.weight": [channels, hidden],
        "head.bias": [channels],
    }


def model_file(tensors, config, metadata_extra=None):
    header, offset = {}, 0
    for name, shape in tensors.items():
        size = 4 * int(np.prod(shape))
        header[name] = entry(shape, offset, offset + size)
        offset += size
    metadata = dict(metadata_extra or {})
    if config is not None:
        metadata["flujo.config"] = config if isinstance(config, str) else json.dumps(config)
    if metadata:
        header["__metadata__"] = metadata
    data = np.linspace(-0.5, 0.5, offset // 4, dtype="<f4").tobytes()
    return safetensors(header, data)


def model_cases():
    rnn = {"model": "rnn", "hidden": 2, "layers": 1}
    write("model_no_config_metadata.safetensors", model_file(rnn_tensors(), None))
    write("model_config_not_json.safetensors", model_file(rnn_tensors(), "{model: rnn"))
    write("model_config_unknown_key.safetensors",
          model_file(rnn_tensors(), {**rnn, "dropout": 0.5}))
    write("model_config_esn.safetensors", model_file(rnn_tensors(), {**rnn, "model": "esn"}))
    write("model_config_unknown_cell.safetensors",
          model_file(rnn_tensors(), {**rnn, "model": "transformer"}))
    write("model_config_too_many_layers.safetensors",
          model_file(rnn_tensors(), {**rnn, "layers": 9}))
    write("model_config_hidden_mismatch.safetensors",
          model_file(rnn_tensors(), {**rnn, "hidden": 3}))
    lying = rnn_tensors()
    lying["head.weight"] = [1, 64]
    write("model_config_lying_size.safetensors", model_file(lying, {**rnn, "hidden": 64}))
    no_head = rnn_tensors()
    del no_head["head.weight"]
    write("model_missing_head.safetensors", model_file(no_head, rnn))
    renamed = rnn_tensors()
    renamed["rnn.weight_hh_l1"] = renamed.pop("rnn.weight_hh_l0")
    write("model_missing_tensor.safetensors", model_file(renamed, rnn))
    extra = rnn_tensors()
    extra["rnn.scale"] = [1]
    write("model_extra_tensor.safetensors", model_file(extra, rnn))
    transposed = rnn_tensors()
    transposed["rnn.weight_ih_l0"] = [1, 2]
    write("model_transposed_weight.safetensors", model_file(transposed, rnn))


def main():
    csv_cases()
    npy_cases()
    toml_cases()
    safetensors_cases()
    model_cases()


if __name__ == "__main__":
    main()
