// Date functions over ISO 8601 strings (date_time.h does the calendar work). Every date argument
// is a date ("2026-11-21") or a timestamp ("2026-11-21T10:04:05Z", an offset is converted to
// UTC); results are written back the same way. now() and today() read the run's clock.
#include <stdexcept>

#include "pipeline/expr/date_time.h"
#include "pipeline/expr/errors.h"
#include "pipeline/expr/function_support.h"

namespace wharf::pipeline::expr {

using core::Decimal;
using core::Value;

namespace {

DateTime date_arg(Args a, size_t i, const Call& c) {
  const std::string& s = string_arg(a, i, c);
  if (auto t = parse_iso(s)) return *t;
  fail(c, "cannot read " + quote_text(s) + " as a date or timestamp");
}

// A date read with the format in argument 1 when there is one, as ISO 8601 otherwise.
DateTime date_arg_formatted(Args a, const Call& c) {
  if (a.size() < 2) return date_arg(a, 0, c);
  const std::string& s = string_arg(a, 0, c);
  const std::string& f = string_arg(a, 1, c);
  std::optional<DateTime> t;
  try {
    t = parse_formatted(s, f);
  } catch (const std::invalid_argument& e) {
    fail(c, e.what());
  }
  if (!t) fail(c, quote_text(s) + " does not match the format " + quote_text(f));
  return *t;
}

Unit unit_arg(Args a, size_t i, const Call& c) {
  const std::string& s = string_arg(a, i, c);
  auto u = parse_unit(s);
  if (!u) fail(c, "unknown unit " + quote_text(s) + " (units: " + unit_names() + ")");
  return *u;
}

// Runs a calendar operation, turning its range errors into the function's.
template <typename Op>
auto checked(const Call& c, Op op) {
  try {
    return op();
  } catch (const std::out_of_range& e) {
    fail(c, e.what());
  }
}

Value iso(const DateTime& t) { return format_iso(t); }
Value number(int64_t n) { return static_cast<long long>(n); }

Value now(Args, const Call& c) {
  return iso(checked(c, [&] { return from_millis(c.context.now_millis); }));
}

Value today(Args, const Call& c) {
  DateTime t = checked(c, [&] { return truncate(from_millis(c.context.now_millis), Unit::kDay); });
  t.date_only = true;
  return iso(t);
}

Value date(Args a, const Call& c) {
  DateTime t = checked(c, [&] { return truncate(date_arg_formatted(a, c), Unit::kDay); });
  t.date_only = true;
  return iso(t);
}

Value timestamp(Args a, const Call& c) {
  DateTime t = date_arg_formatted(a, c);
  t.date_only = false;
  return iso(t);
}

Value format_date(Args a, const Call& c) {
  DateTime t = date_arg(a, 0, c);
  try {
    return format(t, string_arg(a, 1, c));
  } catch (const std::invalid_argument& e) {
    fail(c, e.what());
  }
}

Value date_add(Args a, const Call& c) {
  DateTime t = date_arg(a, 0, c);
  int64_t n = integer_arg(a, 1, c);
  Unit u = unit_arg(a, 2, c);
  return iso(checked(c, [&] { return add(t, n, u); }));
}

Value date_diff(Args a, const Call& c) {
  Unit u = unit_arg(a, 0, c);
  return number(diff(u, date_arg(a, 1, c), date_arg(a, 2, c)));
}

Value date_trunc(Args a, const Call& c) {
  Unit u = unit_arg(a, 0, c);
  DateTime t = date_arg(a, 1, c);
  return iso(checked(c, [&] { return truncate(t, u); }));
}

Value year(Args a, const Call& c) { return number(civil(date_arg(a, 0, c)).year); }
Value month(Args a, const Call& c) { return number(civil(date_arg(a, 0, c)).month); }
Value day(Args a, const Call& c) { return number(civil(date_arg(a, 0, c)).day); }
Value hour(Args a, const Call& c) { return number(civil(date_arg(a, 0, c)).hour); }
Value minute(Args a, const Call& c) { return number(civil(date_arg(a, 0, c)).minute); }
Value second(Args a, const Call& c) { return number(civil(date_arg(a, 0, c)).second); }
Value day_of_week(Args a, const Call& c) { return number(iso_weekday(date_arg(a, 0, c))); }
Value day_of_year_(Args a, const Call& c) { return number(day_of_year(date_arg(a, 0, c))); }

Value epoch_seconds_(Args a, const Call& c) { return epoch_seconds(date_arg(a, 0, c)); }

Value epoch_millis(Args a, const Call& c) {
  DateTime t = date_arg(a, 0, c);
  return number(t.seconds * 1000 + t.nanos / 1'000'000);
}

// from_epoch(n[, unit]): n seconds (or 'ms', 'us', 'ns') since the epoch, as a timestamp.
int epoch_unit_digits(std::string_view unit) {
  static constexpr std::pair<std::string_view, int> kUnits[] = {
      {"s", 0},  {"second", 0},      {"seconds", 0},
      {"ms", 3}, {"millisecond", 3}, {"milliseconds", 3},
      {"us", 6}, {"microsecond", 6}, {"microseconds", 6},
      {"ns", 9}, {"nanosecond", 9},  {"nanoseconds", 9}};
  for (auto [name, digits] : kUnits)
    if (unit == name) return digits;
  return -1;
}

std::string bad_epoch_unit(std::string_view unit) {
  return "from_epoch: unknown unit " + quote_text(unit) + " (units: s, ms, us, ns)";
}

Value from_epoch(Args a, const Call& c) {
  Decimal n = number_arg(a, 0, c);
  if (a.size() > 1) {
    int digits = epoch_unit_digits(string_arg(a, 1, c));
    if (digits < 0) throw eval_error(bad_epoch_unit(string_arg(a, 1, c)));
    static const Decimal kScale[] = {Decimal(1), *Decimal::parse("1e-3"), *Decimal::parse("1e-6"),
                                     *Decimal::parse("1e-9")};
    n = n * kScale[digits / 3];
  }
  return iso(checked(c, [&] { return from_epoch_seconds(n); }));
}

// ---------------------------------------------------------------------------------------------
// Parse-time checks of literal formats and units

template <size_t I>
void prepare_format(Node& call) {
  if (const std::string* f = literal_string(call, I)) {
    try {
      check_format(*f);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(std::string(call.function->name) + ": " + e.what());
    }
  }
}

template <size_t I>
void prepare_unit(Node& call) {
  if (const std::string* u = literal_string(call, I); u && !parse_unit(*u))
    throw std::invalid_argument(std::string(call.function->name) + ": unknown unit " +
                                quote_text(*u) + " (units: " + unit_names() + ")");
}

void prepare_epoch_unit(Node& call) {
  if (const std::string* u = literal_string(call, 1); u && epoch_unit_digits(*u) < 0)
    throw std::invalid_argument(bad_epoch_unit(*u));
}

constexpr Function kDates[] = {
    {.name = "now", .min_args = 0, .max_args = 0, .impl = now},
    {.name = "today", .min_args = 0, .max_args = 0, .impl = today},
    {.name = "date", .min_args = 1, .max_args = 2, .impl = date, .prepare = prepare_format<1>},
    {.name = "timestamp",
     .min_args = 1,
     .max_args = 2,
     .impl = timestamp,
     .prepare = prepare_format<1>},
    {.name = "format_date",
     .min_args = 2,
     .max_args = 2,
     .impl = format_date,
     .prepare = prepare_format<1>},
    {.name = "date_add",
     .min_args = 3,
     .max_args = 3,
     .impl = date_add,
     .prepare = prepare_unit<2>},
    {.name = "date_diff",
     .min_args = 3,
     .max_args = 3,
     .impl = date_diff,
     .prepare = prepare_unit<0>},
    {.name = "date_trunc",
     .min_args = 2,
     .max_args = 2,
     .impl = date_trunc,
     .prepare = prepare_unit<0>},
    {.name = "year", .min_args = 1, .max_args = 1, .impl = year},
    {.name = "month", .min_args = 1, .max_args = 1, .impl = month},
    {.name = "day", .min_args = 1, .max_args = 1, .impl = day},
    {.name = "hour", .min_args = 1, .max_args = 1, .impl = hour},
    {.name = "minute", .min_args = 1, .max_args = 1, .impl = minute},
    {.name = "second", .min_args = 1, .max_args = 1, .impl = second},
    {.name = "day_of_week", .min_args = 1, .max_args = 1, .impl = day_of_week},
    {.name = "day_of_year", .min_args = 1, .max_args = 1, .impl = day_of_year_},
    {.name = "epoch_seconds", .min_args = 1, .max_args = 1, .impl = epoch_seconds_},
    {.name = "epoch_millis", .min_args = 1, .max_args = 1, .impl = epoch_millis},
    {.name = "from_epoch",
     .min_args = 1,
     .max_args = 2,
     .impl = from_epoch,
     .prepare = prepare_epoch_unit},
};

}  // namespace

std::span<const Function> date_functions() { return kDates; }

}  // namespace wharf::pipeline::expr
