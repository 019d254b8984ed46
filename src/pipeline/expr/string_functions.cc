// String and regex functions. Lengths and positions count characters (UTF-8 code points).
#include <algorithm>
#include <limits>
#include <optional>
#include <stdexcept>

#include "pipeline/expr/errors.h"
#include "pipeline/expr/function_support.h"
#include "pipeline/expr/operators.h"
#include "pipeline/expr/regex.h"
#include "pipeline/expr/utf8.h"

namespace wharf::pipeline::expr {

using core::Value;

namespace {

// The longest string lpad / rpad make, in characters: a guard against lpad(x, 1e12).
constexpr int64_t kMaxPadLength = 1 << 20;

Value upper(Args a, const Call& c) { return utf8::to_upper(string_arg(a, 0, c)); }
Value lower(Args a, const Call& c) { return utf8::to_lower(string_arg(a, 0, c)); }
Value length(Args a, const Call& c) {
  return static_cast<long long>(utf8::count(string_arg(a, 0, c)));
}

enum Side { kLeft = 1, kRight = 2, kBoth = 3 };

// Strips whitespace (space, \t, \n, \r, \f, \v), or the characters of the optional second
// argument, from `side`.
Value trim_side(Args a, const Call& c, int side) {
  std::string_view s = string_arg(a, 0, c);
  std::string_view chars = a.size() > 1 ? std::string_view(string_arg(a, 1, c)) : " \t\n\r\f\v";
  std::vector<std::string_view> set;
  for (size_t i = 0; i < chars.size(); i += utf8::char_length(chars, i))
    set.push_back(chars.substr(i, utf8::char_length(chars, i)));
  auto strip = [&](bool front) {
    for (std::string_view ch : set)
      if (front ? s.starts_with(ch) : s.ends_with(ch)) {
        front ? s.remove_prefix(ch.size()) : s.remove_suffix(ch.size());
        return true;
      }
    return false;
  };
  if (side & kLeft)
    while (!s.empty() && strip(true)) {
    }
  if (side & kRight)
    while (!s.empty() && strip(false)) {
    }
  return std::string(s);
}
Value trim(Args a, const Call& c) { return trim_side(a, c, kBoth); }
Value ltrim(Args a, const Call& c) { return trim_side(a, c, kLeft); }
Value rtrim(Args a, const Call& c) { return trim_side(a, c, kRight); }

// SQL's substring: the characters at positions [start, start + length) that exist, counting
// from 1; a start before 1 eats into the length (substr('abc', 0, 2) is "a").
Value substr(Args a, const Call& c) {
  std::string_view s = string_arg(a, 0, c);
  int64_t start = integer_arg(a, 1, c);
  int64_t from = std::max<int64_t>(start, 1);
  size_t b = utf8::offset_of(s, static_cast<size_t>(std::min<int64_t>(from - 1, s.size())));
  if (a.size() < 3) return std::string(s.substr(b));
  int64_t len = integer_arg(a, 2, c);
  if (len < 0) fail(c, "length must not be negative, got " + std::to_string(len));
  int64_t end;
  if (__builtin_add_overflow(start, len, &end)) end = std::numeric_limits<int64_t>::max();
  if (end <= from) return std::string();
  std::string_view rest = s.substr(b);
  auto n = static_cast<size_t>(std::min<int64_t>(end - from, static_cast<int64_t>(rest.size())));
  return std::string(rest.substr(0, utf8::offset_of(rest, n)));
}

Value replace(Args a, const Call& c) {
  const std::string& s = string_arg(a, 0, c);
  const std::string& from = string_arg(a, 1, c);
  const std::string& to = string_arg(a, 2, c);
  if (from.empty()) return s;
  std::string out;
  size_t i = 0;
  for (size_t hit; (hit = s.find(from, i)) != std::string::npos; i = hit + from.size()) {
    out.append(s, i, hit - i);
    out += to;
  }
  out.append(s, i);
  return out;
}

void append_element(std::string& out, const Value& v, const Call& c, size_t i,
                    std::string_view what) {
  if (!append_text(out, v))
    fail(c, std::string(what) + " " + std::to_string(i + 1) +
                " must be a string, number or bool, got " + describe(v));
}

Value concat_call(Args a, const Call& c) {
  std::string out;
  for (size_t i = 0; i < a.size(); ++i)
    if (!a[i]->is_null()) append_element(out, *a[i], c, i, "argument");
  return out;
}

// An empty string splits into no pieces; an empty separator splits into characters.
Value split(Args a, const Call& c) {
  std::string_view s = string_arg(a, 0, c);
  std::string_view sep = string_arg(a, 1, c);
  core::List out;
  if (s.empty()) return out;
  if (sep.empty()) {
    for (size_t i = 0; i < s.size(); i += utf8::char_length(s, i))
      out.emplace_back(std::string(s.substr(i, utf8::char_length(s, i))));
    return out;
  }
  size_t i = 0;
  for (size_t hit; (hit = s.find(sep, i)) != std::string_view::npos; i = hit + sep.size())
    out.emplace_back(std::string(s.substr(i, hit - i)));
  out.emplace_back(std::string(s.substr(i)));
  return out;
}

// Null elements are skipped, as concat skips null arguments.
Value join(Args a, const Call& c) {
  const core::List& l = list_arg(a, 0, c);
  const std::string& sep = string_arg(a, 1, c);
  std::string out;
  bool any = false;
  for (size_t i = 0; i < l.size(); ++i) {
    if (l[i].is_null()) continue;
    if (any) out += sep;
    append_element(out, l[i], c, i, "element");
    any = true;
  }
  return out;
}

Value starts_with(Args a, const Call& c) {
  return string_arg(a, 0, c).starts_with(string_arg(a, 1, c));
}
Value ends_with(Args a, const Call& c) {
  return string_arg(a, 0, c).ends_with(string_arg(a, 1, c));
}

// A substring of a string, or an element of a list or set.
Value contains(Args a, const Call& c) {
  const Value& x = *a[0];
  const Value& y = *a[1];
  switch (x.type()) {
    case Value::Type::kString:
      return x.as<std::string>().find(string_arg(a, 1, c)) != std::string::npos;
    case Value::Type::kList: {
      const auto& l = x.as<core::List>();
      return std::any_of(l.begin(), l.end(), [&](const Value& e) { return same(e, y); });
    }
    case Value::Type::kStringSet: {
      const auto& s = x.as<core::StringSet>().items;
      return y.is<std::string>() && std::find(s.begin(), s.end(), y.as<std::string>()) != s.end();
    }
    case Value::Type::kNumberSet: {
      const auto& s = x.as<core::NumberSet>().items;
      return y.is<core::Decimal>() &&
             std::find(s.begin(), s.end(), y.as<core::Decimal>()) != s.end();
    }
    default:
      wrong_type(c, 0, "a string or a list", x);
  }
}

// ---------------------------------------------------------------------------------------------
// Regexes: compiled at parse time when the pattern is a literal (node.regex), else per call.

std::string group_out_of_range(int64_t group, size_t groups) {
  return "group " + std::to_string(group) + " is out of range (the pattern has " +
         std::to_string(groups) + (groups == 1 ? " group)" : " groups)");
}

std::string bad_regex(std::string_view function, std::string_view pattern, const char* why) {
  return std::string(function) + ": invalid regular expression " + quote_text(pattern) + ": " + why;
}

void prepare_regex(Node& call) {
  const std::string* pattern = literal_string(call, 1);
  if (!pattern) return;
  try {
    call.regex = std::make_shared<const Regex>(*pattern);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(bad_regex(call.function->name, *pattern, e.what()));
  }
}

void prepare_extract(Node& call) {
  prepare_regex(call);
  if (!call.regex || call.children.size() < 3) return;
  const Node& g = call.children[2];
  if (g.kind != NodeKind::kLiteral || !g.value.is<core::Decimal>()) return;
  auto group = g.value.as<core::Decimal>().to_int64();
  if (group && (*group < 0 || static_cast<size_t>(*group) > call.regex->groups()))
    throw std::invalid_argument("regex_extract: " +
                                group_out_of_range(*group, call.regex->groups()));
}

// Runs `use` with the call's regex, compiling the pattern argument when it was not a literal.
template <typename Use>
Value with_regex(Args a, const Call& c, Use use) {
  std::optional<Regex> compiled;
  const Regex* re = c.node.regex.get();
  if (!re) {
    const std::string& pattern = string_arg(a, 1, c);
    try {
      re = &compiled.emplace(pattern);
    } catch (const std::invalid_argument& e) {
      throw eval_error(bad_regex(name_of(c), pattern, e.what()));
    }
  }
  try {
    return use(*re);
  } catch (const core::Error&) {
    throw;
  } catch (const std::runtime_error&) {  // Boost.Regex gives up rather than run for hours
    fail(c, "the regular expression " + quote_text(re->pattern()) +
                " is too complex to match (it backtracks too much)");
  }
}

Value regex_match(Args a, const Call& c) {
  const std::string& s = string_arg(a, 0, c);
  return with_regex(a, c, [&](const Regex& re) { return Value(re.search(s)); });
}

Value regex_replace(Args a, const Call& c) {
  const std::string& s = string_arg(a, 0, c);
  const std::string& replacement = string_arg(a, 2, c);
  return with_regex(a, c, [&](const Regex& re) { return Value(re.replace(s, replacement)); });
}

Value regex_extract(Args a, const Call& c) {
  const std::string& s = string_arg(a, 0, c);
  int64_t group = a.size() > 2 ? integer_arg(a, 2, c) : 0;
  return with_regex(a, c, [&](const Regex& re) {
    if (group < 0 || static_cast<size_t>(group) > re.groups())
      fail(c, group_out_of_range(group, re.groups()));
    auto m = re.extract(s, static_cast<size_t>(group));
    return m ? Value(std::move(*m)) : Value();
  });
}

// ---------------------------------------------------------------------------------------------
// Padding: to `length` characters, cutting longer strings (as SQL's lpad and rpad).

Value pad(Args a, const Call& c, bool left) {
  std::string_view s = string_arg(a, 0, c);
  int64_t length = integer_arg(a, 1, c);
  if (length < 0 || length > kMaxPadLength)
    fail(c, "length must be between 0 and " + std::to_string(kMaxPadLength) + ", got " +
                std::to_string(length));
  std::string_view fill = a.size() > 2 ? std::string_view(string_arg(a, 2, c)) : " ";
  auto target = static_cast<size_t>(length);
  size_t have = utf8::count(s);
  if (have >= target) return std::string(s.substr(0, utf8::offset_of(s, target)));
  if (fill.empty()) return std::string(s);
  std::string padding;
  for (size_t i = 0, n = have; n < target; ++n) {
    size_t len = utf8::char_length(fill, i);
    padding.append(fill.substr(i, len));
    i = i + len == fill.size() ? 0 : i + len;
  }
  return left ? padding + std::string(s) : std::string(s) + padding;
}
Value lpad(Args a, const Call& c) { return pad(a, c, true); }
Value rpad(Args a, const Call& c) { return pad(a, c, false); }

constexpr Function kStrings[] = {
    {.name = "upper", .min_args = 1, .max_args = 1, .impl = upper},
    {.name = "lower", .min_args = 1, .max_args = 1, .impl = lower},
    {.name = "trim", .min_args = 1, .max_args = 2, .impl = trim},
    {.name = "ltrim", .min_args = 1, .max_args = 2, .impl = ltrim},
    {.name = "rtrim", .min_args = 1, .max_args = 2, .impl = rtrim},
    {.name = "length", .min_args = 1, .max_args = 1, .impl = length},
    {.name = "substr", .min_args = 2, .max_args = 3, .impl = substr},
    {.name = "replace", .min_args = 3, .max_args = 3, .impl = replace},
    {.name = "concat",
     .min_args = 1,
     .max_args = kVariadic,
     .impl = concat_call,
     .nulls = Nulls::kSeeNulls},
    {.name = "split", .min_args = 2, .max_args = 2, .impl = split},
    {.name = "join", .min_args = 2, .max_args = 2, .impl = join},
    {.name = "starts_with", .min_args = 2, .max_args = 2, .impl = starts_with},
    {.name = "ends_with", .min_args = 2, .max_args = 2, .impl = ends_with},
    {.name = "contains", .min_args = 2, .max_args = 2, .impl = contains},
    {.name = "regex_match",
     .min_args = 2,
     .max_args = 2,
     .impl = regex_match,
     .prepare = prepare_regex},
    {.name = "regex_replace",
     .min_args = 3,
     .max_args = 3,
     .impl = regex_replace,
     .prepare = prepare_regex},
    {.name = "regex_extract",
     .min_args = 2,
     .max_args = 3,
     .impl = regex_extract,
     .prepare = prepare_extract},
    {.name = "lpad", .min_args = 2, .max_args = 3, .impl = lpad},
    {.name = "rpad", .min_args = 2, .max_args = 3, .impl = rpad},
};

}  // namespace

std::span<const Function> string_functions() { return kStrings; }

}  // namespace wharf::pipeline::expr
