//===- Precision.h - the arithmetic of an executor's matmuls ----*- C++ -*-===//
//
// fp32 everywhere, or bf16 matmuls: each matmul reads bfloat16 copies of its
// two operands (rounded to nearest even just before it runs) and accumulates
// in fp32 into its fp32 destination. Weights, Adam, normalization, theta and
// losses stay fp32: the copies are the only bf16 data. Only CPUs with
// AVX-512 BF16 (avx512_bf16, e.g. Intel Cooper Lake, Sapphire Rapids and
// later; AMD Zen 4) run it at speed, and only those are accepted.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_EXEC_PRECISION_H
#define OFEX_EXEC_PRECISION_H

#include <optional>
#include <string_view>

namespace ofex::exec {

enum class Precision { F32, BF16 };

/// "fp32" | "bf16", the option values of the tools.
inline const char *precisionName(Precision p) {
  return p == Precision::BF16 ? "bf16" : "fp32";
}
inline std::optional<Precision> parsePrecision(std::string_view name) {
  if (name == "fp32")
    return Precision::F32;
  if (name == "bf16")
    return Precision::BF16;
  return std::nullopt;
}

/// Whether this CPU has the AVX-512 BF16 instructions (conversion and dot
/// products) that bf16 matmuls need.
inline bool cpuHasBf16() {
#if defined(__x86_64__) && defined(__GNUC__)
  return __builtin_cpu_supports("avx512bf16");
#else
  return false;
#endif
}

} // namespace ofex::exec

#endif // OFEX_EXEC_PRECISION_H
