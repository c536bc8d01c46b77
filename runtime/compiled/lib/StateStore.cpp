//===- StateStore.cpp - named persistent tensors of a model ---------------===//

#include "ofex/rt/StateStore.h"

#include <algorithm>
#include <stdexcept>

namespace ofex::rt {

std::vector<float> &StateStore::get(const std::string &name, size_t size,
                                    float fill) {
  auto it = tensors.find(name);
  if (it == tensors.end())
    return tensors.emplace(name, std::vector<float>(size, fill)).first->second;
  if (it->second.size() != size)
    throw std::invalid_argument("state '" + name + "' has " +
                                std::to_string(it->second.size()) +
                                " entries, not " + std::to_string(size));
  return it->second;
}

void StateStore::set(const std::string &name,
                     const std::vector<float> &values) {
  auto it = tensors.find(name);
  if (it != tensors.end() && it->second.size() == values.size())
    std::copy(values.begin(), values.end(), it->second.begin());
  else
    tensors[name] = values;
}

std::vector<float> &StateStore::at(const std::string &name) {
  auto it = tensors.find(name);
  if (it == tensors.end())
    throw std::invalid_argument("no state '" + name + "'");
  return it->second;
}

const std::vector<float> &StateStore::at(const std::string &name) const {
  return const_cast<StateStore *>(this)->at(name);
}

} // namespace ofex::rt
