//===- Frames.cpp - PNG frames of an episode, rendered offscreen ----------===//
#include "Frames.h"

#include "GlContext.h"
#include "Png.h"

#include <algorithm>
#include <cstdio>

namespace ofex::envtool {
namespace {

// MuJoCo reports rendering failures (e.g. an unusable GL version) through
// mju_error, whose default handler ends the process. While rendering, turn
// them into exceptions; the guard restores the previous handler.
void throwingError(const char *msg) { throw RenderingUnavailable(msg); }

struct ErrorHandlerGuard {
  void (*previous)(const char *) = mju_user_error;
  ErrorHandlerGuard() { mju_user_error = throwingError; }
  ~ErrorHandlerGuard() { mju_user_error = previous; }
};

// Owns MuJoCo's visualization and rendering state for one model.
struct Renderer {
  mjvScene scene;
  mjrContext context;
  mjvCamera camera;
  mjvOption option;

  explicit Renderer(const mjModel *m) {
    mjv_defaultScene(&scene);
    mjr_defaultContext(&context);
    mjv_defaultCamera(&camera);
    mjv_defaultOption(&option);
    mjv_makeScene(m, &scene, 2000);
    mjr_makeContext(m, &context, mjFONTSCALE_100);
    mjr_setBuffer(mjFB_OFFSCREEN, &context);
    if (context.currentBuffer != mjFB_OFFSCREEN)
      throw RenderingUnavailable("the GL context has no offscreen framebuffer");
    if (m->ncam > 0) {
      camera.type = mjCAMERA_FIXED;
      camera.fixedcamid = 0;
    }
  }
  ~Renderer() {
    mjr_freeContext(&context);
    mjv_freeScene(&scene);
  }
  Renderer(const Renderer &) = delete;
  Renderer &operator=(const Renderer &) = delete;

  void capture(const mjModel *m, mjData *d, const std::string &path) {
    mjrRect viewport = {0, 0, context.offWidth, context.offHeight};
    mjv_updateScene(m, d, &option, nullptr, &camera, mjCAT_ALL, &scene);
    mjr_render(viewport, &scene, &context);
    const int w = viewport.width, h = viewport.height;
    std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * h * 3);
    mjr_readPixels(pixels.data(), nullptr, viewport, &context);
    // OpenGL rows go bottom-up, PNG rows top-down.
    std::vector<unsigned char> flipped(pixels.size());
    const std::size_t stride = static_cast<std::size_t>(w) * 3;
    for (int y = 0; y < h; ++y)
      std::copy_n(pixels.data() + stride * static_cast<std::size_t>(h - 1 - y),
                  stride,
                  flipped.data() + stride * static_cast<std::size_t>(y));
    writePng(path, w, h, flipped);
  }
};

} // namespace

std::vector<std::string> renderFrames(envs::Task &task, const std::string &dir,
                                      std::uint64_t seed, Policy policy,
                                      int count, int stride) {
  std::string why;
  std::unique_ptr<GlContext> gl = GlContext::create(why);
  if (!gl)
    throw RenderingUnavailable(why);
  ErrorHandlerGuard guard;
  Renderer renderer(task.model());

  std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ULL);
  std::vector<float> action;
  std::vector<std::string> paths;
  task.reset(seed);
  for (int step = 0;; ++step) {
    if (step % stride == 0) {
      char name[32];
      std::snprintf(name, sizeof(name), "/frame_%03d.png",
                    static_cast<int>(paths.size()));
      paths.push_back(dir + name);
      renderer.capture(task.model(), task.data(), paths.back());
      if (static_cast<int>(paths.size()) >= count)
        break;
    }
    if (!task.running())
      break;
    policyAction(policy, task.spec(), rng, action);
    task.step(action);
  }
  return paths;
}

} // namespace ofex::envtool
