"""BM25 relevance exactly as Elasticsearch 7.17 computes it, and durability of the search indices.

Scores are recomputed here, independently, the way ES 7.17 / Lucene 8.11 do it:

* ES 7 uses LegacyBM25Similarity: Lucene 8's BM25Similarity (which dropped the (k1 + 1) factor)
  scored with boost * (1 + k1), so a term's score is
      weight = boost * (1 + k1) * idf                          (float)
      score  = weight - weight / (1 + freq * normInverse)      (float; == weight * freq / (freq + norm))
      normInverse = 1 / (k1 * ((1 - b) + b * dl / avgdl))      (float, per norm byte)
* idf = (float) ln(1 + (docCount - df + 0.5) / (df + 0.5))    (computed in double, then rounded)
* avgdl = (float) (sumTotalTermFreq / (double) docCount)       (over the field, in the shard)
* dl is the field's token count stored in one byte by SmallFloat.intToByte4 and read back with
  byte4ToInt: exact up to 39 tokens, lossy above (41 -> 40, 57 -> 56, 75 -> 72, ...)
* a query of several terms scores the sum of the terms' scores, added in double, then rounded
  to float.

Every step that Java does in float is rounded to float32 here (struct pack/unpack)."""

import math
import struct

from search_helpers import drop, expect_error, hit_ids, load, make_index, total, wait_search_ready

# ---------------------------------------------------------------------------
# Lucene arithmetic


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def long_to_int4(i):
    """SmallFloat.longToInt4: float-like encoding keeping 4 significant bits."""
    assert i >= 0
    num_bits = i.bit_length()
    if num_bits < 4:
        return i                                  # subnormal
    shift = num_bits - 4
    encoded = (i >> shift) & 0x07                 # drop the implicit leading bit
    encoded |= (shift + 1) << 3                   # 0 is reserved for subnormal values
    return encoded


def int4_to_long(i):
    bits = i & 0x07
    shift = (i >> 3) - 1
    if shift == -1:
        return bits
    return (bits | 0x08) << shift


MAX_INT4 = long_to_int4(2 ** 31 - 1)
NUM_FREE_VALUES = 255 - MAX_INT4


def int_to_byte4(i):
    """SmallFloat.intToByte4 (as an unsigned byte value)."""
    assert i >= 0
    if i < NUM_FREE_VALUES:
        return i
    return NUM_FREE_VALUES + long_to_int4(i - NUM_FREE_VALUES)


def byte4_to_int(b):
    if b < NUM_FREE_VALUES:
        return b
    return NUM_FREE_VALUES + int4_to_long(b - NUM_FREE_VALUES)


K1 = f32(1.2)
B = f32(0.75)


def bm25_idf(df, doc_count):
    return f32(math.log(1 + (doc_count - df + 0.5) / (df + 0.5)))


def bm25_avgdl(sum_total_term_freq, doc_count):
    return f32(sum_total_term_freq / float(doc_count))


def bm25_norm_inverse(norm_byte, avgdl, exact_length=None):
    """cache[i] = 1f / (k1 * ((1 - b) + b * LENGTH_TABLE[i] / avgdl)), float at every step.
    exact_length bypasses the one-byte encoding (what a scorer without Lucene's norms would do)."""
    length = float(byte4_to_int(norm_byte) if exact_length is None else exact_length)
    x = f32(B * length)
    x = f32(x / avgdl)
    x = f32(f32(1 - B) + x)
    x = f32(K1 * x)
    return f32(1.0 / x)


def bm25_term_score(freq, dl, df, doc_count, avgdl, boost=1.0, quantise=True):
    legacy_boost = f32(f32(boost) * f32(1 + K1))     # LegacyBM25Similarity: boost * (1 + k1)
    weight = f32(legacy_boost * bm25_idf(df, doc_count))
    norm_inverse = bm25_norm_inverse(int_to_byte4(dl), avgdl, None if quantise else dl)
    return f32(weight - f32(weight / f32(1 + f32(float(freq) * norm_inverse))))


