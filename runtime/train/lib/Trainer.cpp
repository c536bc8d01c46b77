//===- Trainer.cpp - the training loop of ofex-train ----------------------===//

#include "ofex/train/Trainer.h"
#include "ofex/train/Episode.h"

#include "ofex/envs/Registry.h"
#include "ofex/exec/Threads.h"
#include "ofex/rl/ActionScaling.h"
#include "ofex/rl/AtomicFile.h"
#include "ofex/rl/Checkpoint.h"
#include "ofex/rl/Checksum.h"
#include "ofex/rl/CsvWriter.h"
#include "ofex/rl/EventWriter.h"
#include "ofex/rl/ProgressLine.h"
#include "ofex/rl/ReplayBuffer.h"
#include "ofex/rl/RngState.h"
#include "ofex/rl/RunLock.h"
#include "ofex/rl/StepLog.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace ofex::train {

namespace {
using Clock = std::chrono::steady_clock;

/// What makes two runs the same model and method: every option but the
/// length of the run and where it writes (TrainOptions.def). The run
/// penalises by its checkpoint's copy of a cost table, wherever the file has
/// moved since (a requeued job's scratch path).
std::string fingerprintOf(const TrainConfig &c) {
  std::string ini = toIni(fingerprintConfig(c));
  return "ofex-train-1:" + std::to_string(rl::fnv1a64(ini.data(), ini.size()));
}

/// The logs whose rows are keyed by their step (the first column): what a
/// resume cuts back and a fresh start clears.
constexpr const char *kStepLogs[] = {"progress.csv",   "eval.csv",
                                     "eval-gates.csv", "units.csv",
                                     "theta.csv",      "gates.csv"};

/// "name = value" lines of an INI text, by name.
std::map<std::string, std::string> iniValues(const std::string &ini) {
  std::map<std::string, std::string> values;
  std::istringstream in(ini);
  for (std::string line; std::getline(in, line);)
    if (size_t eq = line.find(" = "); eq != std::string::npos)
      values[line.substr(0, eq)] = line.substr(eq + 3);
  return values;
}

/// Loads `path` and checks it is a checkpoint of this run's configuration;
/// when it is another's, the error names the options that differ.
rl::Checkpoint loadOwnCheckpoint(const std::string &path,
                                 const TrainConfig &cfg) {
  rl::Checkpoint ck = rl::loadCheckpoint(path);
  const std::string expected = fingerprintOf(cfg);
  if (ck.fingerprint() == expected)
    return ck;
  std::string differ;
  if (ck.hasString("config")) {
    std::map<std::string, std::string> theirs =
                                           iniValues(ck.getString("config")),
                                       ours = iniValues(toIni(cfg));
    for (const auto &[name, value] : ours) {
      if (name == "steps")
        continue;
      auto it = theirs.find(name);
      const std::string other = it == theirs.end() ? "(unset)" : it->second;
      if (other != value)
        differ += (differ.empty() ? "" : "; ") + ("--" + name) + " is " +
                  other + " there, " + value + " here";
    }
  }
  throw std::invalid_argument(path + ": a checkpoint of another configuration" +
                              (differ.empty()
                                   ? " (fingerprint '" + ck.fingerprint() + "')"
                                   : ": " + differ));
}

/// The cost table a run with --cost time penalises by: `text` (its copy in a
/// checkpoint) when given, else the --cost-table file's. Throws
/// std::invalid_argument naming the file and the line.
CostTable loadCostTable(const TrainConfig &cfg, const std::string *text) {
  std::string content;
  if (text) {
    content = *text;
  } else {
    std::ifstream in(cfg.costTable, std::ios::binary);
    if (!in)
      throw std::invalid_argument("--cost-table " + cfg.costTable +
                                  ": cannot read the file");
    std::ostringstream buf;
    buf << in.rdbuf();
    content = buf.str();
  }
  std::string error;
  std::optional<CostTable> table = CostTable::parse(content, error);
  if (!table)
    throw std::invalid_argument("--cost-table " + cfg.costTable +
                                (text ? " (the checkpoint's copy)" : "") +
                                ": " + error);
  return *table;
}

/// The agent of a run's configuration (its model from the preset; a
/// resumed run sets modelText from its checkpoint). `costTable`: the
/// checkpoint's copy of the --cost-table, when resuming one.
AgentOptions agentOptionsFor(const TrainConfig &cfg,
                             const std::string *costTable = nullptr) {
  AgentOptions ao;
  ao.preset = isPrunePreset(cfg.preset) ? "ofe-big" : cfg.preset;
  // New runs come resolved; runs of earlier ofex-train versions kept -1 in
  // config.ini and resolve here.
  const TrainConfig resolved = resolveDefaults(cfg);
  if (isPrunePreset(cfg.preset)) {
    Coefficients &k = ao.prune.coefficients;
    k.nuOfe = resolved.nuOfe;
    k.nuPi = resolved.nuPi;
    k.nuQ = resolved.nuQ;
    k.rho = resolved.rho;
    ao.prune.enabled = true;
    ao.prune.thetaLr = cfg.thetaLr;
    ao.prune.thetaTol = cfg.thetaTol;
    ao.prune.relax = cfg.thetaRelax;
    ao.prune.momentum = cfg.thetaMomentum;
    k.kind = *parseCostKind(cfg.cost);
    if (k.kind == CostKind::Flops)
      k.kindScale = kParamsPerFlop;
    if (k.kind == CostKind::Time) {
      ao.prune.costTable = loadCostTable(cfg, costTable);
      ao.prune.costTableName = "--cost-table " + cfg.costTable;
      k.kindScale = ao.prune.costTable->paramsPerSecond();
    }
    // Unset only in runs of versions that shipped the gates removed.
    ao.deployGates =
        cfg.deployGates == "expect" ? DeployGates::Expect : DeployGates::Remove;
  }
  ao.task = *lookupTask(cfg.env);
  ao.ofeLayers = cfg.ofeLayers;
  ao.ofeUnits = cfg.ofeUnits;
  ao.hidden = cfg.hidden;
  ao.norm = cfg.norm;
  ao.batch = cfg.batch;
  ao.lr = cfg.lr;
  ao.gamma = cfg.gamma;
  ao.tau = cfg.tau;
  ao.sac = cfg.sac == "v1" ? SacVariant::V1 : SacVariant::V2;
  ao.rewardScale = resolved.rewardScale;
  ao.seed = cfg.seed;
  return ao;
}

/// The replay buffer's shape a run of `cfg` writes.
rl::ReplayShape replayShape(const TrainConfig &cfg) {
  const TaskDims task = *lookupTask(cfg.env);
  return {size_t(cfg.replaySize), size_t(task.obsDim), size_t(task.actDim)};
}

/// The replay buffer checkpoint `ck` (read from `path` in `dir`) names,
/// checked against it: its size in bytes, its digest, its transition count
/// and `shape` (the run's --replay-size and task; checked before the buffer
/// is allocated). Sets `name` to the buffer's file name. Throws
/// std::runtime_error naming the file.
std::unique_ptr<rl::ReplayBuffer> loadReplayOf(const rl::Checkpoint &ck,
                                               const std::string &path,
                                               const fs::path &dir,
                                               const rl::ReplayShape &shape,
                                               std::string &name) {
  // The buffer the checkpoint names (checkpoints of older runs: replay.bin).
  name = ck.hasString("replay.file") ? ck.getString("replay.file")
                                     : std::string("replay.bin");
  if (name.empty() || name.find('/') != std::string::npos || name[0] == '.')
    throw std::runtime_error(path + ": names an invalid replay file '" + name +
                             "'");
  const std::string replayPath = (dir / name).string();
  std::ifstream in(replayPath, std::ios::binary);
  if (!in)
    throw std::runtime_error(replayPath + ": cannot open (" + path +
                             " needs it)");
  if (ck.hasUInt("replay.bytes")) {
    std::error_code ec;
    const uintmax_t bytes = fs::file_size(replayPath, ec);
    if (ec || bytes != ck.getUInt("replay.bytes"))
      throw std::runtime_error(replayPath + ": " + std::to_string(bytes) +
                               " bytes, " + path + " wrote " +
                               std::to_string(ck.getUInt("replay.bytes")));
  }
  uint64_t digest = 0;
  std::unique_ptr<rl::ReplayBuffer> replay;
  try {
    replay = std::make_unique<rl::ReplayBuffer>(
        rl::ReplayBuffer::load(in, &digest, &shape));
  } catch (const std::runtime_error &e) {
    throw std::runtime_error(replayPath + ": " + e.what());
  }
  if (replay->added() != ck.getUInt("replay.added") ||
      (ck.hasUInt("replay.digest") && digest != ck.getUInt("replay.digest")))
    throw std::runtime_error(replayPath + ": does not belong to " + path);
  return replay;
}

/// The agent's state as checkpoint `ck` holds it: every state tensor, the
/// temperature and its optimizer, the executors' counters.
void restoreAgent(const rl::Checkpoint &ck, Agent &agent) {
  for (const auto &[name, v] : ck.allFloats())
    if (name.rfind("state/", 0) == 0)
      agent.store().set(name.substr(6), v);
  rl::Temperature &temp = agent.temperature();
  temp.setLogAlpha(ck.floats("temp.log_alpha")[0]);
  temp.optimizer().restore(ck.getUInt("temp.adam.steps"),
                           ck.floats("temp.adam.m"), ck.floats("temp.adam.v"));
  for (auto &[name, e] : agent.executors()) {
    std::string adam = "exec/" + name + ".adam",
                sampler = "exec/" + name + ".sampler";
    // A function the checkpoint's run did not have keeps fresh counters: a
    // warm start's source without gates (the theta step), or a run of an
    // older ofex-train (pi.fwd, which draws no Adam step).
    if (!ck.hasInt(adam))
      continue;
    e->setAdamStep(ck.getInt(adam));
    e->setSamplerCounter(ck.getUInt(sampler));
  }
}

std::string bytesOf(const void *p, size_t n) {
  if (n == 0) // p may be an empty vector's null data()
    return {};
  return std::string(static_cast<const char *>(p), n);
}

void writeText(const fs::path &path, const std::string &text) {
  rl::AtomicFileWriter w(path.string());
  w.stream() << text;
  w.commit();
}

/// Everything one run keeps between steps; saved and restored whole.
class Run {
public:
  Run(const TrainConfig &config, bool resume);
  /// Trains to --steps, or until `stop` says so after a step (then a
  /// checkpoint of that step is written); returns whether it finished.
  bool loop(const std::function<bool()> &stop);

private:
  uint64_t episodeSeed(int64_t e) const {
    return cfg.seed * 1000003ull + uint64_t(e);
  }
  void beginEpisode();
  void update();
  void evaluate();
  struct EvalStats {
    double mean, std;
  };
  /// The evaluation episodes (seeds seed + 1000 ...) run by `policy`.
  EvalStats evaluateWith(const Policy &policy);
  void saveCheckpoint();
  /// Removes the buffers of earlier checkpoints (and unfinished writes).
  void removeStaleReplays(const std::string &keep);
  /// A fresh start in a directory without a checkpoint: what a killed run
  /// left there (logs, IR, buffers) goes, so nothing is appended to it.
  void clearLeftovers();
  /// A resume: every log cut back to the checkpoint's step, the IR of later
  /// eliminations removed, so the run rewrites them as it goes.
  void cutBackToCheckpoint();
  std::string currentReplay;
  /// Opens (or continues) every CSV log, and a new TensorBoard event file
  /// (a resumed run's starts with a session start at the checkpoint's step,
  /// so TensorBoard drops what the stopped run logged after it).
  void openLogs(bool resumed);
  /// Restores the run in `dir`; with `warm`, another run's state as a warm
  /// start (no fingerprint check; the architectures must match).
  void loadCheckpoint(const fs::path &dir, bool warm);
  void writeSummary();

