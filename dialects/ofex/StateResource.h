//===- StateResource.h - what the in-place updates read and write -*- C++
//-*-===//
//
// The side-effect resources of both dialects. Named state (params, running
// statistics, thetas, Adam moments and theta velocities) lives outside the
// IR's values: an ofex.param or dnnl.state reads it, and adam, theta_step and
// update_stats rewrite it in place. Declaring both as effects on one resource
// keeps CSE and every other pass from merging or moving a read across an
// update. The gate draws advance the executor's seeded generator, a resource
// of their own (a draw must not be merged with another or dropped).
//
// A dnnl.state value is a reference to the named buffer, not a copy: the
// executor looks the buffer up by name, so lower-ofex-to-dnnl may move the
// reads to the front of a function without changing what they see.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_STATERESOURCE_H
#define OFEX_STATERESOURCE_H

#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace ofex {

struct StateResource : public mlir::SideEffects::Resource::Base<StateResource> {
  llvm::StringRef getName() final { return "ofex.state"; }
};

struct GateDrawResource
    : public mlir::SideEffects::Resource::Base<GateDrawResource> {
  llvm::StringRef getName() final { return "ofex.gate_draws"; }
};

} // namespace ofex

#endif // OFEX_STATERESOURCE_H
