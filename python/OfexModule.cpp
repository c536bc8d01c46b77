//===- OfexModule.cpp - ofex's tasks and shipped policies in Python -------===//
//
// The extension module ofex._ofex: Task (a MuJoCo task of ofex, stepping in
// its action box) and Policy (a run's deploy.mlir + deploy.bin, compiled at
// batch 1). The Python package (python/ofex) builds the Gymnasium interface
// and the run reader on top.
//
//===----------------------------------------------------------------------===//

#include "ofex/envs/Registry.h"
#include "ofex/envs/VecTask.h"
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

/// A 1-D array of n entries. Debian's pybind11 (2.10) predates NumPy 2 and
/// reads a dtype's item size where NumPy 1 kept it: under NumPy 2 it gets 0,
/// so the array_t(count) constructor (strides from the dtype) makes every
/// entry alias the first. A shape container takes the strides from sizeof(T)
/// instead; the module uses no pybind11 call that reads a dtype's size
/// (itemsize, nbytes, strides-free array(dtype, shape)), and the bindings
/// test runs it under NumPy 2.
template <typename T> py::array_t<T> vector(py::ssize_t n) {
  return py::array_t<T>(std::vector<py::ssize_t>{n});
}

F64Array toArray(const std::vector<double> &v) {
  F64Array a = vector<double>(py::ssize_t(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

/// The step's reward terms as Gymnasium's MuJoCo tasks name them in `info`
/// (costs negative, as there).
py::dict stepInfo(const ofex::envs::StepResult &r) {
  py::dict info;
  info["x_velocity"] = r.x_velocity;
  info["reward_forward"] = r.terms.forward;
  info["reward_ctrl"] = -r.terms.ctrl;
  info["reward_healthy"] = r.terms.healthy;
  info["clipped"] = r.clipped;
  return info;
}

/// A task and its seeded reset; step takes the action in the task's box.
class PyTask {
public:
  explicit PyTask(const std::string &name) : task(ofex::envs::makeTask(name)) {}
  F64Array reset(uint64_t seed) { return toArray(task->reset(seed)); }
  py::tuple step(const F32Array &action) {
    if (action.ndim() != 1 || action.shape(0) != task->spec().act_dim)
      throw std::invalid_argument("action: expected " +
                                  std::to_string(task->spec().act_dim) +
                                  " values");
    ofex::envs::StepResult r =
        task->step(action.data(), size_t(action.shape(0)));
    return py::make_tuple(toArray(r.obs), r.reward, r.terminated, r.truncated,
                          stepInfo(r));
  }
  const ofex::envs::TaskSpec &spec() const { return task->spec(); }

private:
  std::unique_ptr<Task> task;
};

/// n instances of a task stepped together on ofex's VecTask (with `threads`
/// workers, the GIL released while they step). An instance whose episode has
/// ended stays put until reset_one starts its next one.
class PyVecTask {
public:
  PyVecTask(const std::string &name, size_t n, unsigned threads)
      : vec(name, n, {}, threads) {}
  py::array_t<double> reset(const std::vector<uint64_t> &seeds) {
    return rows(vec.reset(seeds));
  }
  F64Array resetOne(size_t i, uint64_t seed) {
    if (i >= vec.size())
      throw std::invalid_argument("instance " + std::to_string(i) + " of " +
                                  std::to_string(vec.size()));
    return toArray(vec.at(i).reset(seed));
  }
  /// actions (n, act_dim) -> (obs (n, obs_dim), rewards, terminated,
  /// truncated, infos).
  py::tuple step(const F32Array &actions) {
    const auto n = py::ssize_t(vec.size()), A = py::ssize_t(spec().act_dim);
    if (actions.ndim() != 2 || actions.shape(0) != n || actions.shape(1) != A)
      throw std::invalid_argument("actions: expected shape (" +
                                  std::to_string(n) + ", " + std::to_string(A) +
                                  ")");
    std::vector<float> flat(actions.data(), actions.data() + n * A);
    std::vector<ofex::envs::StepResult> results;
    {
      py::gil_scoped_release unlocked;
      results = vec.step(flat);
    }
    std::vector<std::vector<double>> obs;
    py::array_t<double> rewards = vector<double>(n);
    py::array_t<bool> terminated = vector<bool>(n), truncated = vector<bool>(n);
    py::list infos;
    for (py::ssize_t i = 0; i < n; ++i) {
      obs.push_back(results[i].obs);
      rewards.mutable_at(i) = results[i].reward;
      terminated.mutable_at(i) = results[i].terminated;
      truncated.mutable_at(i) = results[i].truncated;
      infos.append(stepInfo(results[i]));
    }
    return py::make_tuple(rows(obs), rewards, terminated, truncated, infos);
  }
  const ofex::envs::TaskSpec &spec() const { return vec.spec(); }
  size_t size() const { return vec.size(); }

private:
  static py::array_t<double> rows(const std::vector<std::vector<double>> &v) {
    const auto n = py::ssize_t(v.size()),
               d = n ? py::ssize_t(v.front().size()) : 0;
    py::array_t<double> a({n, d});
    for (py::ssize_t i = 0; i < n; ++i)
      std::copy(v[i].begin(), v[i].end(), a.mutable_data(i, 0));
    return a;
  }
  ofex::envs::VecTask vec;
};

/// The deterministic policy of a run, acting in its task's action box.
class PyPolicy {
public:
  PyPolicy(const std::string &dir, int64_t step) : policy(dir, step) {
    const ofex::envs::TaskSpec &spec = policy.taskSpec();
    low.assign(spec.act_low.begin(), spec.act_low.end());
    high.assign(spec.act_high.begin(), spec.act_high.end());
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
        single ? vector<float>(A) : py::array_t<float>({rows, A});
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
  py::register_local_exception<std::invalid_argument>(m, "OfexError",
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
      .def_property_readonly(
          "act_low", [](const PyTask &t) { return toArray(t.spec().act_low); })
      .def_property_readonly(
          "act_high",
          [](const PyTask &t) { return toArray(t.spec().act_high); })
      .def_property_readonly("dt", [](const PyTask &t) { return t.spec().dt; })
      .def_property_readonly("max_episode_steps", [](const PyTask &t) {
        return t.spec().max_episode_steps;
      });
  py::class_<PyVecTask>(m, "VecTask")
      .def(py::init<const std::string &, size_t, unsigned>(), py::arg("name"),
           py::arg("n"), py::arg("threads") = 1)
      .def("reset", &PyVecTask::reset, py::arg("seeds"))
      .def("reset_one", &PyVecTask::resetOne, py::arg("i"), py::arg("seed"))
      .def("step", &PyVecTask::step, py::arg("actions"))
      .def_property_readonly("n", &PyVecTask::size)
      .def_property_readonly(
          "obs_dim", [](const PyVecTask &t) { return t.spec().obs_dim; })
      .def_property_readonly(
          "act_dim", [](const PyVecTask &t) { return t.spec().act_dim; });
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
