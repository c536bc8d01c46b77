//===- EnumWords.h - enum attributes written as words ------------*- C++
//-*-===//
//
// The custom-directive helpers both dialects print their EnumAttrs with: a
// bare keyword (`ofex.act swish %x`) or a quoted word (`init("glorot")`,
// `dnnl.eltwise "relu"`), the forms these attributes had as strings, so IR
// files keep their meaning. An unknown word is refused where it is parsed,
// with the words the enum has.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_ENUMWORDS_H
#define OFEX_ENUMWORDS_H

#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace ofex {

template <typename AttrT>
using EnumOf = decltype(std::declval<AttrT>().getValue());

/// The words of enum E in value order (its values count from 0), "a, b or c".
template <typename E> std::string wordsOf() {
  llvm::SmallVector<llvm::StringRef> words;
  for (uint32_t i = 0; !stringifyEnum(static_cast<E>(i)).empty(); ++i)
    words.push_back(stringifyEnum(static_cast<E>(i)));
  std::string list;
  for (size_t i = 0; i < words.size(); ++i)
    list += (i == 0                  ? ""
             : i + 1 == words.size() ? " or "
                                     : ", ") +
            words[i].str();
  return list;
}

/// `word` as enum attribute AttrT, or an error at `loc` naming what the enum
/// is (`noun`) and listing its words.
template <typename AttrT>
mlir::ParseResult parseEnumWord(mlir::AsmParser &parser, llvm::SMLoc loc,
                                llvm::StringRef word, llvm::StringRef noun,
                                AttrT &attr) {
  using E = EnumOf<AttrT>;
  for (uint32_t i = 0; !stringifyEnum(static_cast<E>(i)).empty(); ++i)
    if (stringifyEnum(static_cast<E>(i)) == word) {
      attr = AttrT::get(parser.getContext(), static_cast<E>(i));
      return mlir::success();
    }
  return parser.emitError(loc) << "unknown " << noun << " '" << word
                               << "'; expected " << wordsOf<E>();
}

/// A bare keyword (quoted = false) or a quoted word.
template <typename AttrT>
mlir::ParseResult parseEnumWord(mlir::AsmParser &parser, bool quoted,
                                llvm::StringRef noun, AttrT &attr) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  std::string word;
  llvm::StringRef keyword;
  if (quoted ? parser.parseString(&word) : parser.parseKeyword(&keyword))
    return mlir::failure();
  return parseEnumWord(parser, loc, quoted ? llvm::StringRef(word) : keyword,
                       noun, attr);
}

template <typename AttrT>
void printEnumWord(mlir::AsmPrinter &p, bool quoted, AttrT attr) {
  if (quoted)
    p << '"' << stringifyEnum(attr.getValue()) << '"';
  else
    p << stringifyEnum(attr.getValue());
}

} // namespace ofex

#endif // OFEX_ENUMWORDS_H
