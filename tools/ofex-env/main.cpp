//===- main.cpp - ofex-env: inspect a task, run rollouts, render frames ---===//
//
//   ofex-env --env NAME --info
//   ofex-env --env NAME --rollout N [--seed S] [--policy zero|random]
//   ofex-env --env NAME --frames DIR [--seed S] [--policy zero|random]
//   ofex-env --env NAME --actions FILE [--start FILE | --seed S]
//   [--no-terminate] ofex-env --env NAME --compare-model FILE (any mode:
//   --model FILE runs another MJCF file in place of the task's)
//
// JSON on stdout. Exit status: 0 success, 1 runtime failure, 2 bad input,
// with one line on stderr naming the problem.
//
//===----------------------------------------------------------------------===//
#include "Frames.h"
#include "Json.h"
#include "Replay.h"
#include "Rollout.h"
#include "ToolMain.h"
#include "ofex/envs/MjHandles.h"
#include "ofex/envs/ModelDiff.h"
#include "ofex/envs/Registry.h"

#include <boost/program_options.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

namespace po = boost::program_options;
using namespace ofex;
using namespace ofex::envtool;
using ofex::tool::jsonArray;
using ofex::tool::jsonNumber;
using ofex::tool::jsonString;

namespace {

using ofex::tool::UsageError;

/// A non-negative decimal integer no larger than `max`, or UsageError.
unsigned long long parseCount(const std::string &option,
                              const std::string &text, unsigned long long max) {
  std::size_t used = 0;
  unsigned long long value = 0;
  bool ok = !text.empty() &&
            text.find_first_not_of("0123456789") == std::string::npos;
  if (ok) {
    try {
      value = std::stoull(text, &used);
    } catch (const std::exception &) {
      ok = false;
    }
  }
  if (!ok || used != text.size() || value > max)
    throw UsageError("--" + option + " must be an integer in [0, " +
                     std::to_string(max) + "], got '" + text + "'");
  return value;
}

// MuJoCo's default handlers print to stdout (which carries our JSON) and, for
// errors, end the process; route both to stderr with the tool's prefix.
void warningToStderr(const char *msg) {
  std::fprintf(stderr, "ofex-env: MuJoCo warning: %s\n", msg);
}
[[noreturn]] void errorToStderr(const char *msg) {
  std::fprintf(stderr, "ofex-env: MuJoCo error: %s\n", msg);
  std::exit(1);
}

std::string boxBound(const std::vector<double> &bound) {
  for (double b : bound)
    if (b != bound.front())
      return jsonArray(bound);
  return jsonNumber(bound.front());
}

void printInfo(const envs::TaskSpec &spec) {
  // dt is timestep * frame_skip; print it as the physical constant it is
  // (0.05, not 0.05000000000000000277).
  char dt[32];
  std::snprintf(dt, sizeof(dt), "%.12g", spec.dt);
  std::cout << "{\"env\":" << jsonString(spec.name)
            << ",\"obs_dim\":" << spec.obs_dim
            << ",\"act_dim\":" << spec.act_dim << ",\"dt\":" << dt
            << ",\"act_low\":" << boxBound(spec.act_low)
            << ",\"act_high\":" << boxBound(spec.act_high)
            << ",\"frame_skip\":" << spec.frame_skip
            << ",\"max_episode_steps\":" << spec.max_episode_steps << "}\n";
}

void printComparison(const envs::TaskSpec &spec, const std::string &other,
                     const std::vector<envs::FieldDifference> &diffs) {
  std::cout << "{\"env\":" << jsonString(spec.name)
            << ",\"other\":" << jsonString(other) << ",\"same_physics\":"
            << (envs::samePhysics(diffs) ? "true" : "false")
            << ",\"differences\":[";
  for (std::size_t i = 0; i < diffs.size(); ++i) {
    const envs::FieldDifference &d = diffs[i];
    std::cout << (i ? "," : "") << "{\"field\":" << jsonString(d.field)
              << ",\"physics\":" << (d.physics ? "true" : "false");
    if (d.size_mismatch)
      std::cout << ",\"length\":" << jsonNumber(d.a)
                << ",\"other_length\":" << jsonNumber(d.b);
    else
      std::cout << ",\"index\":" << d.index << ",\"value\":" << jsonNumber(d.a)
                << ",\"other_value\":" << jsonNumber(d.b)
                << ",\"max_abs_diff\":" << jsonNumber(d.max_abs);
    std::cout << "}";
  }
  std::cout << "]}\n";
}

void printRollout(const envs::TaskSpec &spec, const RolloutReport &r,
                  std::uint64_t seed, const std::string &policy) {
  const double steps = static_cast<double>(r.steps);
  std::cout << "{\"env\":" << jsonString(spec.name)
            << ",\"episodes\":" << r.returns.size() << ",\"seed\":" << seed
            << ",\"policy\":" << jsonString(policy)
            << ",\"returns\":" << jsonArray(r.returns)
            << ",\"lengths\":" << jsonArray(r.lengths)
            << ",\"steps\":" << r.steps << ",\"steps_per_second\":"
            << jsonNumber(r.wrapper_seconds > 0 ? steps / r.wrapper_seconds : 0)
            << ",\"raw_mj_step_per_second\":"
            << jsonNumber(r.raw_seconds > 0 ? steps / r.raw_seconds : 0)
            << ",\"wrapper_overhead\":"
            << jsonNumber(r.raw_seconds > 0
                              ? r.wrapper_seconds / r.raw_seconds - 1
                              : 0)
            << ",\"clipped\":" << r.clipped
            << ",\"wall_seconds\":" << jsonNumber(r.wall_seconds) << "}\n";
}

int run(int argc, char **argv) {
  po::options_description desc("ofex-env options");
  desc.add_options()              //
      ("help", "print this help") //
      ("env", po::value<std::string>(),
       "task name (HalfCheetah, Hopper, "
       "Walker2d, Ant, Humanoid, InvertedPendulum)")                     //
      ("info", "print the task's dimensions, dt and action box as JSON") //
      ("rollout", po::value<std::string>(),
       "run N episodes and print returns, lengths, speed") //
      ("frames", po::value<std::string>(),
       "write PNG frames of one episode to DIR") //
      ("frame-count", po::value<std::string>()->default_value("5"),
       "frames to write") //
      ("frame-stride", po::value<std::string>()->default_value("20"),
       "steps between frames") //
      ("seed", po::value<std::string>()->default_value("0"),
       "seed of the first episode") //
      ("policy", po::value<std::string>()->default_value("random"),
       "zero or random") //
      ("max-steps", po::value<std::string>()->default_value("1000"),
       "episode step limit")                                                  //
      ("models-dir", po::value<std::string>(), "directory of the MJCF files") //
      ("model", po::value<std::string>(),
       "an MJCF file to run in place of the task's own") //
      ("actions", po::value<std::string>(),
       "replay the actions of FILE (one row per step) and print every "
       "step's reward, qpos and qvel as CSV") //
      ("start", po::value<std::string>(),
       "with --actions: start from the state in FILE (one row: qpos, then "
       "qvel) instead of a noisy reset")                           //
      ("obs", "with --actions: print each step's observation too") //
      ("no-terminate",
       "run on through unhealthy states (Gymnasium's "
       "terminate_when_unhealthy=False)") //
      ("compare-model", po::value<std::string>(),
       "compare the task's compiled model with FILE's field by field");

  // Short options are off (so that "--rollout -3" reads -3 as a value),
  // but -h works as in every tool.
  if (ofex::tool::asksForShortHelp(argc, argv)) {
    std::cout << desc << "\n";
    return 0;
  }
  po::variables_map vm;
  try {
    // No short options: "--rollout -3" then reads -3 as a value and is
    // rejected by its range check instead of a confusing parser message.
    po::store(po::command_line_parser(argc, argv)
                  .options(desc)
                  .positional({}) // stray words are errors, not ignored
                  .style(po::command_line_style::unix_style ^
                         po::command_line_style::allow_short)
                  .run(),
              vm);
    po::notify(vm);
  } catch (const po::too_many_positional_options_error &) {
    throw UsageError(
        "unexpected argument: options are --name value (see --help)");
  } catch (const po::error &e) {
    throw UsageError(ofex::tool::optionErrorMessage(e));
  }
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return 0;
  }
  if (!vm.count("env"))
    throw UsageError("--env NAME is required");
  const int modes = static_cast<int>(vm.count("info") + vm.count("rollout") +
                                     vm.count("frames") + vm.count("actions") +
                                     vm.count("compare-model"));
  if (modes != 1)
    throw UsageError("choose exactly one of --info, --rollout N, --frames DIR, "
                     "--actions FILE, --compare-model FILE");
  if ((vm.count("start") || vm.count("obs")) && !vm.count("actions"))
    throw UsageError(std::string(vm.count("start") ? "--start FILE" : "--obs") +
                     " needs --actions FILE");

