#include "search/explanation.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "search/searcher.h"

namespace wharf::search {

namespace json = boost::json;

namespace {

json::value node(double value, std::string description, json::array details = {}) {
  return json::object{{"value", score_json(value)},
                      {"description", std::move(description)},
                      {"details", std::move(details)}};
}

json::value count_node(uint64_t value, std::string description) {
  return json::object{{"value", value},
                      {"description", std::move(description)},
                      {"details", json::array()}};
}

}  // namespace

json::value explain_document(const Xapian::Database& db, Xapian::docid did, double score,
                             const std::vector<ScoringLeaf>& leaves,
                             const std::map<uint32_t, FieldStats>&) {
  json::array matched;
  double sum = 0;
  for (const auto& leaf : leaves) {
    std::unique_ptr<Bm25Source> src(static_cast<Bm25Source*>(leaf.source->clone()));
    src->init(db);
    src->skip_to(did, 0);
    if (src->at_end() || src->get_docid() != did) continue;
    const Bm25Params& p = src->params();
    float freq = src->freq();
    uint8_t norm = src->norm();
    float leaf_score = p.score(freq, norm);
    sum += leaf_score;
    float dl = static_cast<float>(byte4_to_int(norm));
    float inv = 1.0f / (kK1 * ((1 - kB) + kB * dl / p.avgdl));
    float tf = 1.0f - 1.0f / (1 + freq * inv);
    float boost = p.idf == 0 ? 0 : p.weight / p.idf;
    uint64_t n = src->doc_freq();
    // N back from idf: the compiler used the field's document count.
    json::array tf_details{
        node(freq, leaf.label.find('"') != std::string::npos
                       ? fmt::format("phraseFreq={:.1f}", freq)
                       : "freq, occurrences of term within document"),
        node(kK1, "k1, term saturation parameter"), node(kB, "b, length normalization parameter"),
        node(dl, norm > 39 ? "dl, length of field (approximate)" : "dl, length of field"),
        node(p.avgdl, "avgdl, average length of field")};
    double doc_count = std::round((std::exp(static_cast<double>(p.idf)) - 1) * (n + 0.5) + n - 0.5);
    json::array idf_details{count_node(n, "n, number of documents containing term"),
                            count_node(static_cast<uint64_t>(std::max(0.0, doc_count)),
                                       "N, total number of documents with field")};
    json::array score_details{
        node(boost, "boost"),
        node(p.idf, "idf, computed as log(1 + (N - n + 0.5) / (n + 0.5)) from:",
             std::move(idf_details)),
        node(tf, "tf, computed as freq / (freq + k1 * (1 - b + b * dl / avgdl)) from:",
             std::move(tf_details))};
    json::array weight_details{
        node(leaf_score, fmt::format("score(freq={:.1f}), computed as boost * idf * tf from:", freq),
             std::move(score_details))};
    matched.push_back(node(leaf_score,
                           fmt::format("weight({} in {}) [PerFieldSimilarity], result of:",
                                       leaf.label, did - 1),
                           std::move(weight_details)));
  }
  if (matched.size() == 1 && std::abs(sum - score) < 1e-6 * std::max(1.0, std::abs(score)))
    return matched[0];
  if (matched.empty()) return node(score, "ConstantScore", {});
  return node(score, "sum of:", std::move(matched));
}

}  // namespace wharf::search
