#include "s3/object_store.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <set>

#include "core/background_hasher.h"
#include "core/clock.h"
#include "core/encoding.h"
#include "core/hash.h"
#include "core/random.h"
#include "s3/errors.h"
#include "s3/meta_keys.h"

namespace wharf::s3 {

using storage::Column;
using namespace meta_keys;

namespace {

constexpr size_t kIoChunk = 256 * 1024;
constexpr uint64_t kHashOffThreadFrom = 1 << 20;
constexpr size_t kHashBuffers = 3;

}  // namespace

ObjectData::ObjectData(ObjectData&& o) noexcept
    : meta(std::move(o.meta)),
      inline_bytes(std::move(o.inline_bytes)),
      segments(std::move(o.segments)) {
  o.segments.clear();
}
ObjectData& ObjectData::operator=(ObjectData&& o) noexcept {
  if (this != &o) {
    for (auto& s : segments) ::close(s.fd);
    meta = std::move(o.meta);
    inline_bytes = std::move(o.inline_bytes);
    segments = std::move(o.segments);
    o.segments.clear();
  }
  return *this;
}
ObjectData::~ObjectData() {
  for (auto& s : segments) ::close(s.fd);
}

ObjectStore::ObjectStore(storage::Kv& kv, storage::BlobStore& blobs, storage::PackStore& packs)
    : kv_(kv), blobs_(blobs), packs_(packs) {
  recover();
  load_buckets();
  count_packs();
  collector_ = std::thread([this] { collect_packs_loop(); });
}

ObjectStore::~ObjectStore() {
  {
    std::lock_guard lock(collector_mu_);
    stopping_ = true;
  }
  collector_cv_.notify_all();
  collector_.join();
}

std::mutex& ObjectStore::key_lock(const std::string& bucket, const std::string& key) {
  size_t h = std::hash<std::string>{}(bucket)*31 + std::hash<std::string>{}(key);
  return key_locks_[h % key_locks_.size()];
}

std::shared_mutex& ObjectStore::bucket_lock(const std::string& bucket) {
  return bucket_locks_[std::hash<std::string>{}(bucket) % bucket_locks_.size()];
}

void ObjectStore::require_bucket(const std::string& bucket) const {
  if (!find_bucket(bucket)) throw no_such_bucket(bucket);
}

void ObjectStore::load_buckets() {
  std::unique_lock lock(buckets_mu_);
  for (auto it = kv_.scan(Column::kMeta, "b", "c"); it.valid(); it.next()) {
    BucketInfo b = decode_bucket(it.value());
    b.name = std::string(it.key().substr(1));
    buckets_.emplace(b.name, b);
  }
}

// ---- buckets ----

void ObjectStore::create_bucket(const std::string& name, const std::string& owner,
                                const std::string& region) {
  std::lock_guard lock(bucket_create_lock_);
  if (auto existing = find_bucket(name)) {
    if (existing->owner == owner)
      throw s3_error("BucketAlreadyOwnedByYou").with("BucketName", name);
    throw s3_error("BucketAlreadyExists").with("BucketName", name);
  }
  BucketInfo b{name, owner, region, core::now_millis()};
  auto batch = kv_.batch();
  batch.put(Column::kMeta, bucket_key(name), encode(b));
  kv_.write(batch);
  std::unique_lock cache(buckets_mu_);
  buckets_.emplace(name, std::move(b));
}

std::optional<BucketInfo> ObjectStore::find_bucket(const std::string& name) const {
  std::shared_lock lock(buckets_mu_);
  auto it = buckets_.find(name);
  if (it == buckets_.end()) return std::nullopt;
  return it->second;
}

std::vector<BucketInfo> ObjectStore::list_buckets(const std::string& owner) const {
  std::vector<BucketInfo> out;
  std::shared_lock lock(buckets_mu_);
  for (const auto& [name, b] : buckets_)
    if (b.owner == owner) out.push_back(b);
  return out;
}

void ObjectStore::delete_bucket(const std::string& name) {
  std::unique_lock lock(bucket_lock(name));
  require_bucket(name);
  std::string prefix = object_prefix(name);
  if (kv_.scan(Column::kMeta, prefix, storage::prefix_end(prefix)).valid())
    throw s3_error("BucketNotEmpty").with("BucketName", name);
  // In-progress multipart uploads go with the bucket.
  auto batch = kv_.batch();
  Effects effects;
  std::string up = upload_prefix(name);
  for (auto it = kv_.scan(Column::kMeta, up, storage::prefix_end(up)); it.valid(); it.next()) {
    UploadInfo u = decode_upload(it.value());
    std::string pp = part_prefix(u.upload_id);
    for (auto p = kv_.scan(Column::kMeta, pp, storage::prefix_end(pp)); p.valid(); p.next()) {
      PartInfo part = decode_part(p.value());
      batch.del(Column::kMeta, p.key());
      discard(batch, part.blob, effects);
    }
    batch.del(Column::kMeta, it.key());
  }
  batch.del(Column::kMeta, bucket_key(name));
  kv_.write(batch);
  {
    std::unique_lock cache(buckets_mu_);
    buckets_.erase(name);
  }
  settle(effects);
}

// ---- payloads ----

ObjectStore::Written ObjectStore::write_payload(core::ByteSource& body, const PayloadChecks& checks,
                                                bool allow_inline, uint64_t max_size) {
  Written w;
  core::Hasher md5(core::HashKind::kMd5);
  std::optional<core::Hasher> extra;
  if (checks.algorithm) extra.emplace(checksum_hash(*checks.algorithm));
  std::optional<storage::BlobStore::Writer> blob;
  std::string buffer;  // the payload while it may still be stored inline or packed
  // Past kHashOffThreadFrom bytes the digests are computed on a thread of their own, and chunks
  // rotate through kHashBuffers buffers so that one is hashed while the next is received and
  // written. Declared after the hashers, so that its thread stops before they go.
  std::array<std::unique_ptr<char[]>, kHashBuffers> chunks;
  chunks[0].reset(new char[kIoChunk]);
  std::optional<core::BackgroundHasher> hasher;
  uint64_t pushed = 0;  // chunks given to the hasher
  uint64_t size = 0;
  for (;;) {
    char* chunk = chunks[0].get();
    if (hasher) {
      auto& slot = chunks[pushed % kHashBuffers];
      if (!slot) slot.reset(new char[kIoChunk]);
      // The slot's previous chunk must be hashed before the slot is filled again.
      if (pushed >= kHashBuffers) hasher->wait_hashed(pushed - kHashBuffers + 1);
      chunk = slot.get();
    }
    size_t n = body.read(chunk, kIoChunk);
    if (n == 0) break;
    std::string_view data(chunk, n);
    size += n;
    if (size > max_size)
      throw s3_error("EntityTooLarge").with("MaxSizeAllowed", std::to_string(max_size));
    if (hasher) {
      hasher->push(data);
      ++pushed;
    } else {
      md5.update(data);
      if (extra) extra->update(data);
      if (size >= kHashOffThreadFrom) {
        std::vector<core::Hasher*> all{&md5};
        if (extra) all.push_back(&*extra);
        hasher.emplace(std::move(all));
      }
    }
    if (!blob && allow_inline && size <= kPackLimit) {
      buffer.append(data);
      continue;
    }
    if (!blob) {
      blob.emplace(blobs_.create());
      blob->write(buffer);
      buffer.clear();
      buffer.shrink_to_fit();
    }
    blob->write(data);
  }
  if (hasher) {
    hasher->wait_hashed(pushed);
    hasher.reset();
  }
  std::string md5_raw = md5.digest();
  if (checks.content_md5 && *checks.content_md5 != md5_raw) throw s3_error("BadDigest");
  if (checks.algorithm) {
    std::string actual = core::base64_encode(extra->digest());
    std::optional<std::string> expected =
        checks.expected_checksum ? checks.expected_checksum() : std::nullopt;
    if (expected && *expected != actual)
      throw s3_error("BadDigest", std::string("The ") + checksum_name(*checks.algorithm) +
                                      " you specified did not match the calculated checksum.");
    w.meta.checksum = {checksum_name(*checks.algorithm), actual, "FULL_OBJECT"};
  }
  w.meta.size = size;
  w.meta.etag = core::to_hex(md5_raw);
  if (blob) {
    w.meta.blobs.push_back({blob->finish(), size});
  } else if (allow_inline) {
    place_small(w, std::move(buffer));
  } else {
    // Non-inline payloads (parts) that happened to be small still become blob files.
    auto writer = blobs_.create();
    writer.write(buffer);
    w.meta.blobs.push_back({writer.finish(), size});
  }
  return w;
}

void ObjectStore::place_small(Written& w, std::string bytes) {
  if (bytes.size() <= kInlineLimit) {
    w.meta.inline_data = true;
    w.inline_bytes = std::move(bytes);
  } else {
    w.inline_bytes = std::move(bytes);  // appended to a pack by the commit that references it
    w.to_pack = true;
  }
}

void ObjectStore::discard(storage::Batch& batch, const std::string& blob, Effects& effects) {
  batch.put(Column::kMeta, garbage_key(blob), "");
  effects.garbage.push_back(blob);
}

void ObjectStore::adopt(storage::Batch& batch, const std::string& blob, Effects& effects) {
  batch.put(Column::kMeta, publish_key(blob), "");
  effects.published.push_back(blob);
}

void ObjectStore::reference(storage::Batch& batch, const std::string& okey, Written& w,
                            Effects& effects) {
  for (const auto& b : w.meta.blobs) adopt(batch, b.blob, effects);
  if (w.meta.inline_data) batch.put(Column::kData, okey, w.inline_bytes);
  if (w.to_pack) {
    auto append = packs_.append(w.inline_bytes, w.pack_pending);
    batch.write_file_first(append.write);
    w.meta.packed = append.ref;
    index_packed(batch, okey, append.ref, effects);
  }
}

void ObjectStore::unreference(storage::Batch& batch, const std::string& okey, const ObjectMeta& old,
                              Effects& effects) {
  for (const auto& b : old.blobs) discard(batch, b.blob, effects);
  if (old.inline_data) batch.del(Column::kData, okey);  // a later put in the batch wins
  if (old.packed) unindex_packed(batch, *old.packed, effects);
}

void ObjectStore::settle(const Effects& effects) {
  account_packs(effects);
  const auto& published = effects.published;
  const auto& garbage = effects.garbage;
  if (published.empty() && garbage.empty()) return;
  auto batch = kv_.batch();
  for (const auto& p : published) {
    try {
      blobs_.publish(p);
      batch.del(Column::kMeta, publish_key(p));
    } catch (const core::Error& e) {
      // Still readable from tmp/; the note stays, so the next start retries the rename.
      spdlog::error("cannot publish blob {}: {}", p, e.what());
    }
  }
  for (const auto& g : garbage) {
    blobs_.remove(g);
    batch.del(Column::kMeta, garbage_key(g));
  }
  kv_.write(batch);
}

void ObjectStore::recover() {
  // A crash may have come between a commit and its settle(): finish both halves, then drop the
  // blobs of writes that never committed.
  Effects notes;
  for (auto it = kv_.scan(Column::kMeta, "g", "h"); it.valid(); it.next())
    notes.garbage.emplace_back(it.key().substr(1));
  for (auto it = kv_.scan(Column::kMeta, "t", "u"); it.valid(); it.next())
    notes.published.emplace_back(it.key().substr(1));
  settle(notes);
  std::set<std::string>
      still_noted;  // publishes that failed again: keep their files for the next try
  for (auto it = kv_.scan(Column::kMeta, "t", "u"); it.valid(); it.next())
    still_noted.emplace(it.key().substr(1));
  blobs_.remove_unpublished(still_noted);
}

static void check_preconditions(const std::optional<ObjectMeta>& current,
                                const WriteOptions& options) {
  if (options.if_none_match_star && current)
    throw s3_error("PreconditionFailed").with("Condition", "If-None-Match");
  if (options.if_match_etag) {
    if (!current) throw no_such_key("");
    if (*options.if_match_etag != "*" && *options.if_match_etag != current->etag)
      throw s3_error("PreconditionFailed").with("Condition", "If-Match");
  }
}

ObjectMeta ObjectStore::commit_object(const std::string& bucket, const std::string& key, Written& w,
                                      const WriteOptions& options) {
  w.meta.mtime_ms = core::now_millis();
  w.meta.owner = options.owner;
  w.meta.headers = options.headers;
  w.meta.user_meta = options.user_meta;
  w.meta.tags = options.tags;
  try {
    commit_locked(bucket, key, w, options);
  } catch (...) {
    for (const auto& b : w.meta.blobs) blobs_.remove(b.blob);  // never referenced
    throw;
  }
  return w.meta;
}

void ObjectStore::commit_locked(const std::string& bucket, const std::string& key, Written& w,
                                const WriteOptions& options) {
  std::shared_lock bucket_guard(bucket_lock(bucket));
  require_bucket(bucket);
  std::lock_guard guard(key_lock(bucket, key));
  std::string okey = object_key(bucket, key);
  auto old_raw = kv_.get(Column::kMeta, okey);
  std::optional<ObjectMeta> old;
  if (old_raw) old = decode_object(*old_raw);
  check_preconditions(old, options);
  auto batch = kv_.batch();
  Effects effects;
  if (old) unreference(batch, okey, *old, effects);
  reference(batch, okey, w, effects);
  batch.put(Column::kMeta, okey, encode(w.meta));
  kv_.write(batch);
  settle(effects);
}

ObjectMeta ObjectStore::put_object(const std::string& bucket, const std::string& key,
                                   core::ByteSource& body, const PayloadChecks& checks,
                                   const WriteOptions& options) {
  require_bucket(bucket);
  if (options.if_none_match_star || options.if_match_etag)
    check_preconditions(head_object(bucket, key), options);
  Written w = write_payload(body, checks, true, kMaxSinglePut);
  return commit_object(bucket, key, w, options);
}

std::optional<ObjectMeta> ObjectStore::head_object(const std::string& bucket,
                                                   const std::string& key) const {
  auto v = kv_.get(Column::kMeta, object_key(bucket, key));
  if (!v) return std::nullopt;
  return decode_object(*v);
}

ObjectData ObjectStore::open_object(const std::string& bucket, const std::string& key) const {
  std::string okey = object_key(bucket, key);
  // A concurrent overwrite may unlink a blob (or the collector remove a pack) between reading the
  // metadata and opening the payload; reading again then sees where it is now.
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto raw = kv_.get(Column::kMeta, okey);
    if (!raw) {
      require_bucket(bucket);
      throw no_such_key(key);
    }
    ObjectData d;
    d.meta = decode_object(*raw);
    if (d.meta.inline_data) {
      // Record and payload are two keys: read both from one snapshot (a RocksDB snapshot takes
      // the database's mutex, so only inline payloads pay for one).
      auto snap = kv_.snapshot();
      raw = snap->get(Column::kMeta, okey);
      if (!raw) continue;
      d.meta = decode_object(*raw);
      if (!d.meta.inline_data) continue;
      auto bytes = snap->get(Column::kData, okey);
      if (!bytes) core::throw_internal("inline payload missing for " + key);
      d.inline_bytes = std::move(*bytes);
      return d;
    }
    if (d.meta.packed) {
      auto bytes = packs_.read(*d.meta.packed);
      if (!bytes) continue;  // its pack was collected after the record moved: read it again
      d.inline_bytes = std::move(*bytes);
      return d;
    }
    bool ok = true;
    for (const auto& b : d.meta.blobs) {
      int fd = blobs_.open(b.blob);
      if (fd < 0) {
        ok = false;
        break;
      }
      d.segments.push_back({fd, b.size});
    }
    if (ok) return d;
  }
  core::throw_internal("object payload missing for " + key);
}

