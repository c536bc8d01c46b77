"""Checks a run's deploy.onnx against ofex itself: the model passes
onnx.checker (full check, with shape inference), and on every observation of
`ofex-train --play RUN --play-actions FILE` onnxruntime's action equals the
action ofex sent to the task (max abs error below --tolerance). Exit status 1
when either fails."""
import argparse
import sys

import numpy as np
import onnx
import onnxruntime as ort


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model", help="a run's deploy.onnx")
    p.add_argument("actions", help="the CSV --play-actions wrote")
    p.add_argument("--tolerance", type=float, default=1e-5)
    a = p.parse_args()

    model = onnx.load(a.model)
    onnx.checker.check_model(model, full_check=True)
    obs_dim = model.graph.input[0].type.tensor_type.shape.dim[1].dim_value
    act_dim = model.graph.output[0].type.tensor_type.shape.dim[1].dim_value

    rows = np.loadtxt(a.actions, delimiter=",", dtype=np.float64, ndmin=2)
    if rows.shape[1] != obs_dim + act_dim:
        sys.exit("%s: %d columns, the model has %d inputs and %d outputs"
                 % (a.actions, rows.shape[1], obs_dim, act_dim))
    obs = rows[:, :obs_dim].astype(np.float32)
    expected = rows[:, obs_dim:]
    session = ort.InferenceSession(a.model, providers=["CPUExecutionProvider"])
    # A batch at once and row by row: the batch dimension is free.
    batch = session.run(["action"], {"observation": obs})[0]
    single = np.concatenate(
        [session.run(["action"], {"observation": obs[i:i + 1]})[0]
         for i in range(min(len(obs), 50))])
    err = float(np.max(np.abs(batch - expected)))
    err_single = float(np.max(np.abs(single - batch[:len(single)])))
    print("%s: onnx.checker ok; %d observations, max |onnxruntime - ofex| %.3g, "
          "batch vs single rows %.3g, opset %d, %d nodes"
          % (a.model, len(obs), err, err_single, model.opset_import[0].version,
             len(model.graph.node)))
    if not (err < a.tolerance and err_single < a.tolerance):
        sys.exit(1)


if __name__ == "__main__":
    main()
