"""Prints an ONNX model's structure from its protobuf bytes, with no onnx
package: opset, inputs and outputs with their shapes, each node's op type,
inputs and attributes, and each initializer's name, dims and value count.
Decodes the wire format field by field (onnx.proto's field numbers), so a
malformed file fails here."""
import struct
import sys


def fields(buf):
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        num, wire = key >> 3, key & 7
        if wire == 0:
            v, i = varint(buf, i)
        elif wire == 5:
            v = struct.unpack("<f", buf[i:i + 4])[0]
            i += 4
        elif wire == 1:
            v = buf[i:i + 8]
            i += 8
        elif wire == 2:
            n, i = varint(buf, i)
            v = buf[i:i + n]
            if len(v) != n:
                raise ValueError("truncated field %d" % num)
            i += n
        else:
            raise ValueError("wire type %d" % wire)
        yield num, v


def varint(buf, i):
    shift = v = 0
    while True:
        b = buf[i]
        i += 1
        v |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return v, i


def signed(v):
    return v - (1 << 64) if v >= 1 << 63 else v


def value_info(buf):
    name, dims = "", []
    for num, v in fields(buf):
        if num == 1:
            name = v.decode()
        elif num == 2:  # TypeProto
            for n2, tt in fields(v):
                for n3, t in fields(tt):  # TypeProto.Tensor
                    if n3 == 2:
                        for _, d in fields(t):  # TensorShapeProto.dim
                            for n5, dv in fields(d):
                                dims.append(dv.decode() if n5 == 2 else str(dv))
    return "%s[%s]" % (name, ",".join(dims))


def main(path):
    model = open(path, "rb").read()
    for num, v in fields(model):
        if num == 1:
            print("ir_version", v)
        elif num == 2:
            print("producer", v.decode())
        elif num == 8:
            print("opset", dict((n, x) for n, x in fields(v)).get(2))
        elif num == 7:
            for gnum, g in fields(v):
                if gnum == 11:
                    print("input", value_info(g))
                elif gnum == 12:
                    print("output", value_info(g))
                elif gnum == 1:
                    ins, outs, op, attrs = [], [], "", []
                    for n, x in fields(g):
                        if n == 1:
                            ins.append(x.decode())
                        elif n == 2:
                            outs.append(x.decode())
                        elif n == 4:
                            op = x.decode()
                        elif n == 5:
                            a = dict(fields(x))
                            val = a.get(2) if a.get(20) == 1 else signed(a.get(3, 0))
                            attrs.append("%s=%g" % (a[1].decode(), val))
                    print("node", op, ",".join(ins), "->", ",".join(outs), " ".join(attrs))
                elif gnum == 5:
                    t = list(fields(g))
                    dims = [str(x) for n, x in t if n == 1]
                    name = [x.decode() for n, x in t if n == 8][0]
                    raw = [x for n, x in t if n == 9][0]
                    print("initializer %s [%s] %d floats" % (name, ",".join(dims), len(raw) // 4))


if __name__ == "__main__":
    main(sys.argv[1])
