//===- EnumWords.h - enum attributes written as words ------------*- C++
//-*-===//
//
// The custom directives both dialects print their EnumAttrs with:
// custom<Keyword> (a bare keyword, `ofex.act swish %x`) and custom<QuotedWord>
// (`init("glorot")`, `dnnl.eltwise "relu"`), the forms these attributes had
// as strings, so IR files keep their meaning. An unknown word is refused
// where it is parsed, with the words the enum has. Each dialect declares, in
// its enums' namespace, `StringRef nounOf(E)`: what the enum names in errors.
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

/// The values of enum E in order (they count from 0).
template <typename E> llvm::SmallVector<E> valuesOf() {
  llvm::SmallVector<E> values;
  for (uint32_t i = 0; !stringifyEnum(static_cast<E>(i)).empty(); ++i)
    values.push_back(static_cast<E>(i));
  return values;
}

/// The words of enum E in value order, "a, b or c".
template <typename E> std::string wordsOf() {
  llvm::SmallVector<llvm::StringRef> words;
  for (E value : valuesOf<E>())
    words.push_back(stringifyEnum(value));
  std::string list;
  for (size_t i = 0; i < words.size(); ++i)
    list += (i == 0                  ? ""
             : i + 1 == words.size() ? " or "
                                     : ", ") +
            words[i].str();
  return list;
}

/// `word` as enum attribute AttrT, or an error at `loc` naming what the enum
/// is and listing its words.
template <typename AttrT>
mlir::ParseResult parseEnumWord(mlir::AsmParser &parser, llvm::SMLoc loc,
                                llvm::StringRef word, AttrT &attr) {
  using E = EnumOf<AttrT>;
  for (E value : valuesOf<E>())
    if (stringifyEnum(value) == word) {
      attr = AttrT::get(parser.getContext(), value);
      return mlir::success();
    }
  return parser.emitError(loc) << "unknown " << nounOf(E{}) << " '" << word
                               << "'; expected " << wordsOf<E>();
}

template <typename AttrT>
mlir::ParseResult parseKeyword(mlir::AsmParser &parser, AttrT &attr) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  llvm::StringRef word;
  if (parser.parseKeyword(&word))
    return mlir::failure();
  return parseEnumWord(parser, loc, word, attr);
}

template <typename AttrT>
void printKeyword(mlir::AsmPrinter &p, mlir::Operation *, AttrT attr) {
  p << stringifyEnum(attr.getValue());
}

template <typename AttrT>
mlir::ParseResult parseQuotedWord(mlir::AsmParser &parser, AttrT &attr) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  std::string word;
  if (parser.parseString(&word))
    return mlir::failure();
  return parseEnumWord(parser, loc, word, attr);
}

template <typename AttrT>
void printQuotedWord(mlir::AsmPrinter &p, mlir::Operation *, AttrT attr) {
  p << '"' << stringifyEnum(attr.getValue()) << '"';
}

} // namespace ofex

#endif // OFEX_ENUMWORDS_H