bool ObjectStore::delete_object(const std::string& bucket, const std::string& key) {
  std::shared_lock bucket_guard(bucket_lock(bucket));
  require_bucket(bucket);
  std::lock_guard guard(key_lock(bucket, key));
  std::string okey = object_key(bucket, key);
  auto raw = kv_.get(Column::kMeta, okey);
  if (!raw) return false;
  ObjectMeta old = decode_object(*raw);
  auto batch = kv_.batch();
  Effects effects;
  unreference(batch, okey, old, effects);
  batch.del(Column::kMeta, okey);
  kv_.write(batch);
  settle(effects);
  return true;
}

ObjectMeta ObjectStore::copy_object(const std::string& src_bucket, const std::string& src_key,
                                    const std::string& dst_bucket, const std::string& dst_key,
                                    const WriteOptions& options) {
  require_bucket(dst_bucket);
  ObjectData src = open_object(src_bucket, src_key);
  Written w;
  w.meta.size = src.meta.size;
  w.meta.etag = src.meta.etag;
  w.meta.checksum = src.meta.checksum;
  if (src.buffered()) {
    place_small(w, std::move(src.inline_bytes));
  } else {
    try {
      for (const auto& b : src.meta.blobs) w.meta.blobs.push_back({blobs_.clone(b.blob), b.size});
    } catch (...) {
      for (const auto& b : w.meta.blobs) blobs_.remove(b.blob);
      throw;
    }
  }
  return commit_object(dst_bucket, dst_key, w, options);
}

