//===- Runner.cpp - Running a sweep's rows here, and their state ----------===//
#include "Runner.h"

#include "ToolMain.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace ofex::sweep {

using tool::UsageError;

namespace {

std::string statusPath(const std::string &dir, int index) {
  return (fs::path(dir) / "status" / ("row-" + std::to_string(index) + ".exit"))
      .string();
}

int readExit(const std::string &path) {
  std::ifstream in(path);
  int rc = -1;
  if (in >> rc)
    return rc;
  return -1;
}

std::vector<char *> cArgv(const std::vector<std::string> &argv) {
  std::vector<char *> out;
  for (const std::string &a : argv)
    out.push_back(const_cast<char *>(a.c_str()));
  out.push_back(nullptr);
  return out;
}

// The runner's only process state: the signal that asks it to stop.
volatile std::sig_atomic_t stopRequested = 0;
extern "C" void onStop(int sig) { stopRequested = sig; }

} // namespace

void execRow(const std::vector<Row> &rows, int index) {
  if (index < 0 || index >= static_cast<int>(rows.size()))
    throw UsageError("--row " + std::to_string(index) + ": the manifest has " +
                     std::to_string(rows.size()) + " rows (0 to " +
                     std::to_string(rows.size() - 1) + ")");
  std::vector<char *> argv = cArgv(rows[index].argv);
  std::cout.flush();
  ::execv(argv[0], argv.data());
  throw std::runtime_error(rows[index].argv[0] +
                           ": cannot run: " + std::strerror(errno));
}

int runLocal(const std::string &dir, const std::vector<Row> &rows, int jobs) {
  fs::create_directories(fs::path(dir) / "logs");
  fs::create_directories(fs::path(dir) / "status");
  // No SA_RESTART: a signal interrupts waitpid, so the runner reacts at once.
  struct sigaction act = {};
  act.sa_handler = onStop;
  sigemptyset(&act.sa_mask);
  ::sigaction(SIGINT, &act, nullptr);
  ::sigaction(SIGTERM, &act, nullptr);
  std::map<pid_t, int> running; // pid -> row
  size_t next = 0;
  int unfinished = 0;
  auto reap = [&](bool block) {
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, block ? 0 : WNOHANG);
    if (pid <= 0)
      return false;
    auto it = running.find(pid);
    if (it == running.end())
      return true;
    const int row = it->second;
    running.erase(it);
    const int rc =
        WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::ofstream(statusPath(dir, row)) << rc << "\n";
    std::cout << "ofex-sweep: row " << row << " (" << rows[row].name << ") "
              << (rc == 0   ? "done"
                  : rc == 3 ? "stopped after a checkpoint"
                            : "failed")
              << (rc == 0 ? "" : " (exit " + std::to_string(rc) + ")") << "\n"
              << std::flush;
    if (rc != 0)
      ++unfinished;
    return true;
  };
  while (next < rows.size() || !running.empty()) {
    if (stopRequested) {
      for (const auto &[pid, row] : running)
        ::kill(pid, SIGTERM);
      while (!running.empty())
        if (!reap(true) && errno == ECHILD)
          break;
      unfinished += static_cast<int>(rows.size() - next);
      break;
    }
    if (next < rows.size() && static_cast<int>(running.size()) < jobs) {
      const Row &row = rows[next++];
      if (rowStatus(dir, row).state == RowState::Done)
        continue;
      const std::string log = (fs::path(dir) / "logs" /
                               ("row-" + std::to_string(row.index) + ".log"))
                                  .string();
      std::vector<char *> argv = cArgv(row.argv);
      const pid_t pid = ::fork();
      if (pid == 0) {
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
          ::dup2(fd, 1);
          ::dup2(fd, 2);
          ::close(fd);
        }
        std::signal(SIGINT, SIG_IGN); // the runner passes SIGTERM on
        std::signal(SIGTERM, SIG_DFL);
        ::execv(argv[0], argv.data());
        ::_exit(127);
      }
      if (pid < 0)
        throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
      running[pid] = row.index;
      std::cout << "ofex-sweep: row " << row.index << " (" << row.name
                << ") started\n"
                << std::flush;
      continue;
    }
    if (!reap(true) && errno != EINTR)
      break;
  }
  return unfinished;
}

RowStatus rowStatus(const std::string &dir, const Row &row) {
  RowStatus s;
  s.exitStatus = readExit(statusPath(dir, row.index));
  // Running: the lock file names a live ofex-train process. (Reading the
  // pid, not taking the lock: a status query must never make a starting run
  // find its directory in use.)
  std::ifstream lock(fs::path(row.out) / "lock");
  long pid = 0;
  if (lock >> pid && pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == 0) {
    std::ifstream cmd("/proc/" + std::to_string(pid) + "/cmdline");
    std::string argv0;
    std::getline(cmd, argv0, '\0');
    if (fs::path(argv0).filename() == "ofex-train") {
      s.state = RowState::Running;
      return s;
    }
  }
  s.state = s.exitStatus == 0   ? RowState::Done
            : s.exitStatus == 3 ? RowState::Stopped
            : s.exitStatus > 0  ? RowState::Failed
                                : RowState::Pending;
  // Done means the run's summary is there too (a row rerun with more steps
  // in a new plan is pending again).
  if (s.state == RowState::Done &&
      !fs::exists(fs::path(row.out) / "summary.json"))
    s.state = RowState::Pending;
  return s;
}

const char *stateName(RowState state) {
  switch (state) {
  case RowState::Pending:
    return "pending";
  case RowState::Running:
    return "running";
  case RowState::Done:
    return "done";
  case RowState::Stopped:
    return "stopped";
  case RowState::Failed:
    return "failed";
  }
  return "?";
}

} // namespace ofex::sweep
