// The search sink: rows become documents of an embedded search index (SearchService,
// in-process, no HTTP).
//   sinks: {products: {index: products, id: product_id, mode: replace, mappings: {...}}}
// upsert: documents are indexed (or deleted, with delete_when) by the `id` field; append: ids are
// generated; replace: a fresh index `<index>-<run>` is loaded and the name `<index>` is swapped
// to it as an alias on publish (the indices it named before are deleted), so searches see the
// old documents or the new ones, never a half-loaded index.
#include <boost/json.hpp>
#include <regex>

#include "core/json_codec.h"
#include "core/encoding.h"
#include "pipeline/sink.h"
#include "pipeline/spill_file.h"
#include "pipeline/yaml_value.h"
#include "search/search_index.h"
#include "search/search_service.h"

namespace wharf::pipeline {
namespace {

class SearchSink : public Sink {
 public:
  SearchSink(SinkCommon c, const SpecNode& spec, const Services& s, const SinkRun& run)
      : Sink(std::move(c)), service_(s.search), spill_(run.dir + "/docs.spill") {
    spec.allow_keys({"index", "id", "mode", "when", "delete_when", "mappings"});
    index_ = spec.string("index");
    if (!service_) spec.fail("search sinks need the embedded search service (run with --data)");
    search::SearchService::validate_name(index_);
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

  std::string describe() const override { return "index " + index_; }

  void write(const Batch& b) override { stage(b, 'u'); }
  void remove(const Batch& b) override { stage(b, 'd'); }

  void publish(const PublishContext& ctx) override {
    std::shared_ptr<search::SearchIndex> idx;
    std::string target;
    if (common().mode == WriteMode::kReplace) {
      remove_orphans();
      target = index_ + "-" + core::to_lower(ctx.run_id);
      search::IndexMeta meta;
      meta.name = target;
      idx = service_->create(std::move(meta), mapping_for_new());
    } else if (!(idx = service_->find(index_))) {
      search::IndexMeta meta;
      meta.name = index_;
      try {
        idx = service_->create(std::move(meta), mapping_for_new());
      } catch (const core::Error& e) {
        if (e.code() != "resource_already_exists_exception") throw;
        idx = service_->get(index_);
      }
    }
    spill_.for_each([&](char kind, core::Map& doc) {
      std::string id = id_field_.empty() ? std::string() : id_of(doc);
      if (kind == 'd') {
        if (idx->remove(id, {}).result == "deleted") ++deleted_;
        return;
      }
      std::string text = core::to_json(core::Value(std::move(doc)));
      idx->index(id, text, boost::json::parse(text).as_object(), {});
      ++rows_;
    });
    idx->refresh();
    if (!target.empty()) service_->swap_alias(index_, target);
    spill_.remove();
  }

  void abort() noexcept override { spill_.remove(); }

 private:
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
    for (auto& idx : service_->all()) {
      const std::string& n = idx->name();
      if (n.size() > index_.size() && n.starts_with(index_) &&
          std::regex_match(n.substr(index_.size()), kRunSuffix) && !idx->meta().aliases.count(index_))
        service_->remove(n);
    }
  }

  std::string id_of(const core::Map& doc) const {
    const auto& v = doc.at(id_field_);
    return v.is<std::string>() ? v.as<std::string>() : v.as<core::Decimal>().to_string();
  }

  // The mapping a new index gets: the spec's, else the one of the index it replaces.
  search::Mapping mapping_for_new() const {
    if (!mappings_.is_null()) return search::Mapping::parse(mappings_);
    if (auto old = service_->find(index_)) return search::Mapping::parse(old->mapping()->to_json());
    return search::Mapping();
  }

  search::SearchService* service_;
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
