//===- Threads.cpp - OpenMP thread count ----------------------------------===//

#include "ofex/exec/Threads.h"

#include <omp.h>

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <sched.h>
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

bool machineLooksIdle(int samples) {
  // A sample may catch a short-lived process (a shell, a monitor): company
  // in at most a fifth of the samples still counts as idle.
  int busy = 0;
  for (int i = 0; i < samples; ++i) {
    if (i)
      usleep(10000);
    std::ifstream in("/proc/loadavg");
    double l1, l5, l15;
    int running = 0, total = 0;
    char slash;
    if (!(in >> l1 >> l5 >> l15 >> running >> slash >> total))
      return false;      // no way to tell: assume company
    busy += running > 1; // the reader itself is one
  }
  return busy * 5 <= samples;
}

void chooseWaitPolicy(char **argv) {
  if (std::getenv("OMP_WAIT_POLICY") || std::getenv("GOMP_SPINCOUNT"))
    return;
  if (machineLooksIdle())
    setenv("GOMP_SPINCOUNT", "300", 1); // see Threads.h: the measured choice
  else
    setenv("OMP_WAIT_POLICY", "passive", 1);
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
  return std::min(2, availableCpus());
}

} // namespace ofex::exec
