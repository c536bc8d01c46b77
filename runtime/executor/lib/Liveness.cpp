//===- Liveness.cpp - Greedy interval allocation of Temp storage ----------===//

#include "ofex/exec/Liveness.h"

#include <algorithm>

namespace ofex::exec {

namespace {

size_t roundUp(size_t bytes) {
  return (bytes + kSlotAlignment - 1) / kSlotAlignment * kSlotAlignment;
}

} // namespace

StoragePlan planStorage(const Plan &plan) {
  StoragePlan sp;
  const size_t n = plan.buffers.size();
  sp.lifetimes.assign(n, Lifetime{});
  sp.slot_of.assign(n, -1);
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    StepAccess a = stepAccess(plan.steps[i]);
    for (const auto *list : {&a.reads, &a.writes})
      for (BufferId b : *list) {
        if (b < 0 || size_t(b) >= n)
          continue; // validatePlan reports it
        Lifetime &lt = sp.lifetimes[size_t(b)];
        if (!lt.used())
          lt.first = int(i);
        lt.last = int(i);
      }
  }

  // A view lives in its root's storage, which must then live as long as
  // every view of it.
  for (size_t b = 0; b < n; ++b) {
    const Buffer &buf = plan.buffers[b];
    if (!buf.isView() || !sp.lifetimes[b].used())
      continue;
    Lifetime &root = sp.lifetimes[size_t(buf.view_of)];
    const Lifetime &view = sp.lifetimes[b];
    root.first = root.used() ? std::min(root.first, view.first) : view.first;
    root.last = std::max(root.last, view.last);
  }

  std::vector<BufferId> temps;
  for (size_t b = 0; b < n; ++b) {
    const Buffer &buf = plan.buffers[b];
    if (buf.role == Role::Owned)
      sp.owned_bytes += roundUp(buf.bytes());
    if (buf.role == Role::Temp && !buf.isView() && sp.lifetimes[b].used()) {
      temps.push_back(BufferId(b));
      sp.temp_bytes_no_reuse += roundUp(buf.bytes());
    }
  }
  // By start step, so a slot's previous tenants have all ended once it is
  // free; ties by id keep the assignment deterministic.
  std::stable_sort(temps.begin(), temps.end(), [&](BufferId a, BufferId b) {
    return sp.lifetimes[size_t(a)].first < sp.lifetimes[size_t(b)].first;
  });

  std::vector<int> slotFreeAfter; // last step of the slot's current tenant
  for (BufferId b : temps) {
    const Lifetime &lt = sp.lifetimes[size_t(b)];
    size_t need = roundUp(plan.buffers[size_t(b)].bytes());
    // Best fit: the smallest free slot that is big enough; else grow the
    // largest free slot (growing it least); else open a new slot.
    int best = -1;
    for (size_t s = 0; s < sp.slot_bytes.size(); ++s) {
      if (slotFreeAfter[s] >= lt.first)
        continue;
      if (best < 0) {
        best = int(s);
        continue;
      }
      size_t have = sp.slot_bytes[s], bestHave = sp.slot_bytes[size_t(best)];
      bool fits = have >= need, bestFits = bestHave >= need;
      if (fits != bestFits ? fits : (fits ? have < bestHave : have > bestHave))
        best = int(s);
    }
    if (best < 0) {
      best = int(sp.slot_bytes.size());
      sp.slot_bytes.push_back(0);
      slotFreeAfter.push_back(-1);
    }
    sp.slot_bytes[size_t(best)] = std::max(sp.slot_bytes[size_t(best)], need);
    slotFreeAfter[size_t(best)] = lt.last;
    sp.slot_of[size_t(b)] = best;
  }
  for (size_t bytes : sp.slot_bytes)
    sp.temp_bytes += bytes;
  return sp;
}

} // namespace ofex::exec