void ObjectStore::set_tags(const std::string& bucket, const std::string& key,
                           std::map<std::string, std::string> tags) {
  std::shared_lock bucket_guard(bucket_lock(bucket));
  require_bucket(bucket);
  std::lock_guard guard(key_lock(bucket, key));
  std::string okey = object_key(bucket, key);
  auto raw = kv_.get(Column::kMeta, okey);
  if (!raw) throw no_such_key(key);
  ObjectMeta m = decode_object(*raw);
  m.tags = std::move(tags);
  auto batch = kv_.batch();
  batch.put(Column::kMeta, okey, encode(m));
  kv_.write(batch);
}

ListResult ObjectStore::list_objects(const std::string& bucket, const ListParams& p) const {
  require_bucket(bucket);
  ListResult r;
  if (p.max_keys <= 0) return r;
  const std::string base = object_prefix(bucket);
  const std::string scope = base + p.prefix;
  std::string start = scope;
  if (!p.start_after.empty() && base + p.start_after >= start) start = base + p.start_after + '\0';
  auto it = kv_.scan(Column::kMeta, start, storage::prefix_end(scope));
  int count = 0;
  while (it.valid()) {
    ++r.visited;
    std::string_view full = it.key();
    std::string_view rest = full.substr(scope.size());
    if (!p.delimiter.empty()) {
      size_t d = rest.find(p.delimiter);
      if (d != std::string_view::npos) {
        std::string cp = p.prefix + std::string(rest.substr(0, d + p.delimiter.size()));
        // Everything under this common prefix is one entry: seek past it (a page costs its
        // entries, not the keys they summarize).
        std::string next = storage::prefix_end(base + cp);
        if (cp > p.start_after) {
          if (count == p.max_keys) {
            r.truncated = true;
            break;
          }
          r.common_prefixes.push_back(cp);
          r.last = cp;
          ++count;
        }
        if (next.empty()) break;
        it.seek(next);
        continue;
      }
    }
    if (count == p.max_keys) {
      r.truncated = true;
      break;
    }
    std::string key(full.substr(base.size()));
    r.objects.push_back({key, decode_object(it.value())});
    r.last = key;
    ++count;
    it.next();
  }
  return r;
}

