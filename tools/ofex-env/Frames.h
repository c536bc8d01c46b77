//===- Frames.h - PNG frames of an episode, rendered offscreen ------------===//
#ifndef OFEX_ENV_FRAMES_H
#define OFEX_ENV_FRAMES_H

#include "Rollout.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace ofex::envtool {

/// Thrown when no OpenGL context can be made here; not a failure of the run.
struct RenderingUnavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Runs one episode (reset with `seed`) and writes `count` frames, one every
/// `stride` steps starting at the reset state, as DIR/frame_NNN.png from the
/// model's first camera. Returns the paths written.
std::vector<std::string> renderFrames(envs::Task &task, const std::string &dir,
                                      std::uint64_t seed, Policy policy,
                                      int count, int stride);

} // namespace ofex::envtool

#endif // OFEX_ENV_FRAMES_H
