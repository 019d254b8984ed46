// Order-preserving, self-delimiting encodings of key attributes and the RocksDB key layout of
// tables (docs/storage.md). Comparing encoded bytes gives DynamoDB's order: strings and binary
// by unsigned bytes, numbers by value. Query ranges and pagination are therefore seeks.
//
//   D i <table id:8> <hash:2> <pk> [<sk>]                       item          -> encoded item
//   D x <table id:8> <index id:4> <hash:2> <ipk> [<isk>] <pk> [<sk>]  index entry -> projection
//   D c <table id:8> <sequence:8>                               change record -> record
//   D e <table id:8> <expiry seconds:8> <pk> [<sk>]             TTL entry     -> empty
//
// <hash> spreads partitions over the key space as DynamoDB's partitioning does: Scan order is
// hash order, and a parallel Scan's segments are ranges of it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/encoding.h"
#include "core/value.h"

namespace wharf::dynamo {

// Appends the encoding of a key attribute (string, number or binary).
void append_key_component(std::string& out, const core::Value& v);

// The 16-bit partition hash of an encoded partition key.
uint16_t partition_hash(std::string_view encoded_pk);

std::string table_prefix(char kind, uint64_t table_id);  // "D" kind <id>
std::string index_prefix(uint64_t table_id, uint32_t index_id);
using core::append_u16;  // big-endian, so that keys sort by number (core/encoding.h)
using core::append_u32;
using core::append_u64;
using core::read_u64;

// Number of partition-hash values: segment i of n covers [i * kHashSpace / n, (i+1) * ... ).
inline constexpr uint32_t kHashSpace = 65536;

}  // namespace wharf::dynamo
