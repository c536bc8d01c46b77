//===- GlContext.h - A headless OpenGL context through EGL ----------------===//
//
// libEGL is opened at run time (dlopen), so the tool needs no EGL headers or
// link dependency: where no EGL driver is installed, frame rendering is
// simply reported as unavailable.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_ENV_GLCONTEXT_H
#define OFEX_ENV_GLCONTEXT_H

#include <memory>
#include <string>

namespace ofex::envtool {

class GlContext {
public:
  /// A current desktop-OpenGL context, or nullptr with `why` set.
  static std::unique_ptr<GlContext> create(std::string &why);
  ~GlContext();
  GlContext(const GlContext &) = delete;
  GlContext &operator=(const GlContext &) = delete;

private:
  struct Impl;
  explicit GlContext(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace ofex::envtool

#endif // OFEX_ENV_GLCONTEXT_H
