//===- ToolMain.cpp - One error line and an exit status for every tool ----===//

#include "ToolMain.h"

#include <boost/program_options/errors.hpp>

#include <iostream>
#include <string>

namespace ofex::tool {

int runTool(const char *tool, const std::function<int()> &body) {
  try {
    return body();
  } catch (const UsageError &e) {
    std::cerr << tool << ": " << e.what() << "\n";
    return 2;
  } catch (const boost::program_options::error &e) {
    std::cerr << tool << ": bad option: " << e.what() << "\n";
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
