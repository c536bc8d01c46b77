//===- GlContext.cpp - A headless OpenGL context through EGL --------------===//
#include "GlContext.h"

#include <dlfcn.h>

namespace ofex::envtool {
namespace {

// The handful of EGL types and constants used (EGL 1.5 / Khronos registry).
using EGLDisplay = void *;
using EGLConfig = void *;
using EGLContext = void *;
using EGLSurface = void *;
using EGLint = int;
using EGLenum = unsigned;
using EGLBoolean = unsigned;
constexpr EGLint kNone = 0x3038, kSurfaceType = 0x3033, kPbufferBit = 0x0001,
                 kRenderableType = 0x3040, kOpenGLBit = 0x0008,
                 kRedSize = 0x3024, kGreenSize = 0x3023, kBlueSize = 0x3022,
                 kDepthSize = 0x3025, kWidth = 0x3057, kHeight = 0x3056,
                 kExtensions = 0x3055;
constexpr EGLenum kOpenGLApi = 0x30A2, kPlatformSurfacelessMesa = 0x31DD;

struct Egl {
  void *lib = nullptr;
  void *(*getProcAddress)(const char *) = nullptr;
  EGLDisplay (*getDisplay)(void *) = nullptr;
  EGLBoolean (*initialize)(EGLDisplay, EGLint *, EGLint *) = nullptr;
  EGLBoolean (*terminate)(EGLDisplay) = nullptr;
  EGLBoolean (*chooseConfig)(EGLDisplay, const EGLint *, EGLConfig *, EGLint,
                             EGLint *) = nullptr;
  EGLBoolean (*bindApi)(EGLenum) = nullptr;
  EGLContext (*createContext)(EGLDisplay, EGLConfig, EGLContext,
                              const EGLint *) = nullptr;
  EGLBoolean (*destroyContext)(EGLDisplay, EGLContext) = nullptr;
  EGLSurface (*createPbuffer)(EGLDisplay, EGLConfig, const EGLint *) = nullptr;
  EGLBoolean (*destroySurface)(EGLDisplay, EGLSurface) = nullptr;
  EGLBoolean (*makeCurrent)(EGLDisplay, EGLSurface, EGLSurface,
                            EGLContext) = nullptr;
  const char *(*queryString)(EGLDisplay, EGLint) = nullptr;
};

template <typename F> bool bind(void *lib, const char *name, F &fn) {
  fn = reinterpret_cast<F>(dlsym(lib, name));
  return fn != nullptr;
}

} // namespace

struct GlContext::Impl {
  Egl egl;
  EGLDisplay display = nullptr;
  EGLContext context = nullptr;
  EGLSurface surface = nullptr;

  ~Impl() {
    if (display) {
      if (egl.makeCurrent)
        egl.makeCurrent(display, nullptr, nullptr, nullptr);
      if (context)
        egl.destroyContext(display, context);
      if (surface)
        egl.destroySurface(display, surface);
      egl.terminate(display);
    }
    if (egl.lib)
      dlclose(egl.lib);
  }
};

GlContext::GlContext(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GlContext::~GlContext() = default;

std::unique_ptr<GlContext> GlContext::create(std::string &why) {
  auto impl = std::make_unique<Impl>();
  Egl &egl = impl->egl;
  egl.lib = dlopen("libEGL.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!egl.lib) {
    why = "libEGL.so.1 not found";
    return nullptr;
  }
  if (!bind(egl.lib, "eglGetProcAddress", egl.getProcAddress) ||
      !bind(egl.lib, "eglGetDisplay", egl.getDisplay) ||
      !bind(egl.lib, "eglInitialize", egl.initialize) ||
      !bind(egl.lib, "eglTerminate", egl.terminate) ||
      !bind(egl.lib, "eglChooseConfig", egl.chooseConfig) ||
      !bind(egl.lib, "eglBindAPI", egl.bindApi) ||
      !bind(egl.lib, "eglCreateContext", egl.createContext) ||
      !bind(egl.lib, "eglDestroyContext", egl.destroyContext) ||
      !bind(egl.lib, "eglCreatePbufferSurface", egl.createPbuffer) ||
      !bind(egl.lib, "eglDestroySurface", egl.destroySurface) ||
      !bind(egl.lib, "eglMakeCurrent", egl.makeCurrent) ||
      !bind(egl.lib, "eglQueryString", egl.queryString)) {
    why = "libEGL.so.1 lacks EGL 1.4 entry points";
    return nullptr;
  }

  // Prefer Mesa's surfaceless platform: it needs no display server or GPU.
  using GetPlatformDisplay = EGLDisplay (*)(EGLenum, void *, const EGLint *);
  auto getPlatformDisplay = reinterpret_cast<GetPlatformDisplay>(
      egl.getProcAddress("eglGetPlatformDisplayEXT"));
  EGLint major = 0, minor = 0;
  if (getPlatformDisplay) {
    impl->display =
        getPlatformDisplay(kPlatformSurfacelessMesa, nullptr, nullptr);
    if (impl->display && !egl.initialize(impl->display, &major, &minor))
      impl->display = nullptr;
  }
  if (!impl->display) {
    impl->display = egl.getDisplay(nullptr);
    if (impl->display && !egl.initialize(impl->display, &major, &minor))
      impl->display = nullptr;
  }
  if (!impl->display) {
    why = "no EGL display could be initialized";
    return nullptr;
  }

  const EGLint config_attribs[] = {
      kSurfaceType, kPbufferBit, kRenderableType, kOpenGLBit, kRedSize,   8,
      kGreenSize,   8,           kBlueSize,       8,          kDepthSize, 24,
      kNone};
  EGLConfig config = nullptr;
  EGLint configs = 0;
  if (!egl.chooseConfig(impl->display, config_attribs, &config, 1, &configs) ||
      configs < 1) {
    why = "no EGL config with desktop OpenGL and a depth buffer";
    return nullptr;
  }
  if (!egl.bindApi(kOpenGLApi)) {
    why = "EGL cannot bind the desktop OpenGL API";
    return nullptr;
  }
  impl->context = egl.createContext(impl->display, config, nullptr, nullptr);
  if (!impl->context) {
    why = "eglCreateContext failed";
    return nullptr;
  }
  // MuJoCo renders into its own framebuffer object; a surfaceless context
  // avoids a default framebuffer MuJoCo would otherwise try to use. Fall back
  // to a 1x1 pbuffer where surfaceless contexts are not offered.
  const char *ext = egl.queryString(impl->display, kExtensions);
  const bool surfaceless =
      ext &&
      std::string(ext).find("EGL_KHR_surfaceless_context") != std::string::npos;
  if (!surfaceless) {
    const EGLint pbuffer_attribs[] = {kWidth, 1, kHeight, 1, kNone};
    impl->surface = egl.createPbuffer(impl->display, config, pbuffer_attribs);
    if (!impl->surface) {
      why = "eglCreatePbufferSurface failed";
      return nullptr;
    }
  }
  if (!egl.makeCurrent(impl->display, impl->surface, impl->surface,
                       impl->context)) {
    why = "eglMakeCurrent failed";
    return nullptr;
  }
  return std::unique_ptr<GlContext>(new GlContext(std::move(impl)));
}

} // namespace ofex::envtool
