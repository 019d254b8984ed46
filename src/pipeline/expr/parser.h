// Parser of the pipeline expression language: computed fields, filters, routing conditions and
// checks. Tokens are in lexer.h; the tree in ast.h; functions in functions.h.
//
//   expression     := or
//   or             := and { OR and }
//   and            := not { AND not }
//   not            := NOT not | is
//   is             := comparison { IS [NOT] ( NULL | TRUE | FALSE ) }
//   comparison     := predicate [ ( = | == | != | <> | < | <= | > | >= ) predicate ]
//   predicate      := concat [ [NOT] IN '(' expression { ',' expression } ')'
//                            | [NOT] BETWEEN concat AND concat
//                            | [NOT] LIKE concat ]
//   concat         := additive { '||' additive }
//   additive       := multiplicative { ( + | - ) multiplicative }
//   multiplicative := unary { ( * | / | % ) unary }
//   unary          := - unary | postfix
//   postfix        := primary { '[' expression ']' | '.' ( NAME | QUOTED_NAME ) }
//   primary        := NUMBER | STRING | TRUE | FALSE | NULL
//                   | '[' [ expression { ',' expression } ] ']'
//                   | '(' expression ')'
//                   | CASE [ expression ] WHEN expression THEN expression
//                         { WHEN expression THEN expression } [ ELSE expression ] END
//                   | NAME '(' [ expression { ',' expression } ] ')'
//                   | NAME | QUOTED_NAME
//
// Keywords (AND OR NOT IS NULL TRUE FALSE IN BETWEEN LIKE CASE WHEN THEN ELSE END) and function
// names are case-insensitive; field names are not. A keyword used as a field name must be
// quoted (`end`); a name is a function only when '(' follows it, so `date` is a field and
// date(x) a call. Comparisons do not chain (a < b < c is an error).
//
// Field references: `name` is a top-level field; `customer.address.city` and `tags[0]`,
// `attrs['color']` read into maps and lists (a dot always means nesting: a field whose name
// contains a dot is written `a.b` in backticks); any other expression can be indexed too
// (split(s, ',')[1], first(items).price).
//
// Errors are ExpressionSyntaxError: "<what> at column <n> in "<text>"", e.g.
//   unexpected token ')' at column 5 in "a + )"
//   expected 'then' but found 'else' at column 13 in "case when a else 1 end"
//   unknown function 'foo' at column 1 in "foo(1)"
//   function 'substr' expects 2 to 3 arguments, got 1 at column 1 in "substr(x)"
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/expr/ast.h"

namespace wharf::pipeline::expr {

struct ParsedExpression {
  Node root;
  // Top-level field names in order of first use; Node::field indexes this list.
  std::vector<std::string> fields;
};

// Limits that keep parsing and evaluation well inside a thread's stack, sanitizers included:
// brackets, arguments and unary operators nest at most kMaxNesting deep (each level is a dozen
// parser frames), and the tree (a + b + c ... is one level per operator) at most kMaxDepth.
inline constexpr int kMaxNesting = 64;
inline constexpr int kMaxDepth = 256;

ParsedExpression parse(std::string_view text);

}  // namespace wharf::pipeline::expr
