//===- Aggregate.cpp - Statistics over the seeds of a sweep ---------------===//
#include "Aggregate.h"

#include "Csv.h"
#include "Json.h"
#include "Run.h"
#include "Stats.h"
#include "Svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace ofex::report {
namespace {

/// Options that tell seeds of one method apart, or say how a run was kept,
/// not methods.
bool perSeed(const std::string &key) {
  // init-from names the seed's own source run (a prune run warm-started
  // from its seed's baseline checkpoint).
  // A cost table may sit at a path per task or machine (its contents are in
  // the run's checkpoint).
  // How often a run saves itself changes nothing it learns.
  return key == "seed" || key == "threads" || key == "out" || key == "quiet" ||
         key == "init-from" || key == "cost-table" || key == "checkpoint-every";
}

/// The numbers of summary.json the report aggregates, in its order.
const char *const kSummaryFields[] = {"deploy_params",
                                      "train_params",
                                      "dR",
                                      "tR",
                                      "flops_per_update",
                                      "updates_per_second_first",
                                      "updates_per_second_last"};

struct SeedRun {
  fs::path dir;
  std::string env, method;
  std::string seed;
  Table eval;
  std::map<std::string, double> summary; ///< kSummaryFields, NaN if absent
};

/// A number field of summary.json ("name": value), NaN when absent.
double summaryNumber(const std::string &text, const std::string &name) {
  const std::string key = "\"" + name + "\":";
  const std::size_t at = text.find(key);
  if (at == std::string::npos)
    return NAN;
  const char *p = text.c_str() + at + key.size();
  char *end = nullptr;
  const double v = std::strtod(p, &end);
  return end == p ? NAN : v;
}

// Numbers print in their shortest round-trip form (scripts read back the
// exact doubles), NaN as null.
std::string num(double v) { return tool::jsonNumber(v); }

std::string interval(const Interval &i) {
  return "{\"point\": " + num(i.point) + ", \"lower\": " + num(i.lower) +
         ", \"upper\": " + num(i.upper) + "}";
}

/// A run directory itself, or the runs in DIR/runs or DIR.
std::vector<fs::path> runDirs(const fs::path &dir) {
  if (fs::exists(dir / "eval.csv"))
    return {dir};
  fs::path root = fs::is_directory(dir / "runs") ? dir / "runs" : dir;
  std::vector<fs::path> dirs;
  std::error_code ec;
  for (const fs::directory_entry &e : fs::directory_iterator(root, ec))
    if (e.is_directory() && fs::exists(e.path() / "eval.csv"))
      dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  if (dirs.empty())
    throw InputError(dir.string() +
                     ": no runs (directories with an eval.csv) in it or in "
                     "its runs/");
  return dirs;
}

/// The single-task interval of the IQM across seeds.
Interval iqmInterval(const std::vector<double> &x, const AggregateOptions &o) {
  return stratifiedBootstrap(
      {x}, [](const ScoreMatrix &m) { return iqm(flatten(m)); }, o.reps,
      o.seed);
}

} // namespace