class FieldStats(object):
    """Per-field statistics of a corpus tokenized like the standard analyzer does for plain
    lower-case ASCII words separated by single spaces (which is all the corpus below contains)."""

    def __init__(self, docs, field):
        self.tokens = {}
        for doc_id, src in docs:
            if field in src:
                self.tokens[doc_id] = src[field].lower().split()
        self.doc_count = len(self.tokens)
        self.sum_ttf = sum(len(t) for t in self.tokens.values())
        self.avgdl = bm25_avgdl(self.sum_ttf, self.doc_count)

    def df(self, term):
        return sum(1 for t in self.tokens.values() if term in t)

    def score(self, doc_id, terms):
        """Sum over the query terms (in double), then float, as a BooleanQuery of SHOULD clauses."""
        toks = self.tokens.get(doc_id)
        if not toks:
            return None
        total_score, matched = 0.0, False
        for term in terms:
            freq = toks.count(term)
            if freq == 0:
                continue
            matched = True
            total_score += bm25_term_score(freq, len(toks), self.df(term), self.doc_count, self.avgdl)
        return f32(total_score) if matched else None


# ---------------------------------------------------------------------------
# the corpus: 12 documents, `title` and `body`, lower-case words only

FILLER = ("alpha bravo charlie delta echo golf hotel india juliet kilo lima mike november oscar papa romeo "
          "sierra tango uniform victor whiskey xray yankee zulu").split()


def _filler(n, start=0):
    return [FILLER[(start + i) % len(FILLER)] for i in range(n)]


def _words(*parts):
    out = []
    for p in parts:
        out.extend(p.split() if isinstance(p, str) else p)
    return " ".join(out)


CORPUS = [
    ("d1", {"title": "quick brown fox", "body": "the quick brown fox jumps over the lazy dog"}),
    ("d2", {"title": "lazy dog", "body": "the lazy dog sleeps all day long"}),
    ("d3", {"title": "quick quick fox", "body": "fox fox fox runs quick"}),
    ("d4", {"title": "search engines", "body": "a search engine indexes documents so that search is fast"}),
    ("d5", {"title": "lucene in action", "body": "lucene is a search library and lucene powers many search engines"}),
    # 41 tokens: stored as 40
    ("d6", {"title": "fox news", "body": _words("fox", _filler(39), "fox")}),
    # 57 tokens: stored as 56
    ("d7", {"title": "the hound", "body": _words(_filler(20), "quick fox", _filler(30, 5), "hound hound hound",
                                                 _filler(2, 9))}),
    # 75 tokens: stored as 72
    ("d8", {"title": "brown bread", "body": _words("brown", _filler(20, 1), "brown", _filler(20, 2), "brown fox",
                                                   _filler(30, 3), "brown")}),
    # a 45-token title: stored as 44
    ("d9", {"title": _words("quick brown fox", _filler(42, 4)), "body": "short body about a dog"}),
    ("d10", {"title": "elastic search", "body": "elasticsearch is built on lucene"}),
    ("d11", {"title": "dog days", "body": "hot dog days of summer dog"}),
    ("d12", {"title": "fox", "body": "fox"}),
]
ORDER = {doc_id: i for i, (doc_id, _) in enumerate(CORPUS)}

QUERIES = [
    ("body", "fox"),
    ("body", "quick fox"),
    ("body", "lazy dog"),
    ("body", "brown"),
    ("body", "search engine"),
    ("body", "hound"),
    ("body", "lucene fox dog"),
    ("title", "quick brown fox"),
    ("title", "fox"),
    ("title", "dog"),
    ("title", "lucene search"),
]


def _corpus_index(ctx):
    idx = make_index(ctx, "bm25", {"mappings": {"properties": {"title": {"type": "text"},
                                                               "body": {"type": "text"}}}})
    load(ctx, idx, dict(CORPUS))
    return idx


def _close(a, b, rel=1e-5):
    return abs(a - b) <= rel * max(abs(a), abs(b))


def _expected(field, text):
    stats = FieldStats(CORPUS, field)
    terms = text.split()
    want = {}
    for doc_id, _ in CORPUS:
        s = stats.score(doc_id, terms)
        if s is not None:
            want[doc_id] = s
    return want