  const std::string name = vm["env"].as<std::string>();
  if (envs::canonicalTaskName(name).empty()) {
    std::string known;
    for (const std::string &n : envs::taskNames())
      known += (known.empty() ? "" : ", ") + n;
    throw UsageError("--env: unknown task '" + name + "'; expected one of " +
                     known);
  }
  const std::uint64_t seed =
      parseCount("seed", vm["seed"].as<std::string>(), UINT64_MAX);
  const std::string policy_name = vm["policy"].as<std::string>();
  if (policy_name != "zero" && policy_name != "random")
    throw UsageError("--policy must be 'zero' or 'random', got '" +
                     policy_name + "'");
  const Policy policy = policy_name == "zero" ? Policy::Zero : Policy::Random;
  envs::TaskOptions options;
  options.max_episode_steps = static_cast<int>(
      parseCount("max-steps", vm["max-steps"].as<std::string>(), 1000000));
  if (options.max_episode_steps == 0)
    throw UsageError("--max-steps must be positive");
  if (vm.count("models-dir")) {
    options.models_dir = vm["models-dir"].as<std::string>();
    if (!std::filesystem::is_directory(options.models_dir))
      throw UsageError("--models-dir: '" + options.models_dir +
                       "' is not a directory");
  }
  if (vm.count("model")) {
    options.model_path = vm["model"].as<std::string>();
    if (!std::ifstream(options.model_path))
      throw UsageError("--model: cannot read '" + options.model_path + "'");
  }
  options.terminate_when_unhealthy = !vm.count("no-terminate");
  std::string other_model;
  if (vm.count("compare-model")) {
    other_model = vm["compare-model"].as<std::string>();
    if (!std::ifstream(other_model))
      throw UsageError("--compare-model: cannot read '" + other_model + "'");
  }

