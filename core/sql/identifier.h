#pragma once
// Identifier rules shared by the parser and by code that prints SQL back (Expr::ToString).

#include <string>

namespace riffle {

// True for words that cannot be used as unquoted names (SELECT, FROM, AND, ...). Expects the
// upper-cased spelling.
bool IsReservedWord(const std::string& upper_word);

// `name` as it must be written in SQL to read back as `name`: bare when it is a valid unquoted
// identifier in upper case and not reserved (ORDERS, O_ID), back-quoted otherwise (`id`,
// `FROM`, `my-topic`; a back quote inside is doubled).
std::string FormatIdentifier(const std::string& name);

}  // namespace riffle