// ---- multipart ----

UploadInfo ObjectStore::create_upload(const std::string& bucket, const std::string& key,
                                      const WriteOptions& options,
                                      const std::string& checksum_algorithm,
                                      const std::string& checksum_type) {
  require_bucket(bucket);
  UploadInfo u;
  // Time-ordered ids list uploads of one key in initiation order, as S3 does.
  char ts[20];
  std::snprintf(ts, sizeof ts, "%012llx", static_cast<unsigned long long>(core::now_millis()));
  u.upload_id = std::string(ts) + core::random_hex(12);
  u.bucket = bucket;
  u.key = key;
  u.owner = options.owner;
  u.initiated_ms = core::now_millis();
  u.headers = options.headers;
  u.user_meta = options.user_meta;
  u.tags = options.tags;
  u.checksum_algorithm = checksum_algorithm;
  u.checksum_type = checksum_type;
  std::shared_lock bucket_guard(bucket_lock(bucket));
  require_bucket(bucket);
  auto batch = kv_.batch();
  batch.put(Column::kMeta, upload_key(bucket, key, u.upload_id), encode(u));
  kv_.write(batch);
  return u;
}

UploadInfo ObjectStore::get_upload(const std::string& bucket, const std::string& key,
                                   const std::string& id) const {
  require_bucket(bucket);
  auto raw = kv_.get(Column::kMeta, upload_key(bucket, key, id));
  if (!raw) throw no_such_upload(id);
  return decode_upload(*raw);
}

