// The search sink: rows become documents of an index: of the embedded search service
// (in-process, no HTTP), or with `endpoint:` (or `wharf run --search-endpoint`) of any
// Elasticsearch-compatible endpoint (`_bulk`).
//   sinks: {products: {index: products, id: product_id, mode: replace, mappings: {...}}}
// upsert: documents are indexed (or deleted, with delete_when) by the `id` field; append: ids are
// generated; replace: a fresh index `<index>-<run>` is loaded and the name `<index>` is swapped
// to it as an alias on publish (the indices it named before are deleted), so searches see the
// old documents or the new ones, never a half-loaded index.
#include <boost/json.hpp>
#include <regex>

#include "core/encoding.h"
#include "core/json_codec.h"
#include "pipeline/search_connection.h"
#include "pipeline/sink.h"
#include "pipeline/spill_file.h"
#include "pipeline/yaml_value.h"
#include "search/mapping.h"
#include "search/search_service.h"

namespace wharf::pipeline {
namespace {

class SearchSink : public Sink {
 public:
  SearchSink(SinkCommon c, const SpecNode& spec, const Services& s, const SinkRun& run)
      : Sink(std::move(c)), spill_(run.dir + "/docs.spill") {
    std::vector<const char*> allowed{"index", "id", "mode", "when", "delete_when", "mappings"};
    allowed.insert(allowed.end(), std::begin(kRemoteSearchKeys), std::end(kRemoteSearchKeys));
    spec.allow_keys(allowed);
    index_ = spec.string("index");
    search::SearchService::validate_name(index_);
    engine_ = open_search_connection(spec, s);
    engine_->mappings(index_);  // an endpoint that cannot be reached fails the run before data moves
    id_field_ = spec.string_or("id", "");
    if (id_field_.empty() && common().mode != WriteMode::kAppend)
      spec.fail("give `id: <field>` (the document id) or mode: append (generated ids)");
    if (auto m = spec.get("mappings")) {
      mappings_ = boost::json::parse(core::to_json(yaml_to_value(*m)));
      try {
        search::Mapping::parse(mappings_);
      } catch (const core::Error& e) {
        m->fail(e.what());
      }
    }
  }

  std::string describe() const override { return engine_->describe(index_); }

  void write(const Batch& b) override { stage(b, 'u'); }
  void remove(const Batch& b) override { stage(b, 'd'); }

  void publish(const PublishContext& ctx) override {
    std::string target = index_;
    if (common().mode == WriteMode::kReplace) {
      remove_orphans();
      target = index_ + "-" + core::to_lower(ctx.run_id);
      engine_->create(target, mapping_for_new());
    } else if (!engine_->mappings(index_)) {
      engine_->create(index_, mappings_);
    }
    std::vector<SearchWrite> writes;
    spill_.for_each([&](char kind, core::Map& doc) {
      std::string id = id_field_.empty() ? std::string() : id_of(doc);
      if (kind == 'd') {
        writes.push_back(SearchWrite{true, std::move(id), {}});
      } else {
        writes.push_back(SearchWrite{false, std::move(id), core::to_json(core::Value(std::move(doc)))});
        ++rows_;
      }
      if (writes.size() == kApplyChunk) flush(target, writes);
    });
    flush(target, writes);
    engine_->refresh(target);
    if (target != index_) engine_->swap_alias(index_, target);
    spill_.remove();
  }

  void abort() noexcept override { spill_.remove(); }

 private:
  static constexpr size_t kApplyChunk = 1000;  // documents handed to the engine at a time

  void flush(const std::string& target, std::vector<SearchWrite>& writes) {
    deleted_ += engine_->apply(target, writes);
    writes.clear();
  }

  void stage(const Batch& b, char kind) {
    int slot = id_field_.empty() ? -1 : b.schema->find(id_field_);
    for (const auto& row : b.rows) {
      const auto& id = row.at(slot);
      if (!id_field_.empty() && !(id.is<std::string>() || id.is<core::Decimal>())) {
        reject(b, row, "document id field '" + id_field_ + "' must be a string or number");
        continue;
      }
      if (id.is<std::string>() && (id.as<std::string>().empty() || id.as<std::string>().size() > 512)) {
        reject(b, row, "document id must be 1 to 512 bytes");
        continue;
      }
      spill_.append(kind, row_to_map(*b.schema, row));
    }
  }

  // Indices of earlier replace runs that were killed before their swap: named like this sink's
  // loads and not behind the alias.
  void remove_orphans() {
    static const std::regex kRunSuffix("-[0-9]{8}t[0-9]{6}z-[0-9a-f]{6}");
    for (auto& [name, aliased] : engine_->indices_named(index_ + "-", index_))
      if (!aliased && std::regex_match(name.substr(index_.size()), kRunSuffix)) engine_->remove_index(name);
  }

  std::string id_of(const core::Map& doc) const {
    const auto& v = doc.at(id_field_);
    return v.is<std::string>() ? v.as<std::string>() : v.as<core::Decimal>().to_string();
  }

  // The mappings a new index gets: the spec's, else those of the index it replaces.
  boost::json::value mapping_for_new() {
    if (!mappings_.is_null()) return mappings_;
    if (auto old = engine_->mappings(index_)) return *old;
    return nullptr;
  }

  std::unique_ptr<SearchConnection> engine_;
  std::string index_, id_field_;
  boost::json::value mappings_;
  SpillFile spill_;
};

}  // namespace

std::unique_ptr<Sink> make_search_sink(SinkCommon c, const SpecNode& spec, const Services& s,
                                       const SinkRun& run) {
  return std::make_unique<SearchSink>(std::move(c), spec, s, run);
}

}  // namespace wharf::pipeline
