//===- Threads.cpp - OpenMP thread count ----------------------------------===//

#include "ofex/exec/Threads.h"

#include <omp.h>
#include <stdexcept>

namespace ofex::exec {

int maxThreads() { return omp_get_max_threads(); }

void setThreads(int n) {
  if (n < 1)
    throw std::invalid_argument("setThreads: need at least one thread");
  omp_set_num_threads(n);
}

} // namespace ofex::exec
