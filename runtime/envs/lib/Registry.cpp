//===- Registry.cpp - Tasks by name ---------------------------------------===//
#include "ofex/envs/Registry.h"

#include "TaskImpls.h"

#include <cctype>
#include <stdexcept>

namespace ofex::envs {
namespace {

using Factory = std::unique_ptr<Task> (*)(const TaskOptions &);

struct Entry {
  const char *name;
  Factory make;
};

// A constant table, not a mutable registry: there is no global state.
constexpr Entry kTasks[] = {
    {"HalfCheetah", makeHalfCheetah},
    {"Hopper", makeHopper},
    {"Walker2d", makeWalker2d},
    {"Ant", makeAnt},
    {"Humanoid", makeHumanoid},
    {"InvertedPendulum", makeInvertedPendulum},
};

std::string lower(std::string s) {
  for (char &c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

const Entry *lookup(const std::string &name) {
  std::string key = lower(name);
  const std::string suffix = "-v4";
  if (key.size() > suffix.size() &&
      key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0)
    key.resize(key.size() - suffix.size());
  for (const Entry &entry : kTasks)
    if (lower(entry.name) == key)
      return &entry;
  return nullptr;
}

} // namespace

const std::vector<std::string> &taskNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const Entry &entry : kTasks)
      v.emplace_back(entry.name);
    return v;
  }();
  return names;
}

std::string canonicalTaskName(const std::string &name) {
  const Entry *entry = lookup(name);
  return entry ? entry->name : "";
}

std::unique_ptr<Task> makeTask(const std::string &name,
                               const TaskOptions &options) {
  const Entry *entry = lookup(name);
  if (!entry) {
    std::string known;
    for (const Entry &e : kTasks)
      known += (known.empty() ? "" : ", ") + std::string(e.name);
    throw std::invalid_argument("unknown task '" + name +
                                "'; expected one of " + known);
  }
  std::unique_ptr<Task> task = entry->make(options);
  task->checkObservationSize();
  return task;
}

} // namespace ofex::envs