  // Validate every option before the (slower) model load.
  int episodes = 0, frame_count = 0, frame_stride = 0;
  std::string frames_dir;
  if (vm.count("rollout"))
    episodes = static_cast<int>(
        parseCount("rollout", vm["rollout"].as<std::string>(), 1000000));
  if (vm.count("frames")) {
    frames_dir = vm["frames"].as<std::string>();
    frame_count = static_cast<int>(
        parseCount("frame-count", vm["frame-count"].as<std::string>(), 10000));
    frame_stride = static_cast<int>(parseCount(
        "frame-stride", vm["frame-stride"].as<std::string>(), 1000000));
    if (frame_count == 0 || frame_stride == 0)
      throw UsageError("--frame-count and --frame-stride must be positive");
    std::error_code ec;
    std::filesystem::create_directories(frames_dir, ec);
    if (ec || !std::filesystem::is_directory(frames_dir))
      throw UsageError("--frames: cannot create directory '" + frames_dir +
                       "'" + (ec ? ": " + ec.message() : ""));
  }

  mju_user_warning = warningToStderr;
  mju_user_error = errorToStderr;
  // A model file that does not load is bad input (exit 2) naming the file.
  std::unique_ptr<envs::Task> task;
  try {
    task = envs::makeTask(name, options);
  } catch (const std::runtime_error &e) {
    throw UsageError(e.what());
  }

  if (vm.count("info")) {
    printInfo(task->spec());
  } else if (vm.count("compare-model")) {
    envs::ModelPtr other = envs::loadModel(other_model);
    printComparison(task->spec(), other_model,
                    envs::compareModels(*task->model(), *other));
  } else if (vm.count("actions")) {
    const std::string path = vm["actions"].as<std::string>();
    std::vector<std::vector<double>> actions =
        readRows(path, static_cast<std::size_t>(task->spec().act_dim));
    if (vm.count("start")) {
      StartState start =
          readStartState(vm["start"].as<std::string>(), *task->model());
      task->resetTo(start.qpos, start.qvel);
    } else {
      task->reset(seed);
    }
    replayActions(*task, actions, vm.count("obs") > 0, std::cout);
  } else if (vm.count("rollout")) {
    RolloutReport report = runRollouts(*task, episodes, seed, policy);
    printRollout(task->spec(), report, seed, policy_name);
  } else {
    try {
      std::vector<std::string> paths = renderFrames(
          *task, frames_dir, seed, policy, frame_count, frame_stride);
      std::cout << "{\"env\":" << jsonString(task->spec().name)
                << ",\"frames\":[";
      for (std::size_t i = 0; i < paths.size(); ++i)
        std::cout << (i ? "," : "") << jsonString(paths[i]);
      std::cout << "]}\n";
    } catch (const RenderingUnavailable &e) {
      std::cerr << "ofex-env: --frames skipped: no usable OpenGL context for "
                   "offscreen rendering ("
                << e.what() << ")\n";
    }
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  return ofex::tool::runTool("ofex-env", [&] { return run(argc, argv); });
}
