#!/usr/bin/python3
"""Writes the malformed .npy samples next to this script (tiny, committed; rerun to regenerate).

Each file is named by what is wrong with it. numpy writes the well-formed parts; the defects are
spliced in by hand so each file breaks exactly one rule the reader checks.
"""
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def header(dict_text, version=(1, 0)):
    """Magic, version, length and the dict padded to a 64-byte boundary, as numpy lays it out."""
    length_bytes = 2 if version[0] == 1 else 4
    prefix = 8 + length_bytes
    body = dict_text + " " * ((64 - (prefix + len(dict_text) + 1) % 64) % 64) + "\n"
    length = struct.pack("<H" if length_bytes == 2 else "<I", len(body))
    return b"\x93NUMPY" + bytes(version) + length + body.encode("latin1")


def dict_for(descr, shape, fortran=False):
    return "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, shape)


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def main():
    values = np.arange(6, dtype="<f8").reshape(3, 2)
    # The header promises 10^9 x 3 doubles (24 GB) but the file holds 6.
    write("npy_lying_shape.npy", header(dict_for("<f8", "(1000000000, 3)")) + values.tobytes())
    # Dimensions whose product overflows 64 bits.
    write("npy_overflow_shape.npy",
          header(dict_for("<f8", "(4611686018427387904, 4611686018427387904)")) + values.tobytes())
    # A correct header for (10, 2) doubles, cut after 5 rows.
    write("npy_truncated_data.npy",
          header(dict_for("<f8", "(10, 2)")) + np.zeros((5, 2), "<f8").tobytes())
    # The header length field promises more bytes than the file has.
    write("npy_truncated_header.npy", header(dict_for("<f8", "(3, 2)"))[:40])
    write("npy_wrong_magic.npy", b"\x93NUMPX" + header(dict_for("<f8", "(3, 2)"))[6:]
          + values.tobytes())
    write("npy_bad_version.npy", header(dict_for("<f8", "(3, 2)"), version=(4, 0))
          + values.tobytes())
    write("npy_fortran_order.npy",
          header(dict_for("<f8", "(3, 2)", fortran=True)) + values.T.tobytes())
    write("npy_big_endian.npy", header(dict_for(">f8", "(3, 2)")) + values.astype(">f8").tobytes())
    write("npy_int64.npy", header(dict_for("<i8", "(3, 2)")) + values.astype("<i8").tobytes())
    write("npy_unknown_key.npy",
          header("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), 'extra': 1, }")
          + values.tobytes())
    write("npy_garbage_header.npy", header("{'descr': '<f8', 'shape': [3, 2"))
    with_nan = values.copy()
    with_nan[2, 1] = np.nan
    write("npy_nan_value.npy", header(dict_for("<f8", "(3, 2)")) + with_nan.tobytes())
    with_inf = np.arange(4, dtype="<f4")
    with_inf[3] = np.inf
    write("npy_inf_value_f4.npy", header(dict_for("<f4", "(4,)")) + with_inf.tobytes())
    write("npy_rank3.npy",
          header(dict_for("<f8", "(1, 3, 2)")) + values.tobytes())


if __name__ == "__main__":
    main()
