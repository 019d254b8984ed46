// The DynamoDB Streams API over the change log: one shard per table stream, sequence numbers
// are change-log sequence numbers, shard iterators are opaque tokens holding the position.
#include <fmt/format.h>

#include "core/clock.h"
#include "core/encoding.h"
#include "dynamo/api/dynamo_context.h"
#include "dynamo/api/request.h"
#include "dynamo/api/table_description.h"
#include "dynamo/attribute_value.h"
#include "dynamo/errors.h"
#include "dynamo/item_codec.h"

namespace wharf::dynamo {

namespace {

constexpr int64_t kIteratorLifetimeMillis = 15 * 60 * 1000;

std::string shard_id(const TableDef& t) { return fmt::format("shardId-{:020d}-{:08x}", 1, t.id); }
std::string sequence_text(uint64_t s) { return fmt::format("{:021d}", s); }

core::Error stream_not_found(const std::string& arn) {
  return dynamo_error("ResourceNotFoundException",
                      "Requested resource not found: Stream: " + arn + " not found");
}

// The table whose current stream `arn` names.
TablePtr table_of_stream(const DynamoContext& ctx, const std::string& arn) {
  size_t t = arn.find(":table/"), s = arn.find("/stream/");
  if (!arn.starts_with("arn:") || t == std::string::npos || s == std::string::npos || s < t)
    throw validation("Invalid StreamArn");
  TablePtr table = ctx.store.find(arn.substr(t + 7, s - t - 7));
  if (!table || table->stream.label.empty() || table->stream.label != arn.substr(s + 8))
    throw stream_not_found(arn);
  return table;
}

std::string make_iterator(const TableDef& t, uint64_t position) {
  return core::base64_encode(fmt::format("1|{}|{}|{}|{}", t.id, t.stream.label, position,
                                         core::now_millis() + kIteratorLifetimeMillis));
}

json::object stream_record(const DynamoContext& ctx, const TableDef& t, const ChangeRecord& r) {
  json::object d;
  d["ApproximateCreationDateTime"] = static_cast<double>(r.millis / 1000);
  d["Keys"] = item_to_wire(r.keys);
  const std::string& view = t.stream.view_type;
  bool new_image = view == "NEW_IMAGE" || view == "NEW_AND_OLD_IMAGES";
  bool old_image = view == "OLD_IMAGE" || view == "NEW_AND_OLD_IMAGES";
  size_t size = item_size(r.keys);
  if (new_image && r.new_image) {
    d["NewImage"] = item_to_wire(*r.new_image);
    size += item_size(*r.new_image);
  }
  if (old_image && r.old_image) {
    d["OldImage"] = item_to_wire(*r.old_image);
    size += item_size(*r.old_image);
  }
  d["SequenceNumber"] = sequence_text(r.sequence);
  d["SizeBytes"] = size;
  d["StreamViewType"] = view;
  json::object rec{{"eventID", fmt::format("{:016x}{:016x}", t.id, r.sequence)},
                   {"eventName", r.event},
                   {"eventVersion", "1.1"},
                   {"eventSource", "aws:dynamodb"},
                   {"awsRegion", ctx.config.region},
                   {"dynamodb", std::move(d)}};
  if (r.ttl)
    rec["userIdentity"] =
        json::object{{"Type", "Service"}, {"PrincipalId", "dynamodb.amazonaws.com"}};
  return rec;
}

// True when no record of the closed stream remains at or after `position`.
bool records_exhausted(const DynamoContext& ctx, const TableDef& t, uint64_t position,
                       uint64_t end) {
  auto rest = ctx.store.read_changes(t.id, position, 1);
  return rest.empty() ? ctx.store.visible_sequence() + 1 >= end : rest[0].sequence >= end;
}

uint64_t parse_sequence(const std::string& s) {
  if (s.empty() || s.size() > 40 || s.find_first_not_of("0123456789") != std::string::npos)
    throw validation("Invalid SequenceNumber: " + s);
  return std::stoull(s.substr(s.size() > 19 ? s.size() - 19 : 0));
}

}  // namespace

json::object list_streams(DynamoContext& ctx) {
  auto only = opt_string(ctx.in, "TableName");
  if (only) ctx.store.get(*only);
  auto start = opt_string(ctx.in, "ExclusiveStartStreamArn");
  int64_t limit = opt_int(ctx.in, "Limit").value_or(100);
  json::array streams;
  json::object out;
  for (const auto& name : ctx.store.list_tables()) {
    if (only && name != *only) continue;
    TablePtr t = ctx.store.find(name);
    if (!t || t->stream.label.empty()) continue;
    std::string arn = stream_arn(ctx, *t);
    if (start && arn <= *start) continue;
    if (static_cast<int64_t>(streams.size()) == limit) {
      out["LastEvaluatedStreamArn"] = streams.back().as_object()["StreamArn"];
      break;
    }
    streams.push_back(
        json::object{{"StreamArn", arn}, {"TableName", name}, {"StreamLabel", t->stream.label}});
  }
  out["Streams"] = std::move(streams);
  return out;
}

json::object describe_stream(DynamoContext& ctx) {
  std::string arn = required_string(ctx.in, "StreamArn");
  TablePtr t = table_of_stream(ctx, arn);
  json::array shards;
  json::object range{{"StartingSequenceNumber", sequence_text(t->stream.start_sequence)}};
  if (t->stream.end_sequence)
    range["EndingSequenceNumber"] = sequence_text(t->stream.end_sequence - 1);
  shards.push_back(json::object{{"ShardId", shard_id(*t)}, {"SequenceNumberRange", range}});
  json::object d{{"StreamArn", arn},
                 {"StreamLabel", t->stream.label},
                 {"StreamStatus", t->stream.enabled ? "ENABLED" : "DISABLED"},
                 {"StreamViewType", t->stream.view_type},
                 {"CreationRequestDateTime", static_cast<double>(t->created_millis / 1000)},
                 {"TableName", t->name},
                 {"KeySchema", key_schema_json(t->key)},
                 {"Shards", std::move(shards)}};
  return {{"StreamDescription", std::move(d)}};
}

json::object get_shard_iterator(DynamoContext& ctx) {
  std::string arn = required_string(ctx.in, "StreamArn");
  std::string shard = required_string(ctx.in, "ShardId");
  std::string type = required_string(ctx.in, "ShardIteratorType");
  TablePtr t = table_of_stream(ctx, arn);
  if (shard != shard_id(*t))
    throw dynamo_error("ResourceNotFoundException",
                       "Requested resource not found: Shard does not exist");
  uint64_t position;
  auto seq = opt_string(ctx.in, "SequenceNumber");
  if (type == "TRIM_HORIZON") {
    position = t->stream.start_sequence;
  } else if (type == "LATEST") {
    position = ctx.store.visible_sequence() + 1;
  } else if (type == "AT_SEQUENCE_NUMBER" || type == "AFTER_SEQUENCE_NUMBER") {
    if (!seq) throw validation("Must provide a SequenceNumber for iterator type " + type);
    position = parse_sequence(*seq) + (type == "AFTER_SEQUENCE_NUMBER" ? 1 : 0);
  } else {
    throw constraint_error("ShardIteratorType", "'" + type + "'",
                           "Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, "
                           "AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
  }
  if ((type == "TRIM_HORIZON" || type == "LATEST") && seq)
    throw validation("Cannot provide a SequenceNumber for iterator type " + type);
  return {{"ShardIterator", make_iterator(*t, std::max(position, t->stream.start_sequence))}};
}

json::object get_records(DynamoContext& ctx) {
  std::string token = required_string(ctx.in, "ShardIterator");
  int64_t limit = opt_int(ctx.in, "Limit").value_or(1000);
  if (limit < 1 || limit > 1000)
    throw constraint_error("Limit", "\'" + std::to_string(limit) + "\'",
                           limit < 1 ? "Member must have value greater than or equal to 1"
                                     : "Member must have value less than or equal to 1000");
  auto raw = core::base64_decode(token);
  std::vector<std::string> parts;
  if (raw)
    for (size_t b = 0, e; b <= raw->size(); b = e + 1) {
      e = raw->find('|', b);
      if (e == std::string::npos) e = raw->size();
      parts.push_back(raw->substr(b, e - b));
    }
  if (parts.size() != 5 || parts[0] != "1") throw validation("Invalid ShardIterator");
  uint64_t table_id = std::stoull(parts[1]);
  uint64_t position = std::stoull(parts[3]);
  int64_t expires = std::stoll(parts[4]);
  int64_t now = core::now_millis();
  if (now > expires)
    throw dynamo_error("ExpiredIteratorException",
                       "Iterator expired. The iterator was created at time " +
                           core::iso8601_millis(expires - kIteratorLifetimeMillis) +
                           " while right now it's " + core::iso8601_millis(now) +
                           ". The iterator is valid for 15 minutes.");
  TablePtr t;
  for (const auto& name : ctx.store.list_tables())
    if (TablePtr x = ctx.store.find(name); x && x->id == table_id) t = x;
  if (!t || t->stream.label != parts[2])
    throw dynamo_error("ResourceNotFoundException",
                       "Requested resource not found: Stream does not exist");
  json::array records;
  uint64_t end = t->stream.end_sequence;
  for (const auto& r : ctx.store.read_changes(t->id, position, static_cast<size_t>(limit))) {
    if (end && r.sequence >= end) break;
    records.push_back(stream_record(ctx, *t, r));
    position = r.sequence + 1;
  }
  json::object out{{"Records", std::move(records)}};
  // A closed shard has no next iterator once its last record has been read.
  if (!end || position < end) {
    if (end && records_exhausted(ctx, *t, position, end)) return out;
    out["NextShardIterator"] = make_iterator(*t, position);
  }
  return out;
}

}  // namespace wharf::dynamo
