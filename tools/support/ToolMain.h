//===- ToolMain.h - One error line and an exit status for every tool ------===//
//
// Every ofex tool reports bad input the same way: one line on stderr naming
// the tool and the problem, exit status 2; anything else that goes wrong is
// reported the same way with status 1; no std::exception escapes main().
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_TOOLS_SUPPORT_TOOLMAIN_H
#define OFEX_TOOLS_SUPPORT_TOOLMAIN_H

#include <boost/program_options/errors.hpp>

#include <functional>
#include <stdexcept>
#include <string>

namespace ofex::tool {

/// Bad input (an option, a value, a file to read): exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The message of a Boost.Program_options error. Use it instead of what():
/// Boost 1.74 fills the placeholders of its message (%value%, %option%, ...)
/// in a loop that never ends when the text filled in contains its own
/// placeholder, so `--steps %value%` hung every tool (found by
/// fuzz-train-ini). The '%' of the user's text are shown as "\%".
std::string optionErrorMessage(const boost::program_options::error &e);

/// Runs a tool's body and returns its exit status: the body's own, or 2
/// after a UsageError or a Boost.Program_options error ("bad option: ..."),
/// or 1 after any other exception, each reported as "<tool>: <message>".
int runTool(const char *tool, const std::function<int()> &body);

/// Whether any argument is "-h": for tools whose parsers take no short
/// options but answer -h like every tool.
bool asksForShortHelp(int argc, char **argv);

} // namespace ofex::tool

#endif // OFEX_TOOLS_SUPPORT_TOOLMAIN_H
