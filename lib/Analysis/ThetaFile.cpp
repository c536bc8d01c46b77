//===- ThetaFile.cpp - reading theta values from JSON ---------------------===//

#include "ofex/Analysis/ThetaFile.h"
#include "ofex/OfexOps.h"
#include "ofex/Support/InputLimits.h"

#include "llvm/ADT/StringSet.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;
using namespace ofex;

namespace ofex {

/// The first key that occurs twice among the members of the top-level object
/// of valid JSON text, or "" (keys compared as written, escapes included).
static std::string repeatedTopLevelKey(llvm::StringRef text) {
  llvm::StringSet<> seen;
  unsigned depth = 0;
  for (size_t i = 0, n = text.size(); i < n; ++i) {
    const char c = text[i];
    if (c == '"') {
      const size_t begin = ++i;
      for (; i < n && text[i] != '"'; ++i)
        if (text[i] == '\\')
          ++i;
      llvm::StringRef str = text.slice(begin, i);
      size_t j = i + 1;
      while (j < n && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' ||
                       text[j] == '\r'))
        ++j;
      if (depth == 1 && j < n && text[j] == ':' && !seen.insert(str).second)
        return str.str();
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return "";
}

bool readThetaFile(const std::string &path, ThetaValues &values,
                   std::string &error) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    error = path + ": cannot read: " + buffer.getError().message();
    return false;
  }
  return parseTheta((*buffer)->getBuffer(), path, values, error);
}

bool parseTheta(llvm::StringRef text, const std::string &path,
                ThetaValues &values, std::string &error) {
  if (!checkNestingDepth(text, /*json=*/true, path, error))
    return false;
  auto json = llvm::json::parse(text);
  if (!json) {
    error = path + ": invalid JSON: " + llvm::toString(json.takeError());
    return false;
  }
  const llvm::json::Object *object = json->getAsObject();
  if (!object) {
    error = path + ": expected an object of gate group name -> theta array";
    return false;
  }
  // llvm::json keeps the last of repeated keys; a file that gives one group
  // twice is ambiguous, not "the last one wins".
  if (std::string key = repeatedTopLevelKey(text); !key.empty()) {
    error = path + ": gate group '" + key + "' is given more than once";
    return false;
  }
  for (const auto &[key, value] : *object) {
    const llvm::json::Array *array = value.getAsArray();
    if (!array) {
      error = path + ": group '" + key.str() + "' is not an array";
      return false;
    }
    std::vector<float> &theta = values[key.str()];
    for (const llvm::json::Value &v : *array) {
      std::optional<double> x = v.getAsNumber();
      if (!x) {
        error = path + ": group '" + key.str() + "' has a non-number entry";
        return false;
      }
      if (!(*x >= 0.0 && *x <= 1.0)) {
        error = path + ": group '" + key.str() + "' entry " +
                std::to_string(theta.size()) + " = " + std::to_string(*x) +
                " is outside [0, 1]";
        return false;
      }
      theta.push_back(static_cast<float>(*x));
    }
  }
  return true;
}

bool applyTheta(ModuleOp module, const ThetaValues &values,
                std::string &error) {
  std::map<std::string, ThetaOp> ops;
  module.walk([&](ThetaOp op) { ops[groupName(op)] = op; });
  for (const auto &[name, theta] : values) {
    auto it = ops.find(name);
    if (it == ops.end()) {
      error = "unknown gate group '" + name + "'";
      return false;
    }
    if (static_cast<int64_t>(theta.size()) != it->second.getUnits()) {
      error = "gate group '" + name + "' has " +
              std::to_string(it->second.getUnits()) + " units but " +
              std::to_string(theta.size()) + " theta values were given";
      return false;
    }
  }
  for (const auto &[name, theta] : values)
    ops[name].setValuesAttr(DenseF32ArrayAttr::get(module.getContext(), theta));
  return true;
}

ThetaValues collectTheta(ModuleOp module) {
  ThetaValues values;
  module.walk([&](ThetaOp op) {
    std::vector<float> &theta = values[groupName(op)];
    for (int64_t j = 0; j < op.getUnits(); ++j)
      theta.push_back(op.getTheta(j));
  });
  return values;
}

} // namespace ofex