PartInfo ObjectStore::upload_part(const UploadInfo& upload, int number, core::ByteSource& body,
                                  const PayloadChecks& checks) {
  Written w = write_payload(body, checks, false, kMaxSinglePut);
  PartInfo part{
      number,         w.meta.size, w.meta.etag, core::now_millis(), w.meta.blobs.at(0).blob,
      w.meta.checksum};
  std::lock_guard guard(key_lock(upload.bucket, upload.key));
  auto batch = kv_.batch();
  Effects effects;
  std::string pkey = part_key(upload.upload_id, number);
  if (!kv_.get(Column::kMeta, upload_key(upload.bucket, upload.key, upload.upload_id))) {
    blobs_.remove(part.blob);
    throw no_such_upload(upload.upload_id);
  }
  if (auto old = kv_.get(Column::kMeta, pkey)) discard(batch, decode_part(*old).blob, effects);
  adopt(batch, part.blob, effects);
  batch.put(Column::kMeta, pkey, encode(part));
  kv_.write(batch);
  settle(effects);
  return part;
}

std::vector<PartInfo> ObjectStore::list_parts(const UploadInfo& upload, int marker, int max_parts,
                                              bool& truncated) const {
  std::vector<PartInfo> out;
  truncated = false;
  std::string pp = part_prefix(upload.upload_id);
  for (auto it =
           kv_.scan(Column::kMeta, part_key(upload.upload_id, marker + 1), storage::prefix_end(pp));
       it.valid(); it.next()) {
    if (static_cast<int>(out.size()) == max_parts) {
      truncated = true;
      break;
    }
    out.push_back(decode_part(it.value()));
  }
  return out;
}