def _check_query(ctx, idx, field, text):
    want = _expected(field, text)
    res = ctx.es.search(index=idx, body={"query": {"match": {field: text}}, "size": 50})
    got = {h["_id"]: h["_score"] for h in res["hits"]["hits"]}
    where = "match %s:%r" % (field, text)
    assert set(got) == set(want), "%s: hits %s, expected %s" % (where, sorted(got), sorted(want))
    assert total(res) == len(want), (where, res["hits"]["total"])
    for doc_id, score in want.items():
        assert _close(got[doc_id], score), "%s: %s scored %r, BM25 gives %r" % (where, doc_id, got[doc_id], score)
    # ranking: by score, exact float ties in index order
    expected_order = sorted(want, key=lambda d: (-want[d], ORDER[d]))
    actual = hit_ids(res)
    for rank, (a, w) in enumerate(zip(actual[:10], expected_order[:10])):
        if a != w:
            assert want[a] != want[w] and _close(want[a], want[w]), (
                "%s: rank %d is %s (%r), expected %s (%r); order %s vs %s"
                % (where, rank, a, want[a], w, want[w], actual, expected_order))
    assert _close(res["hits"]["max_score"], want[expected_order[0]]), (where, res["hits"]["max_score"])
    return res


# ---------------------------------------------------------------------------
# the model itself

def test_smallfloat_length_quantisation(ctx):
    assert NUM_FREE_VALUES == 24 and MAX_INT4 == 231
    # exact up to 39 tokens (norm bytes up to 39), approximate (rounded down) above
    for n in range(0, 40):
        assert byte4_to_int(int_to_byte4(n)) == n, n
    assert [byte4_to_int(int_to_byte4(n)) for n in (40, 41, 45, 57, 75, 100, 1000)] == [40, 40, 44, 56, 72, 96, 984]
    assert int_to_byte4(2 ** 31 - 1) == 255
    prev = -1
    for b in range(256):
        v = byte4_to_int(b)
        assert v > prev, (b, v)                # the decode table is strictly increasing
        assert int_to_byte4(v) == b, (b, v)    # and every decoded value encodes back to its byte
        prev = v
    # the corpus really exercises the lossy range
    lengths = sorted(len(src["body"].split()) for _, src in CORPUS)
    assert {41, 57, 75} <= set(lengths), lengths
    assert len(CORPUS[8][1]["title"].split()) == 45


def test_bm25_reference_values(ctx):
    """Hand-checkable values of the model: one document of 1 token among 1 (idf = ln(1 + 0.5/1.5))."""
    idf = bm25_idf(1, 1)
    assert _close(idf, math.log(1 + 0.5 / 1.5), 1e-7), idf
    assert _close(bm25_term_score(1, 1, 1, 1, 1.0), 2.2 * idf * 1 / (1 + 1.2), 1e-6)
    # tf saturation and the length penalty
    assert bm25_term_score(2, 10, 1, 10, 10.0) > bm25_term_score(1, 10, 1, 10, 10.0)
    assert bm25_term_score(1, 5, 1, 10, 10.0) > bm25_term_score(1, 20, 1, 10, 10.0)
    # lossy norms: 56 and 57 tokens score the same, 55 differently
    assert bm25_term_score(1, 56, 1, 10, 20.0) == bm25_term_score(1, 57, 1, 10, 20.0)
    assert bm25_term_score(1, 55, 1, 10, 20.0) != bm25_term_score(1, 56, 1, 10, 20.0)


# ---------------------------------------------------------------------------
# against the server

def test_bm25_single_term_scores(ctx):
    idx = _corpus_index(ctx)
    try:
        for field, text in QUERIES:
            if " " not in text:
                _check_query(ctx, idx, field, text)
    finally:
        drop(ctx, idx)


def test_bm25_multi_term_scores_are_sums(ctx):
    idx = _corpus_index(ctx)
    try:
        for field, text in QUERIES:
            if " " in text:
                _check_query(ctx, idx, field, text)
    finally:
        drop(ctx, idx)


def test_bm25_long_fields_use_quantised_length(ctx):
    """d6 (41 tokens) is scored as if 40 long, d7 (57) as 56, d8 (75) as 72: computing with the
    true lengths would give different scores."""
    idx = _corpus_index(ctx)
    try:
        res = _check_query(ctx, idx, "body", "fox")
        got = {h["_id"]: h["_score"] for h in res["hits"]["hits"]}
        stats = FieldStats(CORPUS, "body")
        df = stats.df("fox")
        for doc_id, true_len, freq in (("d6", 41, 2), ("d7", 57, 1), ("d8", 75, 1)):
            assert len(stats.tokens[doc_id]) == true_len
            exact_len = bm25_term_score(freq, true_len, df, stats.doc_count, stats.avgdl, quantise=False)
            quantised = bm25_term_score(freq, true_len, df, stats.doc_count, stats.avgdl)
            assert exact_len != quantised, doc_id
            assert _close(got[doc_id], quantised) and not _close(got[doc_id], exact_len, 1e-7), (
                doc_id, got[doc_id], quantised, exact_len)
        res = _check_query(ctx, idx, "title", "quick")
        assert "d9" in {h["_id"] for h in res["hits"]["hits"]}, res
    finally:
        drop(ctx, idx)