  TrainConfig cfg;
  fs::path out;
  std::unique_ptr<envs::Task> task, evalTask;
  envs::TaskSpec spec;
  std::unique_ptr<Agent> agent;
  std::unique_ptr<rl::ReplayBuffer> replay;
  std::string fingerprint;
  std::mt19937_64 actRng, sampleRng, noiseRng;
  std::vector<float> obs, action, envAction, low, high;
  std::vector<float> bObs, bAct, bRew, bNext, bTerm;
  int64_t t = 0, episode = 0, epLen = 0, updates = 0;
  double epReturn = 0, lastEval = NAN;
  float ofeLoss = NAN;
  SacLosses losses;
  /// TensorBoard's copy of the logs (events.out.tfevents.*), declared before
  /// the logs that write to it.
  std::unique_ptr<rl::EventWriter> events;
  std::unique_ptr<rl::StepLog> progress, evalCsv;
  Clock::time_point rowTime = Clock::now(), start = Clock::now();
  int64_t rowUpdates = 0;
  double firstUpdatesPerS = NAN, lastUpdatesPerS = NAN;
  int64_t freeze = 0;
  ModelStats initial;
  std::unique_ptr<rl::StepLog> units, thetaCsv, gatedEvalCsv;
  std::unique_ptr<rl::CsvWriter> gatesCsv;
  std::vector<std::string> groups;
  int64_t lastUnitsStep = -1;
  void logUnits();
  void logGates();
  /// deploy.mlir and deploy.bin into `dir`, and with `onnx` deploy.onnx.
  void writeDeploy(const fs::path &dir, bool onnx);
};

Run::Run(const TrainConfig &config, bool resume)
    : cfg(config), out(config.out) {
  task = envs::makeTask(cfg.env);
  evalTask = envs::makeTask(cfg.env);
  spec = task->spec();
  exec::setThreads(cfg.threads);
  // New runs come resolved; runs of earlier ofex-train versions kept -1 in
  // config.ini and resolve here (their freeze from this --steps, as then).
  const TrainConfig resolved = resolveDefaults(cfg);
  freeze = resolved.thetaFreezeSteps >= 0 ? resolved.thetaFreezeSteps
                                          : cfg.steps / 5;
  AgentOptions ao;
  if (resume) {
    std::string path = (out / "checkpoint.bin").string();
    try {
      rl::Checkpoint ck = loadOwnCheckpoint(path, cfg);
      ao = agentOptionsFor(cfg, ck.hasString("cost-table")
                                    ? &ck.getString("cost-table")
                                    : nullptr);
      ao.modelText = ck.getString("model");
    } catch (const std::runtime_error &e) {
      throw std::invalid_argument(e.what());
    }
  } else {
    ao = agentOptionsFor(cfg);
  }
  agent = std::make_unique<Agent>(ao);
  size_t O = spec.obs_dim, A = spec.act_dim, B = cfg.batch;
  // The capacity is an option of the run, never derived from --steps: a
  // resumed run with more steps must keep overwriting as the original would.
  replay = std::make_unique<rl::ReplayBuffer>(size_t(cfg.replaySize), O, A);
  fingerprint = fingerprintOf(cfg);
  initial = agent->stats();
  actRng.seed(cfg.seed * 3 + 1);
  sampleRng.seed(cfg.seed * 3 + 2);
  noiseRng.seed(cfg.seed * 3 + 3);
  action.resize(A);
  envAction.resize(A);
  low.assign(spec.act_low.begin(), spec.act_low.end());
  high.assign(spec.act_high.begin(), spec.act_high.end());
  bObs.resize(B * O);
  bNext.resize(B * O);
  bAct.resize(B * A);
  bRew.resize(B);
  bTerm.resize(B);

  if (resume) {
    loadCheckpoint(out, /*warm=*/false);
    if (t > cfg.steps)
      throw std::invalid_argument("--steps " + std::to_string(cfg.steps) +
                                  " is below step " + std::to_string(t) +
                                  " of the checkpoint in " + out.string());
    cutBackToCheckpoint();
    fs::create_directories(out / "ir");
  } else {
    clearLeftovers();
    fs::create_directories(out / "ir");
    // A warm start is checked (and loaded) before anything is written.
    if (cfg.initFrom.empty())
      beginEpisode();
    else
      loadCheckpoint(cfg.initFrom, /*warm=*/true);
    writeText(out / "config.ini", toIni(cfg));
    if (const auto &table = ao.prune.costTable) // the table it penalises by
      writeText(out / "cost-table.csv", table->toCsv());
    for (const auto &[name, text] : agent->irFiles())
      writeText(out / "ir" / name, text);
    if (!cfg.initFrom.empty()) {
      // The source's rows up to its checkpoint: curves start at step 0.
      for (const char *file : {"progress.csv", "eval.csv"}) {
        try {
          writeText(out / file,
                    rl::rowsUpTo((fs::path(cfg.initFrom) / file).string(), t));
        } catch (const std::runtime_error &e) {
          throw std::invalid_argument(e.what());
        }
      }
    }
  }
  // A log edited into another header is bad input (the run directory is an
  // input of a resume), not a failure of the run.
  try {
    openLogs(resume);
  } catch (const std::runtime_error &e) {
    throw std::invalid_argument(e.what());
  }
}

void Run::openLogs(bool resumed) {
  rl::EventWriter *ev = nullptr; // attached once every CSV log is open
  std::vector<std::string> columns = {
      "step",         "episode", "return",           "length",
      "ofe_loss",     "q1_loss", "q2_loss",          "pi_loss",
      "alpha",        "entropy", "deploy_params",    "train_params",
      "dR",           "tR",      "flops_per_update", "theta_undecided",
      "updates_per_s"};
  if (agent->isSacV1()) // the value network's loss, last
    columns.push_back("v_loss");
  progress = std::make_unique<rl::StepLog>((out / "progress.csv").string(),
                                           columns, ev, "train");
  std::vector<std::string> header = {"step"};
  for (const auto &[g, n] : initial.activeUnits) {
    groups.push_back(g);
    header.push_back(g);
  }
  units = std::make_unique<rl::StepLog>((out / "units.csv").string(), header,
                                        ev, "prune/units");
  std::vector<std::string> bins = {"step"};
  for (int b = 0; b < 10; ++b)
    bins.push_back("theta_" + std::to_string(b));
  thetaCsv = std::make_unique<rl::StepLog>((out / "theta.csv").string(), bins,
                                           ev, "prune/theta");
  if (isPrunePreset(cfg.preset))
    gatesCsv = std::make_unique<rl::CsvWriter>(
        (out / "gates.csv").string(),
        std::vector<std::string>{"step", "group", "live", "steps", "theta_mean",
                                 "g_mean", "c_mean", "keep_frac"});
  evalCsv = std::make_unique<rl::StepLog>(
      (out / "eval.csv").string(),
      std::vector<std::string>{"step", "mean_return", "std_return", "episodes"},
      ev, "eval");
  if (isPrunePreset(cfg.preset))
    gatedEvalCsv = std::make_unique<rl::StepLog>(
        (out / "eval-gates.csv").string(),
        std::vector<std::string>{"step", "removed_return", "removed_std",
                                 "expected_return", "expected_std", "episodes"},
        ev, "eval_gates");
  // The event file comes last, so that a log refused above (an edited
  // header) leaves nothing new behind. A finished run asked again (a
  // requeue) has nothing to log.
  if (t >= cfg.steps)
    return;
  rl::EventWriterOptions eo;
  // Everything at steps up to the checkpoint's was logged before it was
  // written; what the stopped run logged after it is dropped.
  if (resumed)
    eo.resume_step = t + 1;
  events = std::make_unique<rl::EventWriter>(out.string(), eo);
  for (rl::StepLog *log : {progress.get(), units.get(), thetaCsv.get(),
                           evalCsv.get(), gatedEvalCsv.get()})
    if (log)
      log->mirrorTo(events.get());
}

void Run::clearLeftovers() {
  std::error_code ec;
  for (const char *f : kStepLogs)
    fs::remove(out / f, ec);
  for (const char *f : {"summary.json", "deploy.mlir", "deploy.bin",
                        "deploy.onnx", "config.ini", "cost-table.csv"})
    fs::remove(out / f, ec);
  fs::remove_all(out / "ir", ec);
  for (const fs::directory_entry &e : fs::directory_iterator(out, ec))
    if (e.path().filename().string().rfind("events.out.tfevents.", 0) == 0)
      fs::remove(e.path(), ec);
  removeStaleReplays("");
}

void Run::cutBackToCheckpoint() {
  for (const char *f : kStepLogs)
    rl::truncateRowsAfter((out / f).string(), t);
  std::error_code ec;
  for (const fs::directory_entry &e : fs::directory_iterator(out / "ir", ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("step-", 0) == 0 &&
        std::strtoll(name.c_str() + 5, nullptr, 10) > t)
      fs::remove_all(e.path(), ec);
  }
  removeStaleReplays(currentReplay);
}

void Run::beginEpisode() {
  std::vector<double> o = task->reset(episodeSeed(episode));
  obs.assign(o.begin(), o.end());
  epReturn = 0;
  epLen = 0;
}

void Run::update() {
  size_t B = cfg.batch;
  rl::TransitionBatch tb{bObs.data(), bAct.data(), bRew.data(), bNext.data(),
                         bTerm.data()};
  Batch b{bObs.data(), bAct.data(), bRew.data(), bNext.data(), bTerm.data()};
  if (agent->hasOfe()) {
    replay->sample(B, sampleRng, tb);
    ofeLoss = agent->updateOfe(b);
  }
  replay->sample(B, sampleRng, tb);
  losses = agent->updateSac(b, noiseRng);
  ++updates;
  ++rowUpdates;
}

void Run::evaluate() {
  Policy deterministic = [&](const float *o, float *a) {
    agent->act(o, a, /*deterministic=*/true, actRng);
  };
  const EvalStats deployed = evaluateWith(deterministic);
  lastEval = deployed.mean;
  evalCsv->writeRow(std::vector<double>{double(t), deployed.mean, deployed.std,
                                        double(cfg.evalEpisodes)});
  if (!gatedEvalCsv)
    return;
  // The same episodes with the gates treated the other way (removed, or at
  // their expectation xi = theta): what the deployment choice changes.
  const EvalStats other = evaluateWith(
      [&](const float *o, float *a) { agent->actOtherDeployment(o, a); });
  const bool expectShipped =
      agent->options().deployGates == DeployGates::Expect;
  const EvalStats &removed = expectShipped ? other : deployed;
  const EvalStats &expected = expectShipped ? deployed : other;
  gatedEvalCsv->writeRow(
      std::vector<double>{double(t), removed.mean, removed.std, expected.mean,
                          expected.std, double(cfg.evalEpisodes)});
}

Run::EvalStats Run::evaluateWith(const Policy &policy) {
  std::vector<double> returns;
  for (int64_t i = 0; i < cfg.evalEpisodes; ++i)
    returns.push_back(
        runEpisode(*evalTask, cfg.seed + 1000 + uint64_t(i), policy).ret);
  double mean = 0, var = 0;
  for (double r : returns)
    mean += r / returns.size();
  for (double r : returns)
    var += (r - mean) * (r - mean) / returns.size();
  return {mean, std::sqrt(var)};
}

bool Run::loop(const std::function<bool()> &stop) {
  rl::ProgressOptions po;
  po.start_step = t;
  rl::ProgressLine line(cfg.steps, po);
  size_t A = spec.act_dim;
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  while (t < cfg.steps) {
    if (t < cfg.warmup) {
      for (float &x : action)
        x = uniform(actRng);
    } else {
      agent->act(obs.data(), action.data(), false, actRng);
    }
    rl::scaleActionsToBox({1, A}, action.data(), low.data(), high.data(),
                          envAction.data());
    envs::StepResult r = task->step(envAction);
    std::vector<float> next(r.obs.begin(), r.obs.end());
    replay->add(obs.data(), action.data(), float(r.reward), next.data(),
                r.terminated);
    obs = std::move(next);
    epReturn += r.reward;
    ++epLen;
    ++t;
    if (agent->hasOfe() && t == cfg.warmup) {
      rl::TransitionBatch tb{bObs.data(), bAct.data(), bRew.data(),
                             bNext.data(), bTerm.data()};
      Batch b{bObs.data(), bAct.data(), bRew.data(), bNext.data(),
              bTerm.data()};
      for (int64_t i = 0; i < cfg.ofePretrain; ++i) {
        replay->sample(cfg.batch, sampleRng, tb);
        ofeLoss = agent->updateOfe(b);
      }
      // updates/s measures training updates, not the pretraining.
      rowTime = Clock::now();
    }
    if (t >= cfg.warmup)
      update();
    if (t > freeze && t >= cfg.warmup)
      agent->thetaStep();
    if (isPrunePreset(cfg.preset) && t > freeze && t % cfg.pruneEvery == 0) {
      logGates();
      PruneResult pruned = agent->prune();
      if (pruned.unitsRemoved > 0) {
        fs::path dir = out / "ir" / ("step-" + std::to_string(t));
        fs::create_directories(dir);
        writeText(dir / "model.mlir", agent->modelIR());
        // The pruned policy as it is now, runnable (ofex.Policy.load(run,
        // step=N)): its IR and weights.
        writeDeploy(dir, /*onnx=*/false);
      }
      logUnits();
    }
    if (r.terminated || r.truncated) {
      double seconds =
          std::chrono::duration<double>(Clock::now() - rowTime).count();
      double ups = rowUpdates > 0 && seconds > 0 ? rowUpdates / seconds : 0;
      if (ups > 0) {
        lastUpdatesPerS = ups;
        if (std::isnan(firstUpdatesPerS))
          firstUpdatesPerS = ups;
      }
      ModelStats now = agent->stats();
      std::vector<double> row{double(t),
                              double(episode),
                              epReturn,
                              double(epLen),
                              ofeLoss,
                              losses.q1,
                              losses.q2,
                              losses.pi,
                              losses.alphaValue,
                              losses.entropy,
                              double(now.deployParams),
                              double(now.trainParams),
                              double(now.deployParams) / initial.deployParams,
                              double(now.trainParams) / initial.trainParams,
                              agent->flopsPerUpdate(),
                              now.thetaUndecided,
                              ups};
      if (agent->isSacV1())
        row.push_back(losses.v);
      progress->writeRow(row);
      rowTime = Clock::now();
      rowUpdates = 0;
      ++episode;
      beginEpisode();
    }
    if (t % cfg.evalEvery == 0) {
      evaluate();
      logUnits();
      logGates();
      if (events)
        events->flush();
      line.setEvalReturn(lastEval);
    }
    const bool stopping = stop && stop() && t < cfg.steps;
    if (t % cfg.checkpointEvery == 0 || t == cfg.steps || stopping)
      saveCheckpoint();
    if (!cfg.quiet)
      line.update(t);
    if (stopping) {
      if (!cfg.quiet)
        line.finish();
      return false;
    }
  }
  if (!cfg.quiet)
    line.finish();
  writeDeploy(out, /*onnx=*/true);
  writeSummary();
  if (events)
    events->close();
  return true;
}

void Run::logUnits() {
  if (t == lastUnitsStep) // an evaluation right after an elimination
    return;
  lastUnitsStep = t;
  ModelStats now = agent->stats();
  std::vector<double> row = {double(t)};
  for (const std::string &g : groups) {
    auto it = now.activeUnits.find(g);
    row.push_back(it == now.activeUnits.end() ? 0.0 : double(it->second));
  }
  units->writeRow(row);
  std::vector<double> hist = {double(t)};
  for (int64_t c : now.thetaHistogram)
    hist.push_back(double(c));
  thetaCsv->writeRow(hist);
}

/// One gates.csv row per gate group: the mean straight-through gradient
/// against the mean penalty since the last row (the study of the theta step).
void Run::logGates() {
  if (!gatesCsv)
    return;
  char buf[64];
  auto num = [&](double v) {
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return std::string(buf);
  };
  for (const GateBalance &b : agent->takeGateBalance()) {
    gatesCsv->writeRow(std::vector<std::string>{
        std::to_string(t), b.group, std::to_string(b.live),
        std::to_string(b.steps), num(b.theta), num(b.g), num(b.c),
        num(b.keep)});
    const std::string tag = "prune/gates/" + b.group + "/";
    for (const auto &[name, v] :
         {std::pair<const char *, double>{"theta_mean", b.theta},
          {"g_mean", b.g},
          {"c_mean", b.c},
          {"keep_frac", b.keep}})
      if (events)
        events->scalar(tag + name, t, v);
  }
}

/// The shipped policy: phi_o and pi alone, and their weights.
void Run::writeDeploy(const fs::path &dir, bool onnx) {
  writeText(dir / "deploy.mlir", agent->deployIR());
  rl::Checkpoint w;
  w.setFingerprint("ofex-deploy-1");
  w.setString("env", spec.name);
  w.setUInt("eval_seed", cfg.seed + 1000);
  for (const std::string &p : agent->deployParams())
    w.setFloats(p, agent->store().at(p));
  rl::saveCheckpoint((dir / "deploy.bin").string(), w);
  if (!onnx)
    return;
  // The same policy for any ONNX runtime, acting in the task's action box.
  OnnxOptions box;
  box.actionLow = low;
  box.actionHigh = high;
  rl::AtomicFileWriter f((dir / "deploy.onnx").string());
  f.stream() << agent->deployOnnx(box);
  f.commit();
}

void Run::saveCheckpoint() {
  if (events)
    events->flush();
  rl::Checkpoint ck;
  ck.setFingerprint(fingerprint);
  ck.setString("config", toIni(cfg));
  ck.setString("model", agent->modelIR());
  if (const auto &table = agent->options().prune.costTable)
    ck.setString("cost-table", table->toCsv());
  ck.setInt("initial.deploy", initial.deployParams);
  ck.setInt("initial.train", initial.trainParams);
  std::string names;
  for (const std::string &g : groups)
    names += g + "\n";
  ck.setString("groups", names);
  for (const auto &[name, v] : agent->store().all())
    ck.setFloats("state/" + name, v);
  rl::Temperature &temp = agent->temperature();
  ck.setFloats("temp.log_alpha", std::vector<float>{temp.logAlpha()});
  ck.setUInt("temp.adam.steps", temp.optimizer().steps());
  ck.setFloats("temp.adam.m", temp.optimizer().firstMoment());
  ck.setFloats("temp.adam.v", temp.optimizer().secondMoment());
  for (auto &[name, e] : agent->executors()) {
    ck.setInt("exec/" + name + ".adam", e->adamStep());
    ck.setUInt("exec/" + name + ".sampler", e->samplerCounter());
  }
  ck.setString("rng.act", rl::rngToString(actRng));
  ck.setString("rng.sample", rl::rngToString(sampleRng));
  ck.setString("rng.noise", rl::rngToString(noiseRng));
  envs::Task::State ts = task->saveState();
  ck.setString("task.physics",
               bytesOf(ts.physics.data(), ts.physics.size() * sizeof(double)));
  ck.setInt("task.steps", ts.steps);
  ck.setInt("task.running", ts.running);
  ck.setUInt("task.clipped", ts.clipped);
  ck.setFloats("obs", obs);
  ck.setString("ep_return", bytesOf(&epReturn, sizeof epReturn));
  ck.setInt("t", t);
  ck.setInt("episode", episode);
  ck.setInt("ep_len", epLen);
  ck.setInt("updates", updates);
  std::vector<float> lossValues{ofeLoss,   losses.q1,         losses.q2,
                                losses.pi, losses.alphaValue, losses.entropy};
  if (agent->isSacV1())
    lossValues.push_back(losses.v);
  ck.setFloats("losses", lossValues);
  ck.setString("last_eval", bytesOf(&lastEval, sizeof lastEval));
  const Agent::BalanceSums &sums = agent->balanceSums();
  ck.setString("balance.g",
               bytesOf(sums.g.data(), sums.g.size() * sizeof(double)));
  ck.setString("balance.c",
               bytesOf(sums.c.data(), sums.c.size() * sizeof(double)));
  ck.setInt("balance.steps", sums.steps);
  ck.setUInt("replay.added", replay->added());
  // One unit: the buffer goes to a file of its own step, then the checkpoint
  // (written last, through a rename) names that file and its digest, and
  // only then does the previous buffer go. A kill at any moment leaves
  // either the old checkpoint with the old buffer or the new with the new.
  const std::string replayName = "replay-" + std::to_string(t) + ".bin";
  rl::AtomicFileWriter rw((out / replayName).string());
  const uint64_t digest = replay->save(rw.stream());
  rw.commit();
  ck.setString("replay.file", replayName);
  ck.setUInt("replay.digest", digest);
  ck.setUInt("replay.bytes", fs::file_size(out / replayName));
  rl::saveCheckpoint((out / "checkpoint.bin").string(), ck);
  removeStaleReplays(replayName);
}

void Run::removeStaleReplays(const std::string &keep) {
  std::error_code ec;
  for (const fs::directory_entry &e : fs::directory_iterator(out, ec)) {
    const std::string name = e.path().filename().string();
    auto endsWith = [&](const std::string &suffix) {
      return name.size() >= suffix.size() &&
             name.compare(name.size() - suffix.size(), suffix.size(), suffix) ==
                 0;
    };
    const bool replayFile = name == "replay.bin" || name == "replay.bin.tmp" ||
                            (name.rfind("replay-", 0) == 0 &&
                             (endsWith(".bin") || endsWith(".bin.tmp")));
    if (replayFile && name != keep)
      fs::remove(e.path(), ec);
  }
}

void Run::loadCheckpoint(const fs::path &dir, bool warm) {
  std::string path = (dir / "checkpoint.bin").string();
  rl::Checkpoint ck;
  try {
    ck = warm ? rl::loadCheckpoint(path) : loadOwnCheckpoint(path, cfg);
    // A warm start from another task is refused as such, not for the shape
    // of its replay buffer.
    if (warm && ck.getString("config").find("env = " + cfg.env + "\n") ==
                    std::string::npos)
      throw std::invalid_argument(path + ": a run of another task");
    // Nor from the other SAC variant (v1 has a value network, v2 targets
    // of its critics).
    if (warm) {
      const std::string theirs =
          ck.getString("config").find("\nsac = v1\n") == std::string::npos
              ? "v2"
              : "v1";
      if (theirs != cfg.sac)
        throw std::invalid_argument(path + ": a run of SAC " + theirs +
                                    ", this one is " + cfg.sac + " (--sac)");
    }
    std::string name;
    replay = loadReplayOf(ck, path, dir, replayShape(cfg), name);
    if (!warm)
      currentReplay = name;
  } catch (const std::runtime_error &e) {
    throw std::invalid_argument(e.what());
  }
  if (warm) {
    // Every array of the source has its counterpart of the same size here,
    // and every param here comes from the source (theta, which an ungated
    // source lacks, may start fresh).
    std::map<std::string, size_t> sizes;
    for (const auto &[name, v] : ck.allFloats())
      if (name.rfind("state/", 0) == 0)
        sizes[name.substr(6)] = v.size();
    for (const auto &[name, n] : sizes)
      if (name.rfind("theta-velocity:", 0) == 0 && !agent->store().has(name))
        continue; // the source averaged its theta step; this run does not
      else if (!agent->store().has(name) || agent->store().at(name).size() != n)
        throw std::invalid_argument(path + ": '" + name +
                                    "' does not match this run's model");
    for (const auto &[name, v] : agent->store().all())
      if (!sizes.count(name) && name.rfind("theta:", 0) != 0 &&
          name.rfind("theta-velocity:", 0) != 0)
        throw std::invalid_argument(path + ": has no '" + name + "'");
  }
  restoreAgent(ck, *agent);
  rl::rngFromString(ck.getString("rng.act"), actRng);
  rl::rngFromString(ck.getString("rng.sample"), sampleRng);
  rl::rngFromString(ck.getString("rng.noise"), noiseRng);
  envs::Task::State ts;
  const std::string &phys = ck.getString("task.physics");
  ts.physics.resize(phys.size() / sizeof(double));
  std::memcpy(ts.physics.data(), phys.data(), phys.size());
  ts.steps = ck.getInt("task.steps");
  ts.running = ck.getInt("task.running");
  ts.clipped = ck.getUInt("task.clipped");
  task->reset(0); // an episode in progress, overwritten by the restore
  task->restoreState(ts);
  obs = ck.floats("obs");
  std::memcpy(&epReturn, ck.getString("ep_return").data(), sizeof epReturn);
  std::memcpy(&lastEval, ck.getString("last_eval").data(), sizeof lastEval);
  if (!warm) { // a warm start measures dR and tR against its own model
    initial.deployParams = ck.getInt("initial.deploy");
    initial.trainParams = ck.getInt("initial.train");
    initial.activeUnits.clear();
    std::istringstream names(ck.getString("groups"));
    for (std::string g; std::getline(names, g);)
      initial.activeUnits[g] = 0;
  }
  // gates.csv's running sums (checkpoints of older runs lack them; a warm
  // start begins its own intervals).
  if (!warm && ck.hasInt("balance.steps")) {
    Agent::BalanceSums sums;
    auto doubles = [&](const char *key) {
      const std::string &bytes = ck.getString(key);
      std::vector<double> v(bytes.size() / sizeof(double));
      if (!v.empty()) // empty right after an elimination
        std::memcpy(v.data(), bytes.data(), v.size() * sizeof(double));
      return v;
    };
    sums.g = doubles("balance.g");
    sums.c = doubles("balance.c");
    sums.steps = ck.getInt("balance.steps");
    agent->setBalanceSums(std::move(sums));
  }
  t = ck.getInt("t");
  episode = ck.getInt("episode");
  epLen = ck.getInt("ep_len");
  updates = ck.getInt("updates");
  const std::vector<float> &l = ck.floats("losses");
  if (l.size() < 6)
    throw std::invalid_argument(path + ": 'losses' has " +
                                std::to_string(l.size()) + " values, not 6");
  ofeLoss = l[0];
  losses.q1 = l[1];
  losses.q2 = l[2];
  losses.pi = l[3];
  losses.alphaValue = l[4];
  losses.entropy = l[5];
  losses.v = l.size() > 6 ? l[6] : 0.0f;
}

void Run::writeSummary() {
  const double seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  // llvm::json escapes the strings and prints each number with 17
  // significant digits, so it reads back exactly (std::to_string kept 6
  // decimals); a non-finite one (no evaluation yet) becomes null.
  auto num = [](double v) -> llvm::json::Value {
    if (std::isfinite(v))
      return v;
    return nullptr;
  };
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::json::OStream j(os, /*IndentSize=*/2);
  j.object([&] {
    j.attribute("env", spec.name);
    j.attribute("preset", cfg.preset);
    j.attribute("seed", cfg.seed);
    j.attribute("steps", t);
    j.attribute("updates", updates);
    j.attribute("episodes", episode);
    j.attribute("final_eval_return", num(lastEval));
    j.attribute("updates_per_second_first", num(firstUpdatesPerS));
    j.attribute("updates_per_second_last", num(lastUpdatesPerS));
    j.attribute("flops_per_update", num(agent->flopsPerUpdate()));
    j.attribute("deploy_params", agent->stats().deployParams);
    j.attribute("train_params", agent->stats().trainParams);
    j.attribute(
        "dR", num(double(agent->stats().deployParams) / initial.deployParams));
    j.attribute("tR",
                num(double(agent->stats().trainParams) / initial.trainParams));
    j.attribute("wall_seconds_this_session", num(seconds));
  });
  os << "\n";
  os.flush();
  writeText(out / "summary.json", text);
}
} // namespace

