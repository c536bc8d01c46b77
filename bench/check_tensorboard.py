#!/usr/bin/env python3
"""ofex's TensorBoard event files as TensorBoard itself reads them.

Loads DIR (a log directory: every events.out.tfevents.* file in it) twice
with tensorboard's own code:

1. each file record by record with tensorboard's record reader
   (tensorboard.compat.tensorflow_stub, which checks both masked CRC-32Cs of
   every record) and its Event proto: a bad record fails loudly here, where
   the accumulator would only stop reading the file at it without a word;
2. the whole directory with
   tensorboard.backend.event_processing.event_accumulator.EventAccumulator
   (size_guidance scalars 0: every point kept), as TensorBoard's scalar
   dashboard sees it: files in name order, a SessionLog START (ofex writes
   one when a run resumes) dropping the earlier events at its step and
   later.

It prints every scalar series and, when given --expected JSON (by default
DIR/expected.json if it exists), compares the tags and each series'
(step, value, wall_time) points exactly against it. The JSON is
{"scalars": {tag: [[step, value, wall_time], ...]}}; the unit test
EventWriter.TensorBoardSample writes one from ofex's own reader
(ofex::rl::readEvents) next to its sample files (bench/check-tensorboard.sh
runs it). Exit status 0 when all agree, 1 on a difference or a bad record.

Needs tensorboard (bench/check-tensorboard.sh makes the venv).
"""
import argparse
import csv
import json
import os
import struct
import sys

from tensorboard.backend.event_processing import event_accumulator
from tensorboard.compat.proto import event_pb2
from tensorboard.compat.tensorflow_stub import errors
from tensorboard.compat.tensorflow_stub import pywrap_tensorflow


def event_files(directory):
    # TensorBoard's filter (io_wrapper.IsSummaryEventsFile) and its order.
    return sorted(n for n in os.listdir(directory) if "tfevents" in n)


def check_records(path):
    """Every record of one file, through tensorboard's CRC-checking reader."""
    reader = pywrap_tensorflow.PyRecordReader_New(path)
    events = []
    while True:
        try:
            reader.GetNext()
        except errors.OutOfRangeError:
            return events
        events.append(event_pb2.Event.FromString(reader.record()))


def accumulate(directory):
    acc = event_accumulator.EventAccumulator(
        directory, size_guidance={event_accumulator.SCALARS: 0})
    acc.Reload()
    return {tag: [(e.step, e.value, e.wall_time) for e in acc.Scalars(tag)]
            for tag in acc.Tags()[event_accumulator.SCALARS]}


def f32(x):
    return struct.unpack("f", struct.pack("f", float(x)))[0]


def compare_run(directory, series):
    """An ofex-train run directory: TensorBoard's series against the CSVs."""
    bad = False
    logs = [("eval.csv", "eval"), ("progress.csv", "train"),
            ("units.csv", "prune/units"), ("eval-gates.csv", "eval_gates")]
    for name, prefix in logs:
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            continue
        with open(path) as f:
            rows = list(csv.reader(f))
        header, rows = rows[0], rows[1:]
        for col, column in enumerate(header[1:], start=1):
            tag = f"{prefix}/{column}"
            if column == "updates_per_s":
                continue  # wall-clock time; TensorBoard has it as logged
            want = [(int(r[0]), f32(r[col])) for r in rows
                    if r[col] not in ("nan", "inf", "-inf")]
            got = [(s, v) for s, v, _ in series.get(tag, [])]
            if got != want:
                bad = True
                print(f"MISMATCH {tag}: tensorboard {len(got)} points, "
                      f"{name} {len(want)}")
            else:
                print(f"ok {tag}: {len(got)} points = {name}")
    print(("FAILED" if bad else "PASSED") + f": {directory} against its CSVs")
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", help="the log directory (holds events.out.tfevents.*)")
    ap.add_argument("--expected", help="JSON of the expected series "
                    "(default: DIR/expected.json when it exists)")
    ap.add_argument("--verbose", action="store_true",
                    help="print every point, not the first three per tag")
    args = ap.parse_args()

    files = event_files(args.dir)
    if not files:
        print(f"check-tensorboard: no event files in {args.dir}", file=sys.stderr)
        return 1
    bad = False
    for name in files:
        path = os.path.join(args.dir, name)
        try:
            events = check_records(path)
        except errors.DataLossError as e:
            print(f"BAD RECORD  {name}: {e.message}")
            bad = True
            continue
        versions = sorted({e.file_version for e in events if e.file_version})
        starts = [e.step for e in events
                  if e.HasField("session_log")
                  and e.session_log.status == event_pb2.SessionLog.START]
        scalars = sum(1 for e in events for v in e.summary.value
                      if v.HasField("simple_value"))
        print(f"file {name}: {len(events)} records, CRCs ok, file_version "
              f"{','.join(versions) or '-'}, {scalars} scalars"
              + (f", SessionLog START at step {starts}" if starts else ""))

    series = accumulate(args.dir)
    print(f"EventAccumulator: {len(series)} scalar tags")
    for tag in sorted(series):
        shown = series[tag] if args.verbose else series[tag][:3]
        points = " ".join(f"({s}, {v!r})" for s, v, _ in shown)
        more = "" if len(shown) == len(series[tag]) else \
            f" ... ({len(series[tag])} points)"
        print(f"  {tag}: {points}{more}")

    if os.path.exists(os.path.join(args.dir, "eval.csv")):
        # An ofex-train run: what TensorBoard shows must be its CSV logs
        # (each value rounded to a float, as the events hold it).
        return 1 if compare_run(args.dir, series) or bad else 0

    expected_path = args.expected
    if expected_path is None:
        default = os.path.join(args.dir, "expected.json")
        expected_path = default if os.path.exists(default) else None
    if expected_path is None:
        print("no expected series given: nothing compared")
        return 1 if bad else 0
    with open(expected_path) as f:
        expected = {tag: [tuple(p) for p in points]
                    for tag, points in json.load(f)["scalars"].items()}
    if set(series) != set(expected):
        print(f"MISMATCH tags: tensorboard {sorted(series)}, "
              f"expected {sorted(expected)}")
        bad = True
    for tag in sorted(set(series) & set(expected)):
        # Exact: both sides are the same float32 widened to a double, and the
        # same double wall_time.
        got, want = series[tag], expected[tag]
        if got == want:
            print(f"ok {tag}: {len(got)} points equal")
            continue
        bad = True
        print(f"MISMATCH {tag}: {len(got)} points, expected {len(want)}")
        for i in range(max(len(got), len(want))):
            g = got[i] if i < len(got) else None
            w = want[i] if i < len(want) else None
            if g != w:
                print(f"    [{i}] tensorboard {g}, expected {w}")
    print(("FAILED" if bad else "PASSED") +
          f": {args.dir} against {expected_path}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