def test_bm25_explanation_carries_the_statistics(ctx):
    idx = _corpus_index(ctx)
    try:
        stats = FieldStats(CORPUS, "body")
        res = ctx.es.explain(index=idx, id="d6", body={"query": {"match": {"body": "fox"}}})
        assert res["matched"] is True, res
        want = bm25_term_score(2, 41, stats.df("fox"), stats.doc_count, stats.avgdl)
        assert _close(res["explanation"]["value"], want), (res, want)

        nodes = []

        def walk(n):
            nodes.append(n)
            for d in n.get("details", []):
                walk(d)
        walk(res["explanation"])

        def value_of(prefix):
            found = [n["value"] for n in nodes if n["description"].startswith(prefix)]
            assert found, "no %r node in %r" % (prefix, res["explanation"])
            return found[0]
        assert value_of("n, number of documents containing term") == stats.df("fox")
        assert value_of("N, total number of documents with field") == stats.doc_count == 12
        assert value_of("freq, occurrences of term within document") == 2.0
        assert _close(value_of("k1, term saturation parameter"), 1.2)
        assert _close(value_of("b, length normalization parameter"), 0.75)
        assert value_of("dl, length of field") == 40.0
        assert _close(value_of("avgdl, average length of field"), stats.avgdl)
        assert _close(value_of("boost"), 2.2)
        assert _close(value_of("idf, computed as log(1 + (N - n + 0.5) / (n + 0.5)) from:"),
                      bm25_idf(stats.df("fox"), stats.doc_count))
    finally:
        drop(ctx, idx)


def test_bm25_query_boost_scales_scores(ctx):
    idx = _corpus_index(ctx)
    try:
        stats = FieldStats(CORPUS, "title")
        res = ctx.es.search(index=idx, body={"query": {"match": {"title": {"query": "fox", "boost": 3}}}, "size": 20})
        for h in res["hits"]["hits"]:
            toks = stats.tokens[h["_id"]]
            want = bm25_term_score(toks.count("fox"), len(toks), stats.df("fox"), stats.doc_count, stats.avgdl,
                                   boost=3.0)
            assert _close(h["_score"], want), (h, want)
    finally:
        drop(ctx, idx)


def test_bm25_statistics_follow_new_documents(ctx):
    """Adding documents changes docCount, df and avgdl, and so every score."""
    idx = _corpus_index(ctx)
    try:
        extra = [("d13", {"title": "fox", "body": "a fox and a fox and another fox"}),
                 ("d14", {"title": "nothing here", "body": "nothing to see"})]
        load(ctx, idx, dict(extra))
        full = CORPUS + extra
        stats = FieldStats(full, "body")
        res = ctx.es.search(index=idx, body={"query": {"match": {"body": "fox"}}, "size": 50})
        got = {h["_id"]: h["_score"] for h in res["hits"]["hits"]}
        want = {d: stats.score(d, ["fox"]) for d, _ in full if stats.score(d, ["fox"]) is not None}
        assert set(got) == set(want), (got, want)
        for d, s in want.items():
            assert _close(got[d], s), (d, got[d], s)
    finally:
        drop(ctx, idx)


def _shingles(tokens):
    return [tokens[i] + " " + tokens[i + 1] for i in range(len(tokens) - 1)]


