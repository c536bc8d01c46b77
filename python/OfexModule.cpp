//===- OfexModule.cpp - ofex's tasks and shipped policies in Python -------===//
//
// The extension module ofex._ofex: Task (a MuJoCo task of ofex, stepping in
// its action box) and Policy (a run's deploy.mlir + deploy.bin, compiled at
// batch 1). The Python package (python/ofex) builds the Gymnasium interface
// and the run reader on top.
//
//===----------------------------------------------------------------------===//

#include "ofex/envs/Registry.h"
#include "ofex/rl/ActionScaling.h"
#include "ofex/train/DeployedPolicy.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <stdexcept>

namespace py = pybind11;
using ofex::envs::Task;
using ofex::train::DeployedPolicy;

namespace {

using F64Array = py::array_t<double, py::array::c_style>;
using F32Array = py::array_t<float, py::array::c_style | py::array::forcecast>;

F64Array toArray(const std::vector<double> &v) {
  F64Array a(py::ssize_t(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

/// A task and its seeded reset; step takes the action in the task's box.
class PyTask {
public:
  explicit PyTask(const std::string &name) : task(ofex::envs::makeTask(name)) {}
  F64Array reset(uint64_t seed) { return toArray(task->reset(seed)); }
  py::tuple step(const F32Array &action) {
    if (action.ndim() != 1 || action.shape(0) != task->spec().act_dim)
      throw std::invalid_argument(
          "action: expected " + std::to_string(task->spec().act_dim) +
          " values");
    ofex::envs::StepResult r =
        task->step(action.data(), size_t(action.shape(0)));
    return py::make_tuple(toArray(r.obs), r.reward, r.terminated,
                          r.truncated);
  }
  const ofex::envs::TaskSpec &spec() const { return task->spec(); }

private:
  std::unique_ptr<Task> task;
};

/// The deterministic policy of a run, acting in its task's action box.
class PyPolicy {
public:
  PyPolicy(const std::string &dir, int64_t step) : policy(dir, step) {
    auto task = ofex::envs::makeTask(policy.env());
    low.assign(task->spec().act_low.begin(), task->spec().act_low.end());
    high.assign(task->spec().act_high.begin(), task->spec().act_high.end());
    if (int64_t(low.size()) != policy.actDim())
      throw std::invalid_argument(dir + ": the policy has " +
                                  std::to_string(policy.actDim()) +
                                  " actions but " + policy.env() + " has " +
                                  std::to_string(low.size()));
  }
  /// One observation (obs_dim,) or a batch (rows, obs_dim): the actions.
  py::array_t<float> act(const F32Array &obs) {
    const int64_t O = policy.obsDim(), A = policy.actDim();
    bool single = obs.ndim() == 1;
    if (!(single ? obs.shape(0) == O : obs.ndim() == 2 && obs.shape(1) == O))
      throw std::invalid_argument("observation: expected shape (" +
                                  std::to_string(O) + ",) or (rows, " +
                                  std::to_string(O) + ")");
    const int64_t rows = single ? 1 : obs.shape(0);
    py::array_t<float> out =
        single ? py::array_t<float>(A) : py::array_t<float>({rows, A});
    float *a = out.mutable_data();
    for (int64_t r = 0; r < rows; ++r) {
      policy.act(obs.data() + r * O, a + r * A);
      ofex::rl::scaleActionsToBox({1, size_t(A)}, a + r * A, low.data(),
                                  high.data(), a + r * A);
    }
    return out;
  }
  const DeployedPolicy &deployed() const { return policy; }

private:
  DeployedPolicy policy;
  std::vector<float> low, high;
};

} // namespace

PYBIND11_MODULE(_ofex, m) {
  m.doc() = "ofex's MuJoCo tasks and shipped policies (see the ofex package)";
  py::register_exception<std::invalid_argument>(m, "OfexError",
                                                PyExc_ValueError);
  m.def("task_names", &ofex::envs::taskNames);
  py::class_<PyTask>(m, "Task")
      .def(py::init<const std::string &>(), py::arg("name"))
      .def("reset", &PyTask::reset, py::arg("seed"))
      .def("step", &PyTask::step, py::arg("action"))
      .def_property_readonly("name",
                             [](const PyTask &t) { return t.spec().name; })
      .def_property_readonly("obs_dim",
                             [](const PyTask &t) { return t.spec().obs_dim; })
      .def_property_readonly("act_dim",
                             [](const PyTask &t) { return t.spec().act_dim; })
      .def_property_readonly("act_low",
                             [](const PyTask &t) {
                               return toArray(t.spec().act_low);
                             })
      .def_property_readonly("act_high",
                             [](const PyTask &t) {
                               return toArray(t.spec().act_high);
                             })
      .def_property_readonly("dt", [](const PyTask &t) { return t.spec().dt; })
      .def_property_readonly("max_episode_steps", [](const PyTask &t) {
        return t.spec().max_episode_steps;
      });
  py::class_<PyPolicy>(m, "Policy")
      .def(py::init<const std::string &, int64_t>(), py::arg("run_dir"),
           py::arg("step") = -1)
      .def("act", &PyPolicy::act, py::arg("observation"))
      .def_property_readonly(
          "env", [](const PyPolicy &p) { return p.deployed().env(); })
      .def_property_readonly(
          "obs_dim", [](const PyPolicy &p) { return p.deployed().obsDim(); })
      .def_property_readonly(
          "act_dim", [](const PyPolicy &p) { return p.deployed().actDim(); })
      .def_property_readonly(
          "params", [](const PyPolicy &p) { return p.deployed().params(); })
      .def_property_readonly("eval_seed", [](const PyPolicy &p) {
        return p.deployed().evalSeed();
      });
}
