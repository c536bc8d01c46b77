// Does a signal handler that interrupts oneDNN's f32 matmul run on a frame
// outside the thread's stack? oneDNN 2.6's JIT GEMM (jit_avx_gemm_f32,
// jit_avx512_common_gemm_f32) points rsp at a heap workspace for reductions
// longer than 252 (oneDNN issue #4845): the kernel then writes the handler's
// signal frame into the heap. Build and run with bench/check-onednn-signal.sh.
#include <oneapi/dnnl/dnnl.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <pthread.h>
#include <thread>
#include <vector>

namespace {
char *stackLo, *stackHi;
std::atomic<long> handled{0}, offStack{0};

extern "C" void onSignal(int) {
  char *frame = static_cast<char *>(__builtin_frame_address(0));
  ++handled;
  if (frame < stackLo || frame > stackHi)
    ++offStack;
}
} // namespace

int main(int argc, char **argv) {
  const int K = argc > 1 ? std::atoi(argv[1]) : 1041; // pi.l1 of ofe-big
  const int M = 256, N = 256, runs = 2000;
  pthread_attr_t attr;
  pthread_getattr_np(pthread_self(), &attr);
  void *lo;
  size_t size;
  pthread_attr_getstack(&attr, &lo, &size);
  stackLo = static_cast<char *>(lo);
  stackHi = stackLo + size;
  struct sigaction sa = {};
  sa.sa_handler = onSignal;
  sigaction(SIGUSR1, &sa, nullptr);

  using namespace dnnl;
  engine eng(engine::kind::cpu, 0);
  stream s(eng);
  auto md = [](int r, int c) {
    return memory::desc({r, c}, memory::data_type::f32, memory::format_tag::ab);
  };
  matmul mm(
      matmul::primitive_desc(matmul::desc(md(M, K), md(K, N), md(M, N)), eng));
  std::vector<float> x(size_t(M) * K, 1.0f), w(size_t(K) * N, 0.5f),
      y(size_t(M) * N);
  memory mx(md(M, K), eng, x.data()), mw(md(K, N), eng, w.data()),
      my(md(M, N), eng, y.data());
  pthread_t self = pthread_self();
  std::atomic<bool> done{false};
  std::thread sender([&] {
    while (!done) {
      pthread_kill(self, SIGUSR1);
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
  });
  for (int i = 0; i < runs; ++i)
    mm.execute(
        s, {{DNNL_ARG_SRC, mx}, {DNNL_ARG_WEIGHTS, mw}, {DNNL_ARG_DST, my}});
  done = true;
  sender.join();
  std::printf("K %d: %ld handler runs, %ld on a frame outside the stack\n", K,
              handled.load(), offStack.load());
  return offStack.load() ? 1 : 0;
}