def test_index_phrases_scores_shingles_as_elasticsearch(ctx):
    """With index_phrases, ES 7.17 runs an exact phrase as a phrase of its shingles ("a b") in the
    field's hidden `._index_phrase` field: two words are one TermQuery there, scored with that
    field's statistics (a document's length is its number of shingles, docCount the documents
    with one), and more words a PhraseQuery whose idf is the sum of the shingles' idfs."""
    idx = make_index(ctx, "phrases", {"mappings": {"properties": {
        "title": {"type": "text"}, "body": {"type": "text", "index_phrases": True}}}})
    try:
        load(ctx, idx, dict(CORPUS))
        got = ctx.es.indices.get_mapping(index=idx)[idx]["mappings"]["properties"]["body"]
        assert got == {"type": "text", "index_phrases": True}, got
        shingles = {d: _shingles(src["body"].lower().split()) for d, src in CORPUS}
        doc_count = sum(1 for s in shingles.values() if s)
        avgdl = bm25_avgdl(sum(len(s) for s in shingles.values()), doc_count)
        for phrase in ("quick brown", "lazy dog", "fox fox", "brown fox", "quick brown fox", "fox fox fox"):
            wanted = _shingles(phrase.split())
            idf = f32(sum(bm25_idf(sum(1 for s in shingles.values() if w in s), doc_count) for w in wanted))
            weight = f32(f32(1 + K1) * idf)
            want = {}
            for d, s in shingles.items():
                freq = sum(1 for i in range(len(s)) if s[i:i + len(wanted)] == wanted)
                if freq:
                    norm_inverse = bm25_norm_inverse(int_to_byte4(len(s)), avgdl)
                    want[d] = f32(weight - f32(weight / f32(1 + f32(float(freq) * norm_inverse))))
            res = ctx.es.search(index=idx, body={"query": {"match_phrase": {"body": phrase}}, "size": 50})
            got = {h["_id"]: h["_score"] for h in res["hits"]["hits"]}
            assert set(got) == set(want) and want, (phrase, got, want)
            assert total(res) == len(want), (phrase, res["hits"]["total"])
            for d, score in want.items():
                assert _close(got[d], score), "%r: %s scored %r, shingle BM25 gives %r" % (phrase, d, got[d], score)
        ex = ctx.es.explain(index=idx, id="d2", body={"query": {"match_phrase": {"body": "lazy dog"}}})
        assert ex["matched"] is True, ex
        assert ex["explanation"]["description"].startswith("weight(body._index_phrase:lazy dog in "), ex
        # a sloppy phrase is the plain field's
        res = ctx.es.search(index=idx, body={"query": {"match_phrase": {"body": {"query": "quick fox", "slop": 1}}}})
        assert set(hit_ids(res)) == {"d1", "d7"}, res
        expect_error(lambda: ctx.es.indices.put_mapping(index=idx, body={"properties": {"body": {"type": "text"}}}),
                     400, "illegal_argument_exception",
                     "Mapper for [body] conflicts with existing mapper:\n\tCannot update parameter "
                     "[index_phrases] from [true] to [false]")
        expect_error(lambda: ctx.es.indices.create(index=idx + "-unindexed", body={"mappings": {"properties": {
                         "t": {"type": "text", "index": False, "index_phrases": True}}}}),
                     400, "mapper_parsing_exception",
                     "Failed to parse mapping [_doc]: Cannot set index_phrases on unindexed field [t]")
        assert ctx.es.indices.exists(index=idx + "-unindexed") is False
    finally:
        drop(ctx, idx)


# ---------------------------------------------------------------------------
# durability

def _fresh_client(ctx):
    wait_search_ready(ctx)
    es = ctx.es_client()
    ctx._clients["es"] = es   # later ctx.es calls use the new connection pool too
    return es


def test_kill9_keeps_acknowledged_documents(ctx):
    ctx.require_wharf("kills and restarts the server")
    idx = _corpus_index(ctx)
    try:
        # acknowledged but never refreshed writes must survive a crash too
        late = {"late%d" % i: {"title": "late fox %d" % i, "body": "written just before the crash"} for i in range(5)}
        for doc_id, src in late.items():
            assert ctx.es.index(index=idx, id=doc_id, body=src, refresh="false")["result"] == "created"
        ctx.es.update(index=idx, id="d2", body={"doc": {"title": "lazy dog renamed"}})
        ctx.es.delete(index=idx, id="d11")
        before = ctx.es.get(index=idx, id="d2")
        ctx.server.kill9()
        ctx.server.start()
        es = _fresh_client(ctx)
        assert es.indices.exists(index=idx) is True
        for doc_id, src in list(CORPUS) + list(late.items()):
            if doc_id in ("d2", "d11"):
                continue
            got = es.get(index=idx, id=doc_id)
            assert got["found"] is True and got["_source"] == src, (doc_id, got)
        got = es.get(index=idx, id="d2")
        assert got["_source"]["title"] == "lazy dog renamed" and got["_version"] == before["_version"] == 2, got
        assert got["_seq_no"] == before["_seq_no"], got
        assert es.exists(index=idx, id="d11") is False
        es.indices.refresh(index=idx)
        assert es.count(index=idx)["count"] == len(CORPUS) - 1 + len(late)
        res = es.search(index=idx, body={"query": {"match": {"body": "crash"}}, "size": 20})
        assert sorted(hit_ids(res)) == sorted(late), res
        # writing continues after the recovered history
        res = es.index(index=idx, id="after", body={"title": "after"})
        assert res["_seq_no"] > before["_seq_no"] and res["_primary_term"] >= before["_primary_term"], (res, before)
        assert es.index(index=idx, id="d2", body={"title": "v3"})["_version"] == 3
    finally:
        drop(ctx, idx)


