//===- ToolMain.cpp - One error line and an exit status for every tool ----===//

#include "ToolMain.h"

#include <boost/program_options/errors.hpp>

#include <iostream>
#include <map>
#include <string>

namespace ofex::tool {
namespace {
/// Reaches the substitutions Boost keeps protected.
struct Substitutions : boost::program_options::error_with_option_name {
  static std::map<std::string, std::string> &
  of(boost::program_options::error_with_option_name &e) {
    return e.*(&Substitutions::m_substitutions);
  }
};

/// Boost's message of `e` (a copy) with the '%' of every filled-in text
/// escaped.
template <typename Error> std::string escapedMessage(const Error &e) {
  Error copy = e;
  for (auto &entry : Substitutions::of(copy)) {
    std::string escaped;
    for (char c : entry.second) {
      if (c == '%')
        escaped += '\\';
      escaped += c;
    }
    entry.second = escaped;
  }
  return copy.what();
}
} // namespace

std::string optionErrorMessage(const boost::program_options::error &e) {
  namespace po = boost::program_options;
  // Copied as its own type: ambiguous_option adds its matches to the
  // message in an override a base-class copy would lose.
  if (const auto *ambiguous = dynamic_cast<const po::ambiguous_option *>(&e))
    return escapedMessage(*ambiguous);
  if (const auto *named = dynamic_cast<const po::error_with_option_name *>(&e))
    return escapedMessage(*named);
  return e.what();
}

int runTool(const char *tool, const std::function<int()> &body) {
  try {
    return body();
  } catch (const UsageError &e) {
    std::cerr << tool << ": " << e.what() << "\n";
    return 2;
  } catch (const boost::program_options::error &e) {
    std::cerr << tool << ": bad option: " << optionErrorMessage(e) << "\n";
    return 2;
  } catch (const std::exception &e) {
    std::cerr << tool << ": " << e.what() << "\n";
    return 1;
  }
}

bool asksForShortHelp(int argc, char **argv) {
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "-h")
      return true;
  return false;
}

} // namespace ofex::tool
