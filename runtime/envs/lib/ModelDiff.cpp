//===- ModelDiff.cpp - Field-by-field comparison of two compiled models ---===//
#include "ofex/envs/ModelDiff.h"

#include <mujoco/mjxmacro.h>

#include <cmath>
#include <limits>
#include <string_view>

namespace ofex::envs {
namespace {

/// A field's values as doubles (every mjModel type converts exactly).
struct Field {
  const char *name;
  std::vector<double> values;
};

template <typename T>
void add(std::vector<Field> &out, const char *name, const T *data, long n) {
  Field f{name, {}};
  if (data && n > 0)
    f.values.assign(data, data + n);
  out.push_back(std::move(f));
}

// MuJoCo's column counts name other mjModel members through MJ_M (e.g.
// nuser_geom); read them from the model being walked.
#undef MJ_M
#define MJ_M(n) m.n

std::vector<Field> fieldsOf(const mjModel &m) {
  std::vector<Field> out;
#define X(name) add(out, #name, &m.name, 1);
  MJMODEL_INTS
#undef X
#define X(type, name) add(out, "opt." #name, &m.opt.name, 1);
  MJOPTION_SCALARS
#undef X
#define X(name, n) add(out, "opt." #name, m.opt.name, n);
  MJOPTION_VECTORS
#undef X
  add(out, "stat.meaninertia", &m.stat.meaninertia, 1);
  add(out, "stat.meanmass", &m.stat.meanmass, 1);
  add(out, "stat.meansize", &m.stat.meansize, 1);
  add(out, "stat.extent", &m.stat.extent, 1);
  add(out, "stat.center", m.stat.center, 3);
#define X(type, name, nr, nc)                                                  \
  add(out, #name, m.name, static_cast<long>(m.nr) * static_cast<long>(nc));
  MJMODEL_POINTERS
#undef X
  return out;
}

bool startsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

/// Fields no dynamics, collision or solver computation reads: names,
/// rendering (lights, cameras, materials, textures, skins, colours, groups),
/// custom and user data, keyframes, the visual statistics, and the sizes of
/// memory (which change nothing unless a simulation runs out of it).
bool cosmetic(std::string_view f) {
  for (std::string_view p :
       {"name", "light_", "cam_", "mat_", "tex_", "skin_", "text_", "numeric_",
        "tuple_", "key_", "nuser_", "stat.mean", "stat.extent", "stat.center"})
    if (startsWith(f, p))
      return f != "stat.meaninertia"; // the solver scales by it
  for (std::string_view s : {"_rgba", "_user", "_group", "_matid"})
    if (endsWith(f, s))
      return true;
  for (std::string_view n :
       {"nnames",          "nbuffer",   "nstack",        "nuserdata",
        "nlight",          "ncam",      "nmat",          "ntex",
        "ntexdata",        "nskin",     "nskinvert",     "nskintexvert",
        "nskinface",       "nskinbone", "nskinbonevert", "ntext",
        "ntextdata",       "nnumeric",  "nnumericdata",  "ntuple",
        "ntupledata",      "nkey",      "nmeshtexvert",  "mesh_texcoord",
        "mesh_texcoordadr"})
    if (f == n)
      return true;
  return false;
}

} // namespace

std::vector<FieldDifference> compareModels(const mjModel &a, const mjModel &b) {
  std::vector<Field> fa = fieldsOf(a), fb = fieldsOf(b);
  std::vector<FieldDifference> diffs;
  for (std::size_t i = 0; i < fa.size(); ++i) {
    const std::vector<double> &va = fa[i].values, &vb = fb[i].values;
    FieldDifference d;
    d.field = fa[i].name;
    d.physics = !cosmetic(d.field);
    if (va.size() != vb.size()) {
      d.size_mismatch = true;
      d.a = static_cast<double>(va.size());
      d.b = static_cast<double>(vb.size());
      d.max_abs = std::numeric_limits<double>::infinity();
      diffs.push_back(d);
      continue;
    }
    bool differs = false;
    for (std::size_t k = 0; k < va.size(); ++k) {
      // Bitwise for NaN-free values; two NaNs count as equal.
      if (va[k] == vb[k] || (std::isnan(va[k]) && std::isnan(vb[k])))
        continue;
      const double delta = std::fabs(va[k] - vb[k]);
      if (!differs || delta > d.max_abs || std::isnan(delta)) {
        d.index = k;
        d.a = va[k];
        d.b = vb[k];
        d.max_abs =
            std::isnan(delta) ? std::numeric_limits<double>::infinity() : delta;
      }
      differs = true;
    }
    if (differs)
      diffs.push_back(d);
  }
  return diffs;
}

bool samePhysics(const std::vector<FieldDifference> &diffs) {
  for (const FieldDifference &d : diffs)
    if (d.physics)
      return false;
  return true;
}

} // namespace ofex::envs