def test_kill9_then_scores_unchanged(ctx):
    ctx.require_wharf("kills and restarts the server")
    idx = _corpus_index(ctx)
    try:
        before = {}
        for field, text in QUERIES:
            res = ctx.es.search(index=idx, body={"query": {"match": {field: text}}, "size": 50})
            before[(field, text)] = [(h["_id"], h["_score"]) for h in res["hits"]["hits"]]
        ctx.server.kill9()
        ctx.server.start()
        _fresh_client(ctx)
        for field, text in QUERIES:
            _check_query(ctx, idx, field, text)
            res = ctx.es.search(index=idx, body={"query": {"match": {field: text}}, "size": 50})
            assert [(h["_id"], h["_score"]) for h in res["hits"]["hits"]] == before[(field, text)], (field, text)
    finally:
        drop(ctx, idx)


def test_clean_restart_keeps_mappings_aliases_settings(ctx):
    ctx.require_wharf("restarts the server")
    alias = ctx.index_name("alias")
    idx = make_index(ctx, "restart", {
        "settings": {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "7s",
                     "analysis": {"analyzer": {"folding": {"type": "custom", "tokenizer": "standard",
                                                           "filter": ["lowercase", "asciifolding"]}}}},
        "mappings": {"dynamic": "strict", "properties": {
            "title": {"type": "text", "analyzer": "folding", "fields": {"raw": {"type": "keyword"}}},
            "n": {"type": "integer"}, "when": {"type": "date", "format": "yyyy-MM-dd"}}},
        "aliases": {alias: {"filter": {"range": {"n": {"gte": 2}}}}}})
    try:
        load(ctx, idx, {"1": {"title": "Café one", "n": 1, "when": "2024-01-01"},
                        "2": {"title": "Café two", "n": 2, "when": "2024-01-02"},
                        "3": {"title": "Tea three", "n": 3, "when": "2024-01-03"}})
        mapping = ctx.es.indices.get_mapping(index=idx)
        aliases = ctx.es.indices.get_alias(index=idx)
        settings = ctx.es.indices.get_settings(index=idx)[idx]["settings"]["index"]
        ctx.server.restart()
        es = _fresh_client(ctx)
        assert es.indices.get_mapping(index=idx) == mapping
        assert es.indices.get_alias(index=idx) == aliases == {idx: {"aliases": {alias: {"filter": {
            "range": {"n": {"gte": 2}}}}}}}, aliases
        after = es.indices.get_settings(index=idx)[idx]["settings"]["index"]
        for key in ("number_of_shards", "number_of_replicas", "refresh_interval", "analysis", "uuid",
                    "creation_date", "provided_name"):
            assert after.get(key) == settings.get(key), (key, after.get(key), settings.get(key))
        assert after["refresh_interval"] == "7s"
        # and they still act: analyzer, strict mapping, filtered alias, date format
        assert hit_ids(es.search(index=idx, body={"query": {"match": {"title": "CAFE"}}, "sort": ["n"]})) == ["1", "2"]
        assert sorted(hit_ids(es.search(index=alias, body={"query": {"match_all": {}}}))) == ["2", "3"]
        assert es.count(index=idx)["count"] == 3
        try:
            es.index(index=idx, id="4", body={"title": "x", "extra": True})
        except Exception as e:  # noqa: BLE001
            assert getattr(e, "status_code", None) == 400 and e.error == "strict_dynamic_mapping_exception", e
        else:
            raise AssertionError("strict mapping was lost in the restart")
        res = es.search(index=idx, body={"query": {"range": {"when": {"gte": "2024-01-02"}}}})
        assert sorted(hit_ids(res)) == ["2", "3"], res
    finally:
        drop(ctx, idx)
