//===- InputLimits.cpp - Bounds that keep hostile input from crashing -----===//

#include "ofex/Support/InputLimits.h"

namespace ofex {

bool checkNestingDepth(llvm::StringRef text, bool json, const std::string &what,
                       std::string &error) {
  unsigned depth = 0, line = 1;
  for (size_t i = 0, n = text.size(); i < n; ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
    } else if (c == '"') { // a string: skip to its closing quote
      for (++i; i < n && text[i] != '"'; ++i) {
        if (text[i] == '\\')
          ++i;
        else if (text[i] == '\n')
          ++line;
      }
    } else if (!json && c == '/' && i + 1 < n && text[i + 1] == '/') {
      while (i < n && text[i] != '\n')
        ++i;
      --i; // let the newline be counted
    } else if (c == '{' || c == '[' || (!json && (c == '(' || c == '<'))) {
      if (++depth > kMaxNestingDepth) {
        error = what + ":" + std::to_string(line) + ": nested more than " +
                std::to_string(kMaxNestingDepth) + " levels deep";
        return false;
      }
    } else if (c == '}' || c == ']' ||
               (!json &&
                (c == ')' || (c == '>' && (i == 0 || text[i - 1] != '-'))))) {
      if (depth > 0) // unbalanced text is the parser's to report
        --depth;
    }
  }
  return true;
}

} // namespace ofex
