#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/.

Seeds come from the project's own tests (the lit inputs, split at their
`// -----` markers, and the theta files of test/tools/Inputs), a small preset
that ofexc builds, and binary files written here in the documented formats.
Run once after a format changes: python3 fuzz/make-seeds.py build/bin/ofexc
Inputs that a fuzzer crashed on live beside the seeds as crash-<sha1> and
are never rewritten here.
"""
import hashlib
import pathlib
import struct
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"


def fnv1a64(data: bytes) -> int:
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def put(target: str, name: str, data: bytes) -> None:
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


def ir_seeds(ofexc: str) -> None:
    for path in sorted((ROOT / "test").glob("*/*.mlir")):
        text = path.read_text()
        if "dnnl." in text and "ofex." not in text:
            continue
        for i, piece in enumerate(text.split("// -----")):
            body = "\n".join(l for l in piece.splitlines()
                             if not l.lstrip().startswith("//"))
            if body.strip():
                put("fuzz-ir", f"{path.parent.name}-{path.stem}-{i}.mlir",
                    body.encode())
    for zero in (ROOT / "test/tools/Inputs").glob("*.mlir"):
        put("fuzz-ir", f"tools-{zero.name}", zero.read_bytes())
    preset = subprocess.run(
        [ofexc, "--preset", "ofe-sac", "--env", "InvertedPendulum",
         "--ofe-layers", "2", "--ofe-units", "4", "--hidden", "8"],
        check=True, capture_output=True).stdout
    put("fuzz-ir", "preset-ofe-sac-small.mlir", preset)


def theta_seeds() -> None:
    for path in sorted((ROOT / "test/tools/Inputs").glob("theta-*.json")):
        if path.stat().st_size < 4096:
            put("fuzz-theta-json", path.name, path.read_bytes())
    put("fuzz-theta-json", "both-groups.json",
        b'{"l1": [1, 0.05, 0.5], "l2": [0.0, 1e-3]}')
    put("fuzz-theta-json", "escaped-key.json", b'{"l\\u0031": [1, 1, 1]}')


def ini_seeds() -> None:
    put("fuzz-train-ini", "minimal.ini", b"env = Hopper\nout = run\n")
    put("fuzz-train-ini", "prune-b.ini", b"""env = HalfCheetah
preset = prune-b
steps = 37500
seed = 0
eval-every = 2500
threads = 1
batch = 256
replay-size = 1000000
checkpoint-every = 2500
norm = layer
lr = 3e-04
nu-ofe = 2e-07
nu-pi = 2e-06
rho = 0.5
theta-lr = 0.3
theta-tol = 0.1
theta-freeze-steps = 30000
prune-every = 2500
deploy-gates = expect
theta-relax = 0.1
init-from = ofe-big-at30000
""")


def string(s: bytes) -> bytes:
    return struct.pack("<Q", len(s)) + s


def checkpoint_seeds() -> None:
    payload = string(b"fingerprint:1")
    payload += struct.pack("<Q", 2)
    payload += string(b"state/pi.l1.w") + struct.pack("<Q", 3) + struct.pack("<3f", 0.5, -1, 2)
    payload += string(b"theta/pi.l1") + struct.pack("<Q", 1) + struct.pack("<f", 0.25)
    payload += struct.pack("<Q", 1) + string(b"t") + struct.pack("<q", 600)
    payload += struct.pack("<Q", 1) + string(b"replay.added") + struct.pack("<Q", 600)
    payload += struct.pack("<Q", 1) + string(b"replay.file") + string(b"replay-600.bin")
    header = b"OFEXCKPT" + struct.pack("<IIQQ", 1, 0, len(payload), fnv1a64(payload))
    put("fuzz-checkpoint", "payload.bin", b"\x01" + payload)
    put("fuzz-checkpoint", "file.bin", b"\x00" + header + payload)


def replay_seeds() -> None:
    for size, nxt, added in ((3, 3, 3), (16, 5, 21), (0, 0, 0)):
        fields = struct.pack("<6Q", 16, 3, 2, size, nxt, added)
        body = b"".join(struct.pack("<f", float(i)) for i in range(size * (3 + 2 + 1 + 3 + 1)))
        put("fuzz-replay", f"fields-{size}-{nxt}.bin", b"\x01" + fields + body)
        stream = b"OFEXRPLB" + struct.pack("<II", 1, 0) + fields
        stream += struct.pack("<Q", fnv1a64(stream))
        stream += body
        stream += struct.pack("<Q", fnv1a64(stream))
        put("fuzz-replay", f"stream-{size}-{nxt}.bin", b"\x00" + stream)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make-seeds.py PATH/TO/ofexc")
    ir_seeds(sys.argv[1])
    theta_seeds()
    ini_seeds()
    checkpoint_seeds()
    replay_seeds()
    for d in sorted(CORPUS.iterdir()):
        print(d.name, len(list(d.iterdir())), "files")
