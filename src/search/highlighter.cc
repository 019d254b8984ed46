#include "search/highlighter.h"

#include <algorithm>

namespace wharf::search {

namespace {

// Byte offsets where a sentence ends (after ". ", "! ", "? ", a newline, or CJK full stops).
std::vector<size_t> sentence_ends(const std::string& t) {
  std::vector<size_t> ends;
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if ((c == '.' || c == '!' || c == '?') && (i + 1 == t.size() || t[i + 1] == ' '))
      ends.push_back(i + 1);
    else if (c == '\n')
      ends.push_back(i + 1);
    else if (t.compare(i, 3, "\u3002") == 0 || t.compare(i, 3, "\uff01") == 0 ||
             t.compare(i, 3, "\uff1f") == 0)
      ends.push_back(i + 3);
  }
  ends.push_back(t.size());
  return ends;
}

}  // namespace

std::vector<std::string> highlight_text(const std::string& text, const Analyzer& analyzer,
                                        const std::set<std::string>& terms,
                                        const HighlightOptions& opts) {
  std::vector<std::pair<size_t, size_t>> marks;
  for (const auto& t : analyzer.analyze(text))
    if (terms.count(t.term)) {
      if (!marks.empty() && t.start < marks.back().second) continue;
      marks.emplace_back(t.start, t.end);
    }
  if (marks.empty()) return {};
  auto render = [&](size_t from, size_t to) {
    std::string out;
    size_t pos = from;
    for (const auto& [s, e] : marks) {
      if (e <= from || s >= to) continue;
      out.append(text, pos, s - pos);
      out += opts.pre_tag;
      out.append(text, s, e - s);
      out += opts.post_tag;
      pos = e;
    }
    out.append(text, pos, to - pos);
    // Trim the whitespace left at a sentence boundary.
    size_t b = out.find_first_not_of(" \n\t");
    size_t e = out.find_last_not_of(" \n\t");
    return b == std::string::npos ? std::string() : out.substr(b, e - b + 1);
  };
  if (opts.number_of_fragments == 0 || text.size() <= opts.fragment_size) return {render(0, text.size())};
  // Passages: sentences, merged while they fit the fragment size, split at spaces when a
  // sentence alone is longer.
  std::vector<std::pair<size_t, size_t>> passages;
  size_t start = 0;
  for (size_t end : sentence_ends(text)) {
    if (end <= start) continue;
    while (end - start > opts.fragment_size * 2) {
      size_t cut = text.rfind(' ', start + opts.fragment_size);
      if (cut == std::string::npos || cut <= start) cut = start + opts.fragment_size;
      while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) ++cut;
      passages.emplace_back(start, cut);
      start = cut;
    }
    if (!passages.empty() && passages.back().second == start &&
        end - passages.back().first <= opts.fragment_size)
      passages.back().second = end;
    else
      passages.emplace_back(start, end);
    start = end;
  }
  std::vector<std::string> out;
  for (const auto& passage : passages) {
    size_t s = passage.first, e = passage.second;
    bool hit = std::any_of(marks.begin(), marks.end(), [s, e](const auto& m) {
      return m.first >= s && m.second <= e;
    });
    if (!hit) continue;
    out.push_back(render(s, e));
    if (out.size() >= opts.number_of_fragments) break;
  }
  return out;
}

}  // namespace wharf::search