RunSnapshot loadRunSnapshot(const TrainConfig &config) {
  std::string error = validate(config);
  if (!error.empty())
    throw std::invalid_argument(error);
  const fs::path dir(config.out);
  const std::string path = (dir / "checkpoint.bin").string();
  if (!fs::is_regular_file(path))
    throw std::invalid_argument(path + ": no checkpoint to read");
  RunSnapshot s;
  try {
    rl::Checkpoint ck = loadOwnCheckpoint(path, config);
    AgentOptions ao = agentOptionsFor(config, ck.hasString("cost-table")
                                                  ? &ck.getString("cost-table")
                                                  : nullptr);
    // The probe pairs runs by forcing theta to 1 and to 0, which a relaxed
    // draw would ignore: snapshots draw plain Bernoulli gates.
    ao.prune.relax = 0;
    ao.modelText = ck.getString("model");
    s.agent = std::make_unique<Agent>(ao);
    restoreAgent(ck, *s.agent);
    std::string name;
    s.replay = loadReplayOf(ck, path, dir, replayShape(config), name);
    s.step = ck.getInt("t");
  } catch (const std::runtime_error &e) {
    throw std::invalid_argument(e.what());
  }
  return s;
}

TrainOutcome train(const TrainConfig &config, bool resume,
                   const std::function<bool()> &stop) {
  std::string error = validate(config);
  if (!error.empty())
    throw std::invalid_argument(error);
  fs::path out(config.out);
  if (resume && !fs::exists(out / "checkpoint.bin"))
    throw std::invalid_argument(config.out +
                                ": no checkpoint.bin to resume from");
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec || !fs::is_directory(out))
    throw std::invalid_argument(
        "--out " + config.out + ": cannot create the directory" +
        (ec ? ": " + ec.message() : std::string(": a file is in the way")));
  // One owner for the whole run, taken before anything is read or written.
  std::optional<rl::RunLock> lock;
  try {
    lock.emplace(out.string());
  } catch (const std::runtime_error &e) {
    throw std::invalid_argument(e.what());
  }
  // A start over a run of the same configuration continues it (a requeued
  // or resubmitted job runs the same command again); one of another
  // configuration is refused, naming the options that differ.
  TrainConfig resolved = resume ? config : resolveDefaults(config);
  if (!resume && fs::exists(out / "checkpoint.bin"))
    resume = true;
  Run run(resolved, resume);
  return run.loop(stop) ? TrainOutcome::Finished : TrainOutcome::Stopped;
}

} // namespace ofex::train