ObjectMeta ObjectStore::complete_upload(const UploadInfo& upload,
                                        const std::vector<CompletedPart>& parts,
                                        const std::optional<std::string>& if_none_match,
                                        const std::optional<std::string>& expected_checksum) {
  if (parts.empty()) throw s3_error("MalformedXML", "You must specify at least one part");
  std::shared_lock bucket_guard(bucket_lock(upload.bucket));
  require_bucket(upload.bucket);
  std::lock_guard guard(key_lock(upload.bucket, upload.key));
  std::string ukey = upload_key(upload.bucket, upload.key, upload.upload_id);
  if (!kv_.get(Column::kMeta, ukey)) throw no_such_upload(upload.upload_id);

  std::map<int, PartInfo> stored;
  std::string pp = part_prefix(upload.upload_id);
  for (auto it = kv_.scan(Column::kMeta, pp, storage::prefix_end(pp)); it.valid(); it.next()) {
    PartInfo p = decode_part(it.value());
    stored.emplace(p.number, std::move(p));
  }
  ObjectMeta m;
  std::string md5s;
  std::vector<std::pair<std::string, uint64_t>> part_checksums;  // base64 value, part size
  int previous = 0;
  // Every listed part must exist with its ETag, in ascending order, before sizes are judged.
  for (const auto& want : parts) {
    if (want.number <= previous)
      throw s3_error("InvalidPartOrder").with("UploadId", upload.upload_id);
    previous = want.number;
    auto it = stored.find(want.number);
    if (it == stored.end() || it->second.etag != want.etag ||
        (!want.checksum.empty() && want.checksum != it->second.checksum.value))
      throw s3_error("InvalidPart")
          .with("UploadId", upload.upload_id)
          .with("PartNumber", std::to_string(want.number));
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    const PartInfo& p = stored.at(parts[i].number);
    if (i + 1 < parts.size() && p.size < kMinPartSize)
      throw s3_error("EntityTooSmall")
          .with("ProposedSize", std::to_string(p.size))
          .with("MinSizeAllowed", std::to_string(kMinPartSize))
          .with("PartNumber", std::to_string(p.number))
          .with("ETag", p.etag);
    md5s += core::from_hex(p.etag).value_or("");
    m.size += p.size;
    m.blobs.push_back({p.blob, p.size});
    part_checksums.emplace_back(p.checksum.value, p.size);
  }
  std::optional<ObjectMeta> old;
  std::string okey = object_key(upload.bucket, upload.key);
  if (auto raw = kv_.get(Column::kMeta, okey)) old = decode_object(*raw);
  if (if_none_match && old) throw s3_error("PreconditionFailed").with("Condition", "If-None-Match");

  m.etag =
      core::to_hex(core::digest(core::HashKind::kMd5, md5s)) + "-" + std::to_string(parts.size());
  m.mtime_ms = core::now_millis();
  m.owner = upload.owner;
  m.headers = upload.headers;
  m.user_meta = upload.user_meta;
  m.tags = upload.tags;
  if (auto alg = parse_checksum_algorithm(upload.checksum_algorithm);
      alg && std::all_of(part_checksums.begin(), part_checksums.end(),
                         [](const auto& c) { return !c.first.empty(); })) {
    if (upload.checksum_type == "FULL_OBJECT") {
      m.checksum = {checksum_name(*alg), full_object_checksum(*alg, part_checksums), "FULL_OBJECT"};
    } else {
      std::vector<std::string> values;
      for (const auto& c : part_checksums) values.push_back(c.first);
      m.checksum = {checksum_name(*alg), composite_checksum(*alg, values), "COMPOSITE"};
    }
  }
  if (expected_checksum &&
      (m.checksum.value.empty() ||
       (*expected_checksum != m.checksum.value &&
        *expected_checksum != m.checksum.value.substr(0, m.checksum.value.find('-')))))
    throw s3_error("BadDigest", "The " + upload.checksum_algorithm +
                                    " you specified did not match the calculated checksum.");

  auto batch = kv_.batch();
  Effects effects;
  if (old) unreference(batch, okey, *old, effects);
  std::map<int, bool> used;
  for (const auto& p : parts) used[p.number] = true;
  for (const auto& [n, p] : stored) {
    batch.del(Column::kMeta, part_key(upload.upload_id, n));
    if (!used.count(n)) discard(batch, p.blob, effects);
  }
  batch.del(Column::kMeta, ukey);
  batch.put(Column::kMeta, okey, encode(m));
  kv_.write(batch);
  settle(effects);
  return m;
}

