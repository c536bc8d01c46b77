//===- Replay.cpp - An episode from a given state and action sequence -----===//
#include "Replay.h"

#include "ToolMain.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <ostream>

namespace ofex::envtool {

using tool::UsageError;

std::vector<std::vector<double>> readRows(const std::string &path,
                                          std::size_t width) {
  std::ifstream in(path);
  if (!in)
    throw UsageError(path + ": cannot read the file");
  std::vector<std::vector<double>> rows;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const auto where = [&] { return path + ":" + std::to_string(number); };
    if (line.empty() || line[0] == '#')
      continue;
    std::vector<double> row;
    const char *p = line.c_str();
    while (true) {
      while (*p == ' ' || *p == '\t' || *p == ',' || *p == '\r')
        ++p;
      if (!*p)
        break;
      char *end = nullptr;
      errno = 0;
      const double v = std::strtod(p, &end);
      if (end == p || errno == ERANGE || !std::isfinite(v) ||
          (*end && *end != ' ' && *end != '\t' && *end != ',' && *end != '\r'))
        throw UsageError(where() + ": not a finite number: '" +
                         std::string(p, std::min<std::size_t>(
                                            std::strcspn(p, " \t,\r"), 40)) +
                         "'");
      row.push_back(v);
      p = end;
    }
    if (row.empty())
      continue;
    if (width && row.size() != width)
      throw UsageError(where() + ": " + std::to_string(row.size()) +
                       " values, expected " + std::to_string(width));
    rows.push_back(std::move(row));
  }
  if (in.bad())
    throw UsageError(path + ": read error");
  return rows;
}

StartState readStartState(const std::string &path, const mjModel &model) {
  const std::size_t nq = static_cast<std::size_t>(model.nq);
  const std::size_t nv = static_cast<std::size_t>(model.nv);
  std::vector<std::vector<double>> rows = readRows(path, nq + nv);
  if (rows.size() != 1)
    throw UsageError(path + ": expected one row of " + std::to_string(nq) +
                     " qpos and " + std::to_string(nv) + " qvel values, got " +
                     std::to_string(rows.size()) + " rows");
  StartState s;
  s.qpos.assign(rows[0].begin(), rows[0].begin() + nq);
  s.qvel.assign(rows[0].begin() + nq, rows[0].end());
  return s;
}

namespace {

void writeState(std::ostream &out, int step, double reward, bool terminated,
                bool truncated, const envs::Task &task, bool with_obs) {
  const mjModel &m = *task.model();
  const mjData &d = *task.data();
  char buf[32];
  out << step << ',';
  std::snprintf(buf, sizeof(buf), "%.17g", reward);
  out << buf << ',' << (terminated ? 1 : 0) << ',' << (truncated ? 1 : 0);
  for (int i = 0; i < m.nq; ++i) {
    std::snprintf(buf, sizeof(buf), "%.17g", d.qpos[i]);
    out << ',' << buf;
  }
  for (int i = 0; i < m.nv; ++i) {
    std::snprintf(buf, sizeof(buf), "%.17g", d.qvel[i]);
    out << ',' << buf;
  }
  if (with_obs)
    for (double v : task.observation()) {
      std::snprintf(buf, sizeof(buf), "%.17g", v);
      out << ',' << buf;
    }
  out << '\n';
}

} // namespace

int replayActions(envs::Task &task,
                  const std::vector<std::vector<double>> &actions,
                  bool with_obs, std::ostream &out) {
  const mjModel &m = *task.model();
  out << "step,reward,terminated,truncated";
  for (int i = 0; i < m.nq; ++i)
    out << ",qpos" << i;
  for (int i = 0; i < m.nv; ++i)
    out << ",qvel" << i;
  if (with_obs)
    for (int i = 0; i < task.spec().obs_dim; ++i)
      out << ",obs" << i;
  out << '\n';
  writeState(out, 0, 0, false, false, task, with_obs);
  std::vector<float> action;
  int steps = 0;
  for (const std::vector<double> &row : actions) {
    if (!task.running())
      break;
    action.assign(row.begin(), row.end());
    envs::StepResult r = task.step(action);
    ++steps;
    writeState(out, steps, r.reward, r.terminated, r.truncated, task, with_obs);
  }
  return steps;
}

} // namespace ofex::envtool