std::map<std::string, std::string>
aggregateSweep(const std::vector<fs::path> &paths,
               const AggregateOptions &opts) {
  std::vector<fs::path> dirs;
  for (const fs::path &p : paths)
    for (fs::path &d : runDirs(p)) {
      if (std::find(dirs.begin(), dirs.end(), d) != dirs.end())
        throw InputError(d.string() + ": the run is given twice");
      dirs.push_back(std::move(d));
    }
  // Read every run and its configuration.
  std::vector<SeedRun> runs;
  std::vector<std::map<std::string, std::string>> configs;
  for (const fs::path &d : dirs) {
    std::map<std::string, std::string> config = readConfig(d / "config.ini");
    if (!config.count("env") || !config.count("preset"))
      throw InputError((d / "config.ini").string() +
                       ": no env and preset (not an ofex-train run)");
    SeedRun r;
    r.dir = d;
    r.env = config["env"];
    r.seed = config.count("seed") ? config["seed"] : "0";
    r.eval = readCsv(d / "eval.csv", {"step", "mean_return"});
    std::ifstream summary(d / "summary.json");
    std::stringstream text;
    text << summary.rdbuf();
    std::string compact;
    for (char c : text.str())
      if (c != ' ' && c != '\n')
        compact += c;
    for (const char *field : kSummaryFields)
      r.summary[field] = summaryNumber(compact, field);
    runs.push_back(std::move(r));
    configs.push_back(std::move(config));
  }
  // Seeds in their order, wherever their runs are kept: the bootstrap
  // resamples by position.
  std::vector<std::size_t> order(runs.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
    return std::strtod(runs[a].seed.c_str(), nullptr) <
           std::strtod(runs[b].seed.c_str(), nullptr);
  });
  {
    std::vector<SeedRun> sortedRuns;
    std::vector<std::map<std::string, std::string>> sortedConfigs;
    for (std::size_t i : order) {
      sortedRuns.push_back(std::move(runs[i]));
      sortedConfigs.push_back(std::move(configs[i]));
    }
    runs = std::move(sortedRuns);
    configs = std::move(sortedConfigs);
  }
  // A method is a preset plus the options that vary across the sweep's
  // runs of that preset. An option config.ini leaves out at its default
  // (e.g. cost, theta-relax) varies too when another run of the preset sets
  // it.
  std::set<std::string> keys;
  for (const auto &c : configs)
    for (const auto &[k, v] : c)
      keys.insert(k);
  auto valueOf = [](const std::map<std::string, std::string> &c,
                    const std::string &k) {
    static const std::map<std::string, std::string> unwritten = {
        {"cost", "params"},
        {"sac", "v2"},
        {"theta-relax", "0"},
        {"theta-momentum", "0"}};
    if (auto it = c.find(k); it != c.end())
      return it->second;
    auto d = unwritten.find(k);
    return d == unwritten.end() ? std::string("default") : d->second;
  };
  // preset -> option -> values
  std::map<std::string, std::map<std::string, std::set<std::string>>> values;
  for (const auto &c : configs)
    for (const std::string &k : keys)
      values[valueOf(c, "preset")][k].insert(valueOf(c, k));
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const std::string preset = configs[i]["preset"];
    std::string name = preset;
    for (const std::string &k : keys)
      if (!perSeed(k) && k != "env" && k != "preset" &&
          values[preset][k].size() > 1)
        name += " " + k + "=" + valueOf(configs[i], k);
    runs[i].method = name;
  }
  // env -> method -> runs
  std::map<std::string, std::map<std::string, std::vector<const SeedRun *>>>
      byTask;
  std::set<std::string> methods;
  for (const SeedRun &r : runs) {
    byTask[r.env][r.method].push_back(&r);
    methods.insert(r.method);
  }
  if (!opts.baseline.empty() && !methods.count(opts.baseline)) {
    std::string known;
    for (const std::string &m : methods)
      known += (known.empty() ? "" : ", ") + m;
    throw InputError("--baseline: '" + opts.baseline +
                     "' is not a method of the sweep; expected one of " +
                     known);
  }

  std::map<std::string, std::string> files;
  std::ostringstream csv, json;
  csv << "env,method,step,seeds,mean,iqm,iqm_lower,iqm_upper\n";
  json << "{\n  \"bootstrap\": {\"reps\": " << opts.reps
       << ", \"seed\": " << opts.seed
       << ", \"interval\": 0.95, \"method\": \"percentile\"},\n"
       << "  \"tasks\": {";
  // Final scores per method and task, for the cross-task statistics.
  std::map<std::string, std::map<std::string, std::vector<double>>> finals;
  bool firstTask = true;
  for (const auto &[env, perMethod] : byTask) {
    LineChart chart;
    chart.title = env + ": IQM of the evaluation return across seeds (95% CI)";
    chart.xLabel = "environment steps";
    chart.yLabel = "return";
    json << (firstTask ? "" : ",") << "\n    " << tool::jsonString(env)
         << ": {";
    firstTask = false;
    bool firstMethod = true;
    for (const auto &[method, seeds] : perMethod) {
      // Steps every seed evaluated at.
      std::set<double> common;
      for (std::size_t s = 0; s < seeds.size(); ++s) {
        std::vector<double> steps = seeds[s]->eval.column("step");
        std::set<double> these(steps.begin(), steps.end());
        if (s == 0) {
          common = these;
        } else {
          std::set<double> both;
          std::set_intersection(common.begin(), common.end(), these.begin(),
                                these.end(), std::inserter(both, both.begin()));
          common = both;
        }
      }
      Series series;
      series.label = method;
      std::vector<double> last;
      for (double step : common) {
        std::vector<double> x;
        for (const SeedRun *r : seeds) {
          std::vector<double> st = r->eval.column("step"),
                              ret = r->eval.column("mean_return");
          for (std::size_t k = st.size(); k-- > 0;)
            if (st[k] == step) { // the last row of that step
              x.push_back(ret[k]);
              break;
            }
        }
        Interval ci = iqmInterval(x, opts);
        csv << env << "," << method << "," << num(step) << "," << x.size()
            << "," << num(mean(x)) << "," << num(ci.point) << ","
            << num(ci.lower) << "," << num(ci.upper) << "\n";
        series.x.push_back(step);
        series.y.push_back(ci.point);
        series.lower.push_back(ci.lower);
        series.upper.push_back(ci.upper);
        last = x;
      }
      chart.series.push_back(std::move(series));
      finals[method][env] = last;
      auto finite = [](const std::vector<double> &v) {
        return std::all_of(v.begin(), v.end(),
                           [](double x) { return std::isfinite(x); });
      };
      json << (firstMethod ? "" : ",") << "\n      " << tool::jsonString(method)
           << ": {\"seeds\": " << seeds.size() << ", \"final_step\": "
           << num(common.empty() ? NAN : *common.rbegin()) << ", \"scores\": [";
      firstMethod = false;
      for (std::size_t k = 0; k < last.size(); ++k)
        json << (k ? ", " : "") << num(last[k]);
      json << "], \"mean\": " << num(mean(last))
           << ", \"iqm\": " << interval(iqmInterval(last, opts));
      for (const char *field : kSummaryFields) {
        std::vector<double> x;
        for (const SeedRun *r : seeds)
          x.push_back(r->summary.at(field));
        if (finite(x))
          json << ", \"" << field << "\": {\"mean\": " << num(mean(x))
               << ", \"iqm\": " << interval(iqmInterval(x, opts)) << "}";
      }
      json << "}";
    }
    json << "\n    }";
    std::string safe;
    for (char c : env)
      safe += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    files["aggregate-" + safe + ".svg"] = renderLineChart(chart);
  }
  json << "\n  }";

  // Across tasks: normalized scores (by the baseline's mean per task).
  IntervalChart intervals;
  if (!opts.baseline.empty()) {
    intervals.title = "IQM of normalized final scores (score / " +
                      opts.baseline + " mean), 95% stratified bootstrap CI";
    intervals.xLabel = "normalized score";
    json << ",\n  \"aggregate\": {\"baseline\": "
         << tool::jsonString(opts.baseline) << ", \"normalized_iqm\": {";
    bool first = true;
    for (const std::string &m : methods) {
      ScoreMatrix normalized;
      for (const auto &[env, scores] : finals[m]) {
        auto base = finals[opts.baseline].find(env);
        if (base == finals[opts.baseline].end())
          continue;
        const double b = mean(base->second);
        std::vector<double> row;
        for (double s : scores)
          row.push_back(s / b);
        normalized.push_back(row);
      }
      if (normalized.empty())
        continue;
      Interval ci = stratifiedBootstrap(
          normalized, [](const ScoreMatrix &x) { return iqm(flatten(x)); },
          opts.reps, opts.seed);
      Interval mci = stratifiedBootstrap(
          normalized, [](const ScoreMatrix &x) { return mean(flatten(x)); },
          opts.reps, opts.seed);
      json << (first ? "" : ",") << "\n    " << tool::jsonString(m)
           << ": {\"tasks\": " << normalized.size()
           << ", \"iqm\": " << interval(ci) << ", \"mean\": " << interval(mci)
           << "}";
      first = false;
      intervals.rows.push_back({m, ci.point, ci.lower, ci.upper});
    }
    json << "\n  }}";
  }
  // Probability of improvement of every method over every other, on the
  // tasks both ran.
  json << ",\n  \"probability_of_improvement\": [";
  bool first = true;
  for (const std::string &x : methods)
    for (const std::string &y : methods) {
      if (x == y)
        continue;
      ScoreMatrix sx, sy;
      for (const auto &[env, scores] : finals[x])
        if (finals[y].count(env)) {
          sx.push_back(scores);
          sy.push_back(finals[y][env]);
        }
      if (sx.empty())
        continue;
      Interval ci =
          probabilityOfImprovementInterval(sx, sy, opts.reps, opts.seed);
      json << (first ? "" : ",") << "\n    {\"x\": " << tool::jsonString(x)
           << ", \"y\": " << tool::jsonString(y) << ", \"tasks\": " << sx.size()
           << ", \"probability\": " << interval(ci) << "}";
      first = false;
    }
  json << "\n  ]\n}\n";
  files["aggregate.csv"] = csv.str();
  files["aggregate.json"] = json.str();
  if (!intervals.rows.empty())
    files["aggregate-intervals.svg"] = renderIntervalChart(intervals);
  return files;
}

} // namespace ofex::report