void ObjectStore::abort_upload(const UploadInfo& upload) {
  std::lock_guard guard(key_lock(upload.bucket, upload.key));
  std::string ukey = upload_key(upload.bucket, upload.key, upload.upload_id);
  if (!kv_.get(Column::kMeta, ukey)) throw no_such_upload(upload.upload_id);
  auto batch = kv_.batch();
  Effects effects;
  std::string pp = part_prefix(upload.upload_id);
  for (auto it = kv_.scan(Column::kMeta, pp, storage::prefix_end(pp)); it.valid(); it.next()) {
    discard(batch, decode_part(it.value()).blob, effects);
    batch.del(Column::kMeta, it.key());
  }
  batch.del(Column::kMeta, ukey);
  kv_.write(batch);
  settle(effects);
}

UploadListing ObjectStore::list_uploads(const std::string& bucket, const std::string& prefix,
                                        const std::string& delimiter, const std::string& key_marker,
                                        const std::string& upload_id_marker,
                                        int max_uploads) const {
  require_bucket(bucket);
  UploadListing r;
  const std::string base = upload_prefix(bucket);
  const std::string scope = base + prefix;
  std::string start = scope;
  if (!key_marker.empty()) {
    // Uploads of key_marker after upload_id_marker, or (without an id marker) keys after it.
    std::string from = upload_id_marker.empty()
                           ? base + key_marker + '\x01'
                           : base + key_marker + '\0' + upload_id_marker + '\0';
    if (from > start) start = from;
  }
  int count = 0;
  for (auto it = kv_.scan(Column::kMeta, start, storage::prefix_end(scope)); it.valid();) {
    std::string_view full = it.key();
    std::string_view keypart = full.substr(base.size());
    std::string key(keypart.substr(0, keypart.find('\0')));
    if (!delimiter.empty()) {
      size_t d = key.find(delimiter, prefix.size());
      if (d != std::string::npos) {
        std::string cp = key.substr(0, d + delimiter.size());
        if (count == max_uploads) {
          r.truncated = true;
          break;
        }
        r.common_prefixes.push_back(cp);
        r.next_key_marker = cp;
        r.next_upload_id_marker.clear();
        ++count;
        std::string next = storage::prefix_end(base + cp);
        if (next.empty()) break;
        it.seek(next);
        continue;
      }
    }
    if (count == max_uploads) {
      r.truncated = true;
      break;
    }
    UploadInfo u = decode_upload(it.value());
    r.next_key_marker = u.key;
    r.next_upload_id_marker = u.upload_id;
    r.uploads.push_back(std::move(u));
    ++count;
    it.next();
  }
  return r;
}

}  // namespace wharf::s3
