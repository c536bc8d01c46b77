//===- Trainer.cpp - the training loop of ofex-train ----------------------===//

#include "ofex/train/Trainer.h"
#include "ofex/train/Actor.h"
#include "ofex/train/CheckpointManager.h"
#include "ofex/train/Episode.h"
#include "ofex/train/Evaluator.h"

#include "CheckpointBytes.h"

#include "ofex/envs/Registry.h"
#include "ofex/exec/Threads.h"
#include "ofex/io/AtomicFile.h"
#include "ofex/io/Checkpoint.h"
#include "ofex/io/Checksum.h"
#include "ofex/io/CsvWriter.h"
#include "ofex/io/EventWriter.h"
#include "ofex/io/ProgressLine.h"
#include "ofex/rl/ReplayBuffer.h"
#include "ofex/rl/RngState.h"
#include "ofex/io/RunLock.h"
#include "ofex/io/StepLog.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
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
  return "ofex-train-1:" + std::to_string(io::fnv1a64(ini.data(), ini.size()));
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
io::Checkpoint loadOwnCheckpoint(const std::string &path,
                                 const TrainConfig &cfg) {
  io::Checkpoint ck = io::loadCheckpoint(path);
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
  std::string error;
  std::optional<CostTable> table = text ? CostTable::parse(*text, error)
                                        : CostTable::load(cfg.costTable, error);
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
  ao.preset = lookupTrainPreset(cfg.preset)->agent;
  // New runs come resolved; runs of earlier ofex-train versions kept -1 in
  // config.ini and resolve here, as they were written.
  const TrainConfig resolved = resolveDefaults(cfg, DefaultsOf::ConfigFile);
  if (isPrunePreset(cfg.preset)) {
    Coefficients &k = ao.prune.coefficients;
    k.nuOfe = resolved.nuOfe;
    k.nuPi = resolved.nuPi;
    k.nuQ = resolved.nuQ;
    k.rho = resolved.rho;
    ao.prune.enabled = true;
    ao.prune.thetaLr = cfg.thetaLr;
    ao.prune.thetaTol = cfg.thetaTol;
    // Unset (-1) only in runs written before 0.1 and 0.99 were the
    // defaults: straight-through, no momentum.
    ao.prune.relax = std::max(0.0, resolved.thetaRelax);
    ao.prune.momentum = std::max(0.0, resolved.thetaMomentum);
    const CostKind kind = *parseCostKind(cfg.cost);
    if (kind == CostKind::Time) {
      ao.prune.costTable = loadCostTable(cfg, costTable);
      ao.prune.costTableName = "--cost-table " + cfg.costTable;
    }
    k.setCost(kind, ao.prune.costTable ? &*ao.prune.costTable : nullptr);
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
  ao.precision = *exec::parsePrecision(cfg.precision);
  return ao;
}

/// The replay buffer's shape a run of `cfg` writes.
rl::ReplayShape replayShape(const TrainConfig &cfg) {
  const TaskDims task = *lookupTask(cfg.env);
  return {size_t(cfg.replaySize), size_t(task.obsDim), size_t(task.actDim)};
}

void writeText(const fs::path &path, const std::string &text) {
  io::AtomicFileWriter w(path.string());
  w.stream() << text;
  w.commit();
}

/// Everything one run keeps between steps; saved and restored whole.
/// The trainer: the loop of one run over its parts (the actor stepping the
/// task, the agent learning, evaluations, logs), and itself the part of a
/// checkpoint with the loop's counters and streams.
class Run : public Saveable {
public:
  Run(const TrainConfig &config, bool resume);
  /// Trains to --steps, or until `stop` says so after a step (then a
  /// checkpoint of that step is written); returns whether it finished.
  bool loop(const std::function<bool()> &stop);

  /// The loop's part of a checkpoint: the configuration, the step and
  /// update counts, the last losses and evaluation, the sampling and noise
  /// streams, and (a resume's alone) the initial model's sizes.
  void save(io::Checkpoint &checkpoint) const override;
  void restore(const io::Checkpoint &checkpoint, Restore mode) override;

private:
  /// The learning after step t: OFENet's pretraining when the warm-up ends,
  /// then each step an update and (after the freeze) a theta step, and
  /// every --prune-every steps an elimination of dead units.
  void learn();
  /// A batch of the replay buffer into the run's batch arrays.
  Batch sampleBatch();
  void update();
  void eliminate();
  /// progress.csv's row of the episode that just ended.
  void logEpisode();
  void evaluate();
  void saveCheckpoint();
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
  /// The agent's options: this configuration's, or (a resume) the ones its
  /// checkpoint was taken with (model, cost table).
  AgentOptions agentOptions(bool resume) const;
  /// A resume: the checkpoint restored, the logs cut back to it.
  void continueRun();
  /// A new run (or a warm start): the directory cleared, config.ini, the
  /// cost table and the IR written.
  void startRun(const AgentOptions &ao);

  TrainConfig cfg;
  fs::path out;
  std::unique_ptr<Actor> actor;
  std::unique_ptr<Evaluator> evaluator;
  std::unique_ptr<Agent> agent;
  std::unique_ptr<rl::ReplayBuffer> replay;
  std::unique_ptr<CheckpointManager> checkpoints;
  std::mt19937_64 sampleRng, noiseRng;
  std::vector<float> bObs, bAct, bRew, bNext, bTerm;
  int64_t t = 0, updates = 0;
  double lastEval = NAN;
  float ofeLoss = NAN;
  SacLosses losses;
  /// TensorBoard's copy of the logs (events.out.tfevents.*), declared before
  /// the logs that write to it.
  std::unique_ptr<io::EventWriter> events;
  std::unique_ptr<io::StepLog> progress, evalCsv;
  Clock::time_point rowTime = Clock::now(), start = Clock::now();
  int64_t rowUpdates = 0;
  double firstUpdatesPerS = NAN, lastUpdatesPerS = NAN;
  int64_t freeze = 0;
  ModelStats initial;
  std::unique_ptr<io::StepLog> units, thetaCsv, gatedEvalCsv;
  std::unique_ptr<io::CsvWriter> gatesCsv;
  std::vector<std::string> groups;
  int64_t lastUnitsStep = -1;
  void logUnits();
  void logGates();
  /// deploy.mlir and deploy.bin into `dir`, and with `onnx` deploy.onnx.
  void writeDeploy(const fs::path &dir, bool onnx);
};

Run::Run(const TrainConfig &config, bool resume)
    : cfg(config), out(config.out) {
  actor = std::make_unique<Actor>(cfg.env, cfg.seed);
  evaluator = std::make_unique<Evaluator>(cfg.env, cfg.seed, cfg.evalEpisodes);
  exec::setThreads(cfg.threads);
  // New runs come resolved; runs of earlier ofex-train versions kept -1 in
  // config.ini and resolve here (their freeze from this --steps, as then).
  const TrainConfig resolved = resolveDefaults(cfg, DefaultsOf::ConfigFile);
  freeze = resolved.thetaFreezeSteps >= 0 ? resolved.thetaFreezeSteps
                                          : cfg.steps / 5;
  const AgentOptions ao = agentOptions(resume);
  agent = std::make_unique<Agent>(ao);
  const envs::TaskSpec &spec = actor->spec();
  size_t O = spec.obs_dim, A = spec.act_dim, B = cfg.batch;
  // The capacity is an option of the run, never derived from --steps: a
  // resumed run with more steps must keep overwriting as the original would.
  replay = std::make_unique<rl::ReplayBuffer>(size_t(cfg.replaySize), O, A);
  checkpoints = std::make_unique<CheckpointManager>(out, fingerprintOf(cfg));
  initial = agent->stats();
  sampleRng.seed(cfg.seed * 3 + 2);
  noiseRng.seed(cfg.seed * 3 + 3);
  bObs.resize(B * O);
  bNext.resize(B * O);
  bAct.resize(B * A);
  bRew.resize(B);
  bTerm.resize(B);
  if (resume)
    continueRun();
  else
    startRun(ao);
  // A log edited into another header is bad input (the run directory is an
  // input of a resume), not a failure of the run.
  try {
    openLogs(resume);
  } catch (const std::runtime_error &e) {
    throw std::invalid_argument(e.what());
  }
}

AgentOptions Run::agentOptions(bool resume) const {
  if (!resume)
    return agentOptionsFor(cfg);
  // A resumed run rebuilds the (pruned) model of its checkpoint, penalised
  // by the cost table it started with.
  std::string path = (out / "checkpoint.bin").string();
  try {
    io::Checkpoint ck = loadOwnCheckpoint(path, cfg);
    AgentOptions ao = agentOptionsFor(cfg, ck.hasString("cost-table")
                                               ? &ck.getString("cost-table")
                                               : nullptr);
    ao.modelText = ck.getString("model");
    return ao;
  } catch (const std::runtime_error &e) {
    throw std::invalid_argument(e.what());
  }
}

void Run::continueRun() {
  loadCheckpoint(out, /*warm=*/false);
  if (t > cfg.steps)
    throw std::invalid_argument("--steps " + std::to_string(cfg.steps) +
                                " is below step " + std::to_string(t) +
                                " of the checkpoint in " + out.string());
  cutBackToCheckpoint();
  fs::create_directories(out / "ir");
}

void Run::startRun(const AgentOptions &ao) {
  clearLeftovers();
  fs::create_directories(out / "ir");
  // A warm start is checked (and loaded) before anything is written.
  if (cfg.initFrom.empty())
    actor->beginEpisode();
  else
    loadCheckpoint(cfg.initFrom, /*warm=*/true);
  writeText(out / "config.ini", toIni(cfg));
  if (const auto &table = ao.prune.costTable) // the table it penalises by
    writeText(out / "cost-table.csv", table->toCsv());
  for (const auto &[name, text] : agent->irFiles())
    writeText(out / "ir" / name, text);
  if (cfg.initFrom.empty())
    return;
  // The source's rows up to its checkpoint: curves start at step 0.
  for (const char *file : {"progress.csv", "eval.csv"}) {
    try {
      writeText(out / file,
                io::rowsUpTo((fs::path(cfg.initFrom) / file).string(), t));
    } catch (const std::runtime_error &e) {
      throw std::invalid_argument(e.what());
    }
  }
}

void Run::openLogs(bool resumed) {
  io::EventWriter *ev = nullptr; // attached once every CSV log is open
  std::vector<std::string> columns = {
      "step",         "episode", "return",           "length",
      "ofe_loss",     "q1_loss", "q2_loss",          "pi_loss",
      "alpha",        "entropy", "deploy_params",    "train_params",
      "dR",           "tR",      "flops_per_update", "theta_undecided",
      "updates_per_s"};
  if (agent->isSacV1()) // the value network's loss, last
    columns.push_back("v_loss");
  progress = std::make_unique<io::StepLog>((out / "progress.csv").string(),
                                           columns, ev, "train");
  std::vector<std::string> header = {"step"};
  for (const auto &[g, n] : initial.activeUnits) {
    groups.push_back(g);
    header.push_back(g);
  }
  units = std::make_unique<io::StepLog>((out / "units.csv").string(), header,
                                        ev, "prune/units");
  std::vector<std::string> bins = {"step"};
  for (int b = 0; b < 10; ++b)
    bins.push_back("theta_" + std::to_string(b));
  thetaCsv = std::make_unique<io::StepLog>((out / "theta.csv").string(), bins,
                                           ev, "prune/theta");
  if (isPrunePreset(cfg.preset))
    gatesCsv = std::make_unique<io::CsvWriter>(
        (out / "gates.csv").string(),
        std::vector<std::string>{"step", "group", "live", "steps", "theta_mean",
                                 "g_mean", "c_mean", "keep_frac"});
  evalCsv = std::make_unique<io::StepLog>(
      (out / "eval.csv").string(),
      std::vector<std::string>{"step", "mean_return", "std_return", "episodes"},
      ev, "eval");
  if (isPrunePreset(cfg.preset))
    gatedEvalCsv = std::make_unique<io::StepLog>(
        (out / "eval-gates.csv").string(),
        std::vector<std::string>{"step", "removed_return", "removed_std",
                                 "expected_return", "expected_std", "episodes"},
        ev, "eval_gates");
  // The event file comes last, so that a log refused above (an edited
  // header) leaves nothing new behind. A finished run asked again (a
  // requeue) has nothing to log.
  if (t >= cfg.steps)
    return;
  io::EventWriterOptions eo;
  // Everything at steps up to the checkpoint's was logged before it was
  // written; what the stopped run logged after it is dropped.
  if (resumed)
    eo.resume_step = t + 1;
  events = std::make_unique<io::EventWriter>(out.string(), eo);
  for (io::StepLog *log : {progress.get(), units.get(), thetaCsv.get(),
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
  checkpoints->removeReplaysBut("");
}

void Run::cutBackToCheckpoint() {
  for (const char *f : kStepLogs)
    io::truncateRowsAfter((out / f).string(), t);
  std::error_code ec;
  for (const fs::directory_entry &e : fs::directory_iterator(out / "ir", ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("step-", 0) == 0 &&
        std::strtoll(name.c_str() + 5, nullptr, 10) > t)
      fs::remove_all(e.path(), ec);
  }
  checkpoints->removeReplaysBut(currentReplay);
}

Batch Run::sampleBatch() {
  rl::TransitionBatch tb{bObs.data(), bAct.data(), bRew.data(), bNext.data(),
                         bTerm.data()};
  replay->sample(cfg.batch, sampleRng, tb);
  return Batch{bObs.data(), bAct.data(), bRew.data(), bNext.data(),
               bTerm.data()};
}

void Run::update() {
  if (agent->hasOfe())
    ofeLoss = agent->updateOfe(sampleBatch());
  losses = agent->updateSac(sampleBatch(), noiseRng);
  ++updates;
  ++rowUpdates;
}

void Run::evaluate() {
  Policy deterministic = [&](const float *o, float *a) {
    agent->act(o, a, /*deterministic=*/true, actor->rng());
  };
  const Evaluator::Stats deployed = evaluator->evaluate(deterministic);
  lastEval = deployed.mean;
  evalCsv->writeRow(std::vector<double>{double(t), deployed.mean, deployed.std,
                                        double(cfg.evalEpisodes)});
  if (!gatedEvalCsv)
    return;
  // The same episodes with the gates treated the other way (removed, or at
  // their expectation xi = theta): what the deployment choice changes.
  const Evaluator::Stats other = evaluator->evaluate(
      [&](const float *o, float *a) { agent->actOtherDeployment(o, a); });
  const bool expectShipped =
      agent->options().deployGates == DeployGates::Expect;
  const Evaluator::Stats &removed = expectShipped ? other : deployed;
  const Evaluator::Stats &expected = expectShipped ? deployed : other;
  gatedEvalCsv->writeRow(
      std::vector<double>{double(t), removed.mean, removed.std, expected.mean,
                          expected.std, double(cfg.evalEpisodes)});
}

bool Run::loop(const std::function<bool()> &stop) {
  io::ProgressOptions po;
  po.start_step = t;
  io::ProgressLine line(cfg.steps, po);
  while (t < cfg.steps) {
    // Random actions during the warm-up.
    const bool episodeEnded =
        actor->step(t < cfg.warmup ? nullptr : agent.get(), *replay);
    ++t;
    learn();
    if (episodeEnded) {
      logEpisode();
      actor->nextEpisode();
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

void Run::learn() {
  if (agent->hasOfe() && t == cfg.warmup) {
    for (int64_t i = 0; i < cfg.ofePretrain; ++i)
      ofeLoss = agent->updateOfe(sampleBatch());
    // updates/s measures training updates, not the pretraining.
    rowTime = Clock::now();
  }
  if (t >= cfg.warmup)
    update();
  if (t > freeze && t >= cfg.warmup)
    agent->thetaStep();
  if (isPrunePreset(cfg.preset) && t > freeze && t % cfg.pruneEvery == 0)
    eliminate();
}

void Run::eliminate() {
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

void Run::logEpisode() {
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
                          double(actor->episode()),
                          actor->episodeReturn(),
                          double(actor->episodeLength()),
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
  io::Checkpoint w;
  w.setFingerprint("ofex-deploy-1");
  w.setString("env", actor->spec().name);
  w.setUInt("eval_seed", cfg.seed + 1000);
  for (const std::string &p : agent->deployParams())
    w.setFloats(p, agent->store().at(p));
  io::saveCheckpoint((dir / "deploy.bin").string(), w);
  if (!onnx)
    return;
  // The same policy for any ONNX runtime, acting in the task's action box.
  OnnxOptions box;
  box.actionLow = actor->actionLow();
  box.actionHigh = actor->actionHigh();
  io::AtomicFileWriter f((dir / "deploy.onnx").string());
  f.stream() << agent->deployOnnx(box);
  f.commit();
}

void Run::saveCheckpoint() {
  if (events)
    events->flush();
  checkpoints->save(t, {this, actor.get(), agent.get()}, *replay);
}

void Run::save(io::Checkpoint &ck) const {
  ck.setString("config", toIni(cfg));
  ck.setInt("initial.deploy", initial.deployParams);
  ck.setInt("initial.train", initial.trainParams);
  std::string names;
  for (const std::string &g : groups)
    names += g + "\n";
  ck.setString("groups", names);
  ck.setString("rng.sample", rl::rngToString(sampleRng));
  ck.setString("rng.noise", rl::rngToString(noiseRng));
  ck.setInt("t", t);
  ck.setInt("updates", updates);
  std::vector<float> lossValues{ofeLoss,   losses.q1,         losses.q2,
                                losses.pi, losses.alphaValue, losses.entropy};
  if (agent->isSacV1())
    lossValues.push_back(losses.v);
  ck.setFloats("losses", lossValues);
  ck.setString("last_eval", bytesOf(&lastEval, sizeof lastEval));
}

void Run::restore(const io::Checkpoint &ck, Restore mode) {
  rl::rngFromString(ck.getString("rng.sample"), sampleRng);
  rl::rngFromString(ck.getString("rng.noise"), noiseRng);
  lastEval = doubleOf(ck.getString("last_eval"));
  if (mode == Restore::Resume) { // a warm start measures dR, tR on its model
    initial.deployParams = ck.getInt("initial.deploy");
    initial.trainParams = ck.getInt("initial.train");
    initial.activeUnits.clear();
    std::istringstream names(ck.getString("groups"));
    for (std::string g; std::getline(names, g);)
      initial.activeUnits[g] = 0;
  }
  t = ck.getInt("t");
  updates = ck.getInt("updates");
  const std::vector<float> &l = ck.floats("losses");
  if (l.size() < 6)
    throw std::invalid_argument("'losses' has " + std::to_string(l.size()) +
                                " values, not 6");
  ofeLoss = l[0];
  losses.q1 = l[1];
  losses.q2 = l[2];
  losses.pi = l[3];
  losses.alphaValue = l[4];
  losses.entropy = l[5];
  losses.v = l.size() > 6 ? l[6] : 0.0f;
}

void Run::loadCheckpoint(const fs::path &dir, bool warm) {
  std::string path = (dir / "checkpoint.bin").string();
  io::Checkpoint ck;
  try {
    ck = warm ? io::loadCheckpoint(path) : loadOwnCheckpoint(path, cfg);
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
  // Each part reads its own entries; a problem of the content is named
  // with the file.
  const Restore mode = warm ? Restore::WarmStart : Restore::Resume;
  try {
    agent->restore(ck, mode);
    actor->restore(ck, mode);
    restore(ck, mode);
  } catch (const std::invalid_argument &e) {
    throw std::invalid_argument(path + ": " + e.what());
  }
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
    j.attribute("env", actor->spec().name);
    j.attribute("preset", cfg.preset);
    j.attribute("seed", cfg.seed);
    j.attribute("steps", t);
    j.attribute("updates", updates);
    j.attribute("episodes", actor->episode());
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
    io::Checkpoint ck = loadOwnCheckpoint(path, config);
    AgentOptions ao = agentOptionsFor(config, ck.hasString("cost-table")
                                                  ? &ck.getString("cost-table")
                                                  : nullptr);
    // The probe pairs runs by forcing theta to 1 and to 0, which a relaxed
    // draw would ignore: snapshots draw plain Bernoulli gates.
    ao.prune.relax = 0;
    ao.modelText = ck.getString("model");
    s.agent = std::make_unique<Agent>(ao);
    s.agent->restore(ck, Restore::Resume);
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
  std::optional<io::RunLock> lock;
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
