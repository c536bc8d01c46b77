//===- Threads.cpp - OpenMP thread count ----------------------------------===//

#include "ofex/exec/Threads.h"

#include <omp.h>

#include <cstdlib>
#include <stdexcept>
#include <unistd.h>

namespace ofex::exec {

int maxThreads() { return omp_get_max_threads(); }

void setThreads(int n) {
  if (n < 1)
    throw std::invalid_argument("setThreads: need at least one thread");
  omp_set_num_threads(n);
}

void preferPassiveWaitPolicy(char **argv) {
  if (std::getenv("OMP_WAIT_POLICY"))
    return;
  setenv("OMP_WAIT_POLICY", "passive", 1);
  execv("/proc/self/exe", argv);
  // execv returned: it failed; carry on with libgomp's default.
}

} // namespace ofex::exec
