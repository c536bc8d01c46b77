//===- Threads.cpp - OpenMP thread count ----------------------------------===//

#include "ofex/exec/Threads.h"

#include <omp.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <map>
#include <sched.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace ofex::exec {

int maxThreads() { return omp_get_max_threads(); }

void setThreads(int n) {
  if (n < 1)
    throw std::invalid_argument("setThreads: need at least one thread");
  omp_set_num_threads(n);
}

double busyCpusBetween(const std::string &before, const std::string &after,
                       const std::vector<int> &cpus) {
  // "cpuN user nice system idle iowait irq softirq steal ...": idle and
  // iowait are idle time, the rest busy (guest time is inside user).
  struct Times {
    double busy = 0, total = 0;
  };
  auto parse = [](const std::string &text) {
    std::map<int, Times> times;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("cpu", 0) != 0 || line.size() < 4 ||
          !std::isdigit(static_cast<unsigned char>(line[3])))
        continue;
      std::istringstream fields(line.substr(3));
      int cpu = -1;
      fields >> cpu;
      double v[8] = {0, 0, 0, 0, 0, 0, 0, 0};
      int n = 0;
      while (n < 8 && fields >> v[n])
        ++n;
      if (n < 4)
        continue;
      Times t;
      t.busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
      t.total = t.busy + v[3] + v[4];
      times[cpu] = t;
    }
    return times;
  };
  std::map<int, Times> a = parse(before), b = parse(after);
  double busy = 0;
  for (int cpu : cpus) {
    auto x = a.find(cpu), y = b.find(cpu);
    if (x == a.end() || y == b.end())
      return -1;
    const double elapsed = y->second.total - x->second.total;
    if (elapsed <= 0)
      return -1;
    busy += std::clamp((y->second.busy - x->second.busy) / elapsed, 0.0, 1.0);
  }
  return busy;
}

double freeCpus(int ms) {
  std::vector<int> cpus;
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) != 0)
    return -1;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &set))
      cpus.push_back(cpu);
  auto read = [] {
    std::ifstream in("/proc/stat");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  };
  const std::string before = read();
  usleep(static_cast<useconds_t>(ms) * 1000);
  const double busy = busyCpusBetween(before, read(), cpus);
  if (busy < 0)
    return -1;
  // A cgroup quota below the affinity set caps what is free, too.
  return std::max(0.0, std::min<double>(availableCpus(), cpus.size() - busy));
}

void chooseWaitPolicy(char **argv) {
  if (std::getenv("OMP_WAIT_POLICY") || std::getenv("GOMP_SPINCOUNT"))
    return;
  const double free = freeCpus();
  // Spinning needs a CPU per thread; two threads are the default.
  const double wanted = std::min(2, availableCpus());
  if (free >= wanted - 0.5)
    setenv("GOMP_SPINCOUNT", "300", 1); // the measured choice, see Threads.h
  else
    setenv("OMP_WAIT_POLICY", "passive", 1);
  if (free >= 0) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", free);
    setenv("OFEX_FREE_CPUS", text, 1);
  }
  execv("/proc/self/exe", argv);
  // execv returned: it failed; carry on with libgomp's default.
}

void runSideBySide(const std::function<void()> &a,
                   const std::function<void()> &b) {
  if (omp_get_max_threads() < 2 || omp_in_parallel()) {
    a();
    b();
    return;
  }
  std::exception_ptr failed[2];
  auto guarded = [&](int slot, const std::function<void()> &f) {
    try {
      f();
    } catch (...) {
      failed[slot] = std::current_exception();
    }
  };
#pragma omp parallel num_threads(2)
  {
    // OpenMP may grant fewer threads than asked: then one runs both.
    if (omp_get_num_threads() < 2) {
      guarded(0, a);
      guarded(1, b);
    } else if (omp_get_thread_num() < 2) {
      int me = omp_get_thread_num();
      guarded(me, me == 0 ? a : b);
    }
  }
  for (const std::exception_ptr &e : failed)
    if (e)
      std::rethrow_exception(e);
}

int availableCpus() {
  int cpus = 1;
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0)
    cpus = std::max(1, CPU_COUNT(&set));
  // cgroup v2: "max 100000" (no quota) or "<quota> <period>".
  std::ifstream max("/sys/fs/cgroup/cpu.max");
  std::string quota;
  long long period = 0;
  if (max >> quota >> period && quota != "max" && period > 0) {
    char *end = nullptr;
    const long long q = std::strtoll(quota.c_str(), &end, 10);
    if (end != quota.c_str() && *end == '\0' && q > 0)
      cpus =
          std::min<long long>(cpus, std::max(1LL, (q + period - 1) / period));
  }
  return cpus;
}

int defaultThreads() {
  if (const char *slurm = std::getenv("SLURM_CPUS_PER_TASK")) {
    char *end = nullptr;
    const long n = std::strtol(slurm, &end, 10);
    if (end != slurm && *end == '\0' && n >= 1 && n <= 4096)
      return static_cast<int>(n);
  }
  int threads = std::min(2, availableCpus());
  if (const char *hint = std::getenv("OFEX_FREE_CPUS")) {
    char *end = nullptr;
    const double free = std::strtod(hint, &end);
    if (end != hint && *end == '\0' && std::isfinite(free) && free >= 0)
      threads = std::clamp(static_cast<int>(std::lround(free)), 1, threads);
  }
  return threads;
}

} // namespace ofex::exec
