// SPDX-License-Identifier: MIT
// Tests for nlp/03_tfidf. Oracles: a three-document corpus worked by hand (the guide's; its
// counts, idf values, weights, norms and cosines written out below as closed forms); small
// corpora for the vocabulary filters, the UTF-8 order and search ties, worked by hand;
// scikit-learn 1.2's CountVectorizer, TfidfVectorizer (ten tf/idf/norm variants; the textbook
// ln(N/df), which sklearn lacks, through its idf_ setter) and cosine_similarity, given the same
// tokens through a custom analyzer (tools/golden/nlp_tfidf.py; the golden file is read in
// oracles/03_tfidf.cpp, compiled once); and properties (unit L2 rows, cos(d, d) = 1, a document's
// own text finds it first, rankings equal a stable sort of sklearn's cosines).
#include <llmlings/testing.hpp>

#include <llmlings/nlp/03_tfidf.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "oracles/03_tfidf.hpp"

using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::nlp;
using namespace oracles;
using words = std::vector<std::string>;
using indices = std::vector<std::size_t>;
using values = std::vector<double>;

namespace {

// The guide's corpus, N = 3. Terms (sorted): and cat dog log on sat the, columns 0 … 6, with
// df = 1 2 2 1 3 2 3 ("on" and "the" are in every document).
token_documents guide() {
    return {{"the", "cat", "sat", "on", "the", "cat"},
            {"the", "dog", "sat", "on", "the", "log"},
            {"the", "cat", "and", "the", "dog", "on"}};
}

// A sparse vector as a dense row of n numbers (a plain loop, no code under test).
values dense_row(const sparse_vector& v, std::size_t n) {
    values row(n, 0.0);
    for (std::size_t i = 0; i < v.indices.size() && i < v.values.size(); ++i)
        if (v.indices[i] < n) row[v.indices[i]] = v.values[i];
    return row;
}

// What every vector the topic makes must satisfy: indices strictly increasing, below n, one value
// each, no zero stored.
bool well_formed(const sparse_vector& v, std::size_t n) {
    if (v.indices.size() != v.values.size()) return false;
    for (std::size_t i = 0; i < v.indices.size(); ++i)
        if (v.indices[i] >= n || (i > 0 && v.indices[i] <= v.indices[i - 1]) || v.values[i] == 0.0) return false;
    return true;
}

// Rows of sparse vectors against a dense table, element by element, reporting the first three
// differences.
void check_rows(const std::vector<sparse_vector>& rows, const table& expected, tolerance tol, const std::string& what) {
    REQUIRE(rows.size() == expected.size());
    std::size_t wrong = 0;
    std::string first;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::size_t n = expected[r].size();
        if (!well_formed(rows[r], n) && wrong++ < 3) first += "row " + std::to_string(r) + " is malformed\n";
        const values got = dense_row(rows[r], n);
        for (std::size_t j = 0; j < n; ++j)
            if (!llmlings::testing::compare(got[j], expected[r][j], tol).ok && wrong++ < 3)
                first += "(" + std::to_string(r) + ", " + std::to_string(j) + "): " + std::to_string(got[j]) +
                         ", sklearn " + std::to_string(expected[r][j]) + "\n";
    }
    INFO(what << ": " << wrong << " differences; the first:\n" << first);
    CHECK(wrong == 0);
}

// One comparison: the test's line and expression as context around the one expansion of
// LLMLINGS_CHECK_CLOSE in this file (each expansion costs compile time on every save).
void check_close(double actual, double expected, tolerance tol, const char* what, int line) {
    INFO("line " << line << ": " << what);
    LLMLINGS_CHECK_CLOSE(actual, expected, tol);
}
#define CLOSE(actual, expected, tol) check_close((actual), (expected), (tol), #actual " vs " #expected, __LINE__)

tf_weighting tf_named(const std::string& name) {
    return name == "raw" ? tf_weighting::raw : name == "binary" ? tf_weighting::binary : tf_weighting::sublinear;
}

idf_weighting idf_named(const std::string& name) {
    return name == "none"           ? idf_weighting::none
           : name == "log"          ? idf_weighting::log
           : name == "log_plus_one" ? idf_weighting::log_plus_one
                                    : idf_weighting::smooth_log_plus_one;
}

// sklearn computes the same formulas in the same order; a few roundings of numbers below 10, and
// NumPy's log against the C library's (each within an ulp or so): 1e-13 relative, 1e-15 absolute
// for the values near 0.
const tolerance sklearn_tol{1e-13, 1e-15};

}  // namespace

// ---- The vocabulary ----------------------------------------------------------------------------

TEST_CASE("fit_term_vocabulary sorts the terms and counts each document once", "[nlp][03_tfidf]") {
    const term_vocabulary v = fit_term_vocabulary(guide());
    CHECK(v.terms == words{"and", "cat", "dog", "log", "on", "sat", "the"});
    // "the" occurs 6 times but in 3 documents; "cat" 3 times in 2
    CHECK(v.document_frequency == indices{1, 2, 2, 1, 3, 2, 3});
    CHECK(v.documents == 3);
    // an empty document counts in N and holds no term
    const term_vocabulary e = fit_term_vocabulary({{"b", "a", "b"}, {}, {"b", "c"}});
    CHECK(e.terms == words{"a", "b", "c"});
    CHECK(e.document_frequency == indices{1, 2, 1});
    CHECK(e.documents == 3);
}

TEST_CASE("fit_term_vocabulary orders UTF-8 terms by code point", "[nlp][03_tfidf]") {
    // Z (U+005A) < a (U+0061) < z (U+007A) < é (U+00E9) < ü (U+00FC) < 日 (U+65E5), as Python's
    // sorted(): bytes compared as unsigned char (é is C3 A9, ü C3 BC, 日 E6 97 A5)
    const term_vocabulary v = fit_term_vocabulary({{"zebra", "über", "apple", "Zebra"}, {"日本", "é", "apple"}});
    CHECK(v.terms == words{"Zebra", "apple", "zebra", "é", "über", "日本"});
    CHECK(v.document_frequency == indices{1, 2, 1, 1, 1, 1});
}

TEST_CASE("fit_term_vocabulary applies min_df max_df and max_features worked by hand", "[nlp][03_tfidf]") {
    // N = 4; df: a 3, b 3, c 1, d 1; collection frequency: a 3, b 3, c 1, d 3
    const token_documents docs = {{"a", "b", "c"}, {"a", "b"}, {"a", "d", "d", "d"}, {"b"}};
    CHECK(fit_term_vocabulary(docs).document_frequency == indices{3, 3, 1, 1});
    CHECK(fit_term_vocabulary(docs, {2}).terms == words{"a", "b"});
    CHECK(fit_term_vocabulary(docs, {0}).terms == words{"a", "b", "c", "d"});
    // max_df · N = 0.75 · 4 = 3: df = 3 is kept (≤); 0.5 · 4 = 2 keeps c and d only
    CHECK(fit_term_vocabulary(docs, {1, 0.75}).terms == words{"a", "b", "c", "d"});
    CHECK(fit_term_vocabulary(docs, {1, 0.5}).terms == words{"c", "d"});
    CHECK(fit_term_vocabulary(docs, {1, 0.5}).document_frequency == indices{1, 1});
    // max_features ranks by collection frequency: a, b, d (3 each) before c (1), although c and
    // d have the same df; a three-way tie at 3 goes to the terms that sort first
    CHECK(fit_term_vocabulary(docs, {1, 1.0, 3}).terms == words{"a", "b", "d"});
    CHECK(fit_term_vocabulary(docs, {1, 1.0, 2}).terms == words{"a", "b"});
    CHECK(fit_term_vocabulary(docs, {1, 1.0, 1}).terms == words{"a"});
    CHECK(fit_term_vocabulary(docs, {1, 1.0, 10}).terms == words{"a", "b", "c", "d"});
    // the df filter comes first: of c, d (df ≤ 2) the most frequent is d
    CHECK(fit_term_vocabulary(docs, {1, 0.5, 1}).terms == words{"d"});
    CHECK(fit_term_vocabulary(docs, {1, 0.5, 1}).documents == 4);
}

TEST_CASE("fit_term_vocabulary matches scikit-learn CountVectorizer in five configurations", "[nlp][03_tfidf]") {
    for (const golden_vocabulary& g : tfidf_golden_vocabularies()) {
        INFO("configuration " << g.name);
        const term_vocabulary v = fit_term_vocabulary(tfidf_golden_documents(), {g.min_df, g.max_df, g.max_features});
        CHECK(v.terms == g.terms);
        CHECK(v.documents == tfidf_golden_documents().size());
        REQUIRE(v.document_frequency.size() == g.df.size());
        for (std::size_t j = 0; j < g.df.size(); ++j) CHECK(static_cast<double>(v.document_frequency[j]) == g.df[j]);
        std::vector<sparse_vector> rows;
        for (const words& d : tfidf_golden_documents()) rows.push_back(bag_of_words(v, d));
        check_rows(rows, g.counts, {0.0, 0.0}, "counts of " + g.name);
    }
}

TEST_CASE("term_index finds the column of a term and nothing for an unknown one", "[nlp][03_tfidf]") {
    const term_vocabulary v = fit_term_vocabulary(guide());
    CHECK(term_index(v, "and") == std::optional<std::size_t>(0));
    CHECK(term_index(v, "on") == std::optional<std::size_t>(4));
    CHECK(term_index(v, "the") == std::optional<std::size_t>(6));
    CHECK_FALSE(term_index(v, "zebra").has_value());  // past the end
    CHECK_FALSE(term_index(v, "ca").has_value());     // would sit before "cat"
    CHECK_FALSE(term_index(v, "").has_value());
}

// ---- Bag of words ------------------------------------------------------------------------------

TEST_CASE("bag_of_words counts known terms in column order and ignores unknown words", "[nlp][03_tfidf]") {
    const term_vocabulary v = fit_term_vocabulary(guide());
    // the cat sat on the cat: cat (1) ×2, on (4), sat (5), the (6) ×2
    const sparse_vector x = bag_of_words(v, guide()[0]);
    CHECK(x.indices == indices{1, 4, 5, 6});
    CHECK(x.values == values{2.0, 1.0, 1.0, 2.0});
    const sparse_vector y = bag_of_words(v, {"the", "zebra", "cat", "cat", "café", "the", "the"});
    CHECK(y.indices == indices{1, 6});
    CHECK(y.values == values{2.0, 3.0});
    const sparse_vector b = bag_of_words(v, {"the", "zebra", "cat", "cat", "the", "the"}, true);
    CHECK(b.indices == indices{1, 6});
    CHECK(b.values == values{1.0, 1.0});
    // nothing known: the zero vector
    const sparse_vector z = bag_of_words(v, {"zebra", "quagga"});
    CHECK(z.indices.empty());
    CHECK(z.values.empty());
    CHECK(bag_of_words(v, {}).indices.empty());
}

TEST_CASE("bag_of_words matches scikit-learn counts binary counts and unseen queries", "[nlp][03_tfidf]") {
    const term_vocabulary v = fit_term_vocabulary(tfidf_golden_documents());
    std::vector<sparse_vector> binary, queries;
    for (const words& d : tfidf_golden_documents()) binary.push_back(bag_of_words(v, d, true));
    for (const words& q : tfidf_golden_queries()) queries.push_back(bag_of_words(v, q));
    check_rows(binary, tfidf_golden_table("binary_counts"), {0.0, 0.0}, "binary counts");
    check_rows(queries, tfidf_golden_table("query_counts"), {0.0, 0.0}, "query counts");
}

// ---- IDF and TF-IDF ----------------------------------------------------------------------------

TEST_CASE("inverse_document_frequency gives the four variants worked by hand", "[nlp][03_tfidf]") {
    const term_vocabulary v = fit_term_vocabulary(guide());  // N = 3, df = 1 2 2 1 3 2 3
    const tolerance tol{1e-15, 0.0};                         // the same one or two roundings
    const double l3 = std::log(3.0), l15 = std::log(1.5);
    const values log = {l3, l15, l15, l3, 0.0, l15, 0.0};
    const values got_log = inverse_document_frequency(v, idf_weighting::log);
    const values got_plus = inverse_document_frequency(v, idf_weighting::log_plus_one);
    const values got_smooth = inverse_document_frequency(v, idf_weighting::smooth_log_plus_one);
    const values got_none = inverse_document_frequency(v, idf_weighting::none);
    REQUIRE(got_log.size() == 7);
    REQUIRE(got_plus.size() == 7);
    REQUIRE(got_smooth.size() == 7);
    CHECK(got_none == values(7, 1.0));
    // smoothed: ln((1 + 3)/(1 + df)) + 1: df 1 → ln 2 + 1, df 2 → ln(4/3) + 1, df 3 → 1
    const double s1 = std::log(2.0) + 1.0, s2 = std::log(4.0 / 3.0) + 1.0;
    const values smooth = {s1, s2, s2, s1, 1.0, s2, 1.0};
    for (std::size_t j = 0; j < 7; ++j) {
        INFO("term " << v.terms[j]);
        CLOSE(got_log[j], log[j], tol);
        CLOSE(got_plus[j], log[j] + 1.0, tol);
        CLOSE(got_smooth[j], smooth[j], tol);
    }
}

TEST_CASE("inverse_document_frequency and make_tfidf match scikit-learn idf_", "[nlp][03_tfidf]") {
    const term_vocabulary v = fit_term_vocabulary(tfidf_golden_documents());
    for (const char* name : {"none", "log", "log_plus_one", "smooth_log_plus_one"}) {
        INFO("idf " << name);
        const values expected = tfidf_golden_row(std::string("idf_") + name);
        const values got = inverse_document_frequency(v, idf_named(name));
        const tfidf_model m = make_tfidf(v, {tf_weighting::raw, idf_named(name), true});
        REQUIRE(got.size() == expected.size());
        REQUIRE(m.idf.size() == expected.size());
        for (std::size_t j = 0; j < got.size(); ++j) {
            CLOSE(got[j], expected[j], sklearn_tol);
            CLOSE(m.idf[j], expected[j], sklearn_tol);
        }
        CHECK(m.vocabulary.terms == v.terms);
        CHECK(m.options.idf == idf_named(name));
    }
}

TEST_CASE("tfidf_vector weighs a document as worked by hand in every tf variant", "[nlp][03_tfidf]") {
    const term_vocabulary v = fit_term_vocabulary(guide());
    const tolerance tol{1e-14, 0.0};  // a handful of roundings
    const token_documents g = guide();
    const words& d0 = g[0];  // cat ×2 (df 2), on (df 3), sat (df 2), the ×2 (df 3)
    const double l15 = std::log(1.5);
    // raw tf, ln(N/df), no normalisation: cat 2 ln 1.5, sat ln 1.5; on and the weigh 0, not stored
    const sparse_vector a = tfidf_vector(make_tfidf(v, {tf_weighting::raw, idf_weighting::log, false}), d0);
    CHECK(a.indices == indices{1, 5});
    REQUIRE(a.values.size() == 2);
    CLOSE(a.values[0], 2.0 * l15, tol);
    CLOSE(a.values[1], l15, tol);
    // sklearn's default (raw, smoothed, L2): with s = ln(4/3) + 1 the weights are 2s, 1, s, 2 and
    // the norm √(4s² + 1 + s² + 4) = √(5s² + 5)
    const double s = std::log(4.0 / 3.0) + 1.0, norm = std::sqrt(5.0 * s * s + 5.0);
    const sparse_vector b = tfidf_vector(make_tfidf(v), d0);
    CHECK(b.indices == indices{1, 4, 5, 6});
    REQUIRE(b.values.size() == 4);
    CLOSE(b.values[0], 2.0 * s / norm, tol);
    CLOSE(b.values[1], 1.0 / norm, tol);
    CLOSE(b.values[2], s / norm, tol);
    CLOSE(b.values[3], 2.0 / norm, tol);
    // sublinear tf 1 + ln c, ln(N/df) + 1, no normalisation: cat (1 + ln 2)(ln 1.5 + 1), on 1,
    // sat ln 1.5 + 1, the (1 + ln 2)·1
    const double t2 = 1.0 + std::log(2.0);
    const sparse_vector c =
        tfidf_vector(make_tfidf(v, {tf_weighting::sublinear, idf_weighting::log_plus_one, false}), d0);
    CHECK(c.indices == indices{1, 4, 5, 6});
    REQUIRE(c.values.size() == 4);
    CLOSE(c.values[0], t2 * (l15 + 1.0), tol);
    CLOSE(c.values[1], 1.0, tol);
    CLOSE(c.values[2], l15 + 1.0, tol);
    CLOSE(c.values[3], t2, tol);
    // binary tf, smoothed idf, no normalisation: s, 1, s, 1; unknown words change nothing
    words d0_plus = d0;
    d0_plus.push_back("zebra");
    const sparse_vector e =
        tfidf_vector(make_tfidf(v, {tf_weighting::binary, idf_weighting::smooth_log_plus_one, false}), d0_plus);
    CHECK(e.indices == indices{1, 4, 5, 6});
    REQUIRE(e.values.size() == 4);
    CLOSE(e.values[0], s, tol);
    CLOSE(e.values[1], 1.0, tol);
    CLOSE(e.values[2], s, tol);
    CLOSE(e.values[3], 1.0, tol);
    // a document of terms in every document weighs nothing under ln(N/df): the zero vector, even
    // with L2 normalisation
    const sparse_vector z = tfidf_vector(make_tfidf(v, {tf_weighting::raw, idf_weighting::log, true}), {"the", "on"});
    CHECK(z.indices.empty());
    CHECK(z.values.empty());
}

TEST_CASE("tfidf_vectors match scikit-learn TfidfVectorizer in ten variants", "[nlp][03_tfidf]") {
    const term_vocabulary v = fit_term_vocabulary(tfidf_golden_documents());
    const char* configs[][3] = {{"raw", "smooth_log_plus_one", "l2"},
                                {"raw", "smooth_log_plus_one", "none"},
                                {"raw", "log_plus_one", "l2"},
                                {"raw", "log", "l2"},
                                {"raw", "log", "none"},
                                {"raw", "none", "l2"},
                                {"binary", "smooth_log_plus_one", "l2"},
                                {"binary", "log_plus_one", "none"},
                                {"sublinear", "smooth_log_plus_one", "l2"},
                                {"sublinear", "log", "none"}};
    for (const auto& c : configs) {
        const std::string name = std::string(c[0]) + "_" + c[1] + "_" + c[2];
        const tfidf_model m = make_tfidf(v, {tf_named(c[0]), idf_named(c[1]), std::string(c[2]) == "l2"});
        check_rows(tfidf_vectors(m, tfidf_golden_documents()), tfidf_golden_table("tfidf_" + name), sklearn_tol,
                   "documents, " + name);
        if (name == "raw_smooth_log_plus_one_l2" || name == "sublinear_log_none")
            check_rows(tfidf_vectors(m, tfidf_golden_queries()), tfidf_golden_table("query_tfidf_" + name), sklearn_tol,
                       "queries, " + name);
    }
}

TEST_CASE("tfidf_vectors with L2 normalisation have unit norm except empty documents", "[nlp][03_tfidf]") {
    const term_vocabulary v = fit_term_vocabulary(tfidf_golden_documents());
    for (tf_weighting tf : {tf_weighting::raw, tf_weighting::binary, tf_weighting::sublinear}) {
        for (idf_weighting idf : {idf_weighting::none, idf_weighting::log, idf_weighting::log_plus_one,
                                  idf_weighting::smooth_log_plus_one}) {
            const std::vector<sparse_vector> rows =
                tfidf_vectors(make_tfidf(v, {tf, idf, true}), tfidf_golden_documents());
            REQUIRE(rows.size() == tfidf_golden_documents().size());
            for (std::size_t r = 0; r < rows.size(); ++r) {
                INFO("tf " << static_cast<int>(tf) << ", idf " << static_cast<int>(idf) << ", document " << r);
                CHECK(well_formed(rows[r], v.terms.size()));
                double sum = 0.0;
                for (double x : rows[r].values) {
                    CHECK(x > 0.0);
                    sum += x * x;
                }
                // document 5 is empty; every other holds a term of df < N, so a weight > 0
                if (r == 5)
                    CHECK(rows[r].indices.empty());
                else
                    CHECK(std::fabs(std::sqrt(sum) - 1.0) <= 1e-15 * 8);  // ≤ 8 terms, each rounded once
            }
        }
    }
}

// ---- Sparse vectors ----------------------------------------------------------------------------

TEST_CASE("dot and norm_l2 of sparse vectors are worked by hand without overflow", "[nlp][03_tfidf]") {
    // columns 0, 2 against 2, 5: only column 2 is shared, 2·3 = 6
    CHECK(dot({{0, 2}, {1.0, 2.0}}, {{2, 5}, {3.0, 4.0}}) == 6.0);
    CHECK(dot({{0, 3, 4, 9}, {1.0, 2.0, 3.0, 4.0}}, {{3, 9}, {10.0, 100.0}}) == 420.0);
    CHECK(dot({{0, 1}, {1.0, 1.0}}, {{2, 3}, {1.0, 1.0}}) == 0.0);
    CHECK(dot({}, {{1}, {2.0}}) == 0.0);
    CHECK(norm_l2({{0, 7}, {3.0, -4.0}}) == 5.0);
    CHECK(norm_l2({}) == 0.0);
    // (3e200, 4e200): the squares overflow unless scaled first; (3e-200, 4e-200) underflow to 0
    CLOSE(norm_l2({{1, 4}, {3e200, 4e200}}), 5e200, (tolerance{1e-15, 0.0}));
    CLOSE(norm_l2({{1, 4}, {3e-200, 4e-200}}), 5e-200, (tolerance{1e-15, 0.0}));
    CHECK(std::isnan(norm_l2({{0, 1}, {1.0, std::numeric_limits<double>::quiet_NaN()}})));
    CHECK(std::isinf(norm_l2({{0}, {std::numeric_limits<double>::infinity()}})));
}

TEST_CASE("cosine_similarity of sparse vectors is worked by hand and 0 for a zero vector", "[nlp][03_tfidf]") {
    const tolerance tol{1e-15, 1e-16};
    // (1, 1) and (1, 0): 1/√2
    CLOSE(cosine_similarity({{0, 1}, {1.0, 1.0}}, {{0}, {1.0}}), 1.0 / std::sqrt(2.0), tol);
    // (3, 0, 4) and (4, 0, −3): orthogonal; (0, 2) and (0, −5): opposite
    CLOSE(cosine_similarity({{0, 2}, {3.0, 4.0}}, {{0, 2}, {4.0, -3.0}}), 0.0, tol);
    CLOSE(cosine_similarity({{1}, {2.0}}, {{1}, {-5.0}}), -1.0, tol);
    // disjoint columns: 0
    CHECK(cosine_similarity({{0, 1}, {1.0, 2.0}}, {{2, 3}, {3.0, 4.0}}) == 0.0);
    // (3, 4) against (0, 1) is 4/5 at any scale: 1e200 overflows the squares, 1e-200 underflows
    CLOSE(cosine_similarity({{0, 1}, {3e200, 4e200}}, {{1}, {1e-200}}), 0.8, tol);
    CLOSE(cosine_similarity({{0, 1}, {3e-200, 4e-200}}, {{1}, {7.0}}), 0.8, tol);
    // a vector with itself: 1 (clamped, never 1 + ε)
    const sparse_vector x{{2, 3, 11}, {0.1, 0.7, 0.3}};
    CHECK(cosine_similarity(x, x) <= 1.0);
    CLOSE(cosine_similarity(x, x), 1.0, tol);
    // the zero vector, stored or with explicit zeros: 0, not NaN
    CHECK(cosine_similarity({}, x) == 0.0);
    CHECK(cosine_similarity(x, {}) == 0.0);
    CHECK(cosine_similarity({{4}, {0.0}}, x) == 0.0);
    CHECK(cosine_similarity({}, {}) == 0.0);
    // NaN in, NaN out
    CHECK(std::isnan(cosine_similarity({{2}, {std::numeric_limits<double>::quiet_NaN()}}, x)));
    CHECK(std::isnan(cosine_similarity(x, {{0, 3}, {1.0, std::numeric_limits<double>::quiet_NaN()}})));
}

TEST_CASE("cosine_similarity of TF-IDF rows matches scikit-learn cosine_similarity", "[nlp][03_tfidf]") {
    const tfidf_model m = make_tfidf(fit_term_vocabulary(tfidf_golden_documents()));
    const std::vector<sparse_vector> d = tfidf_vectors(m, tfidf_golden_documents());
    const std::vector<sparse_vector> q = tfidf_vectors(m, tfidf_golden_queries());
    const table docs = tfidf_golden_table("cosine_docs"), queries = tfidf_golden_table("cosine_queries");
    REQUIRE(docs.size() == d.size());
    REQUIRE(queries.size() == q.size());
    for (std::size_t i = 0; i < d.size(); ++i) {
        for (std::size_t j = 0; j < d.size(); ++j) {
            INFO("documents " << i << " and " << j);
            CLOSE(cosine_similarity(d[i], d[j]), docs[i][j], sklearn_tol);
        }
        for (std::size_t j = 0; j < q.size(); ++j) {
            INFO("query " << j << ", document " << i);
            CLOSE(cosine_similarity(q[j], d[i]), queries[j][i], sklearn_tol);
        }
    }
}

TEST_CASE("to_dense fills the zeros of sparse rows", "[nlp][03_tfidf]") {
    const llmlings::matrix m = to_dense({{{1}, {2.0}}, {}, {{0, 2}, {1.0, 3.0}}}, 3);
    REQUIRE(m.shape()[0] == 3);
    REQUIRE(m.shape()[1] == 3);
    const double expected[3][3] = {{0, 2, 0}, {0, 0, 0}, {1, 0, 3}};
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j) CHECK(m(i, j) == expected[i][j]);
    // the counts of the golden documents, as sklearn's dense document-term matrix
    const term_vocabulary v = fit_term_vocabulary(tfidf_golden_documents());
    std::vector<sparse_vector> rows;
    for (const words& d : tfidf_golden_documents()) rows.push_back(bag_of_words(v, d));
    const llmlings::matrix counts = to_dense(rows, v.terms.size());
    const table expected_counts = tfidf_golden_table("counts_all");
    REQUIRE(counts.shape()[0] == expected_counts.size());
    REQUIRE(counts.shape()[1] == expected_counts[0].size());
    std::size_t wrong = 0;
    for (std::size_t i = 0; i < expected_counts.size(); ++i)
        for (std::size_t j = 0; j < expected_counts[i].size(); ++j) wrong += counts(i, j) != expected_counts[i][j];
    CHECK(wrong == 0);
    CHECK(to_dense({}, 4).size() == 0);
}

// ---- Search ------------------------------------------------------------------------------------

TEST_CASE("search ranks the guide corpus by cosine as worked by hand", "[nlp][03_tfidf]") {
    const tfidf_model m = make_tfidf(fit_term_vocabulary(guide()));
    const std::vector<sparse_vector> index = tfidf_vectors(m, guide());
    // query "cat" is the unit vector of cat; its cosine with a row is the row's cat weight:
    // d0 2s/√(5s² + 5) (above), d2 s/√(b² + 2s² + 1 + 4) with b = ln 2 + 1 (and, cat, dog, on,
    // the weigh b, s, s, 1, 2), d1 0 (no cat)
    const double s = std::log(4.0 / 3.0) + 1.0, b = std::log(2.0) + 1.0;
    const std::vector<search_hit> hits = search(m, index, {"cat"}, 5);
    REQUIRE(hits.size() == 3);
    CHECK(hits[0].document == 0);
    CHECK(hits[1].document == 2);
    CHECK(hits[2].document == 1);
    CLOSE(hits[0].score, 2.0 * s / std::sqrt(5.0 * s * s + 5.0), (tolerance{1e-14, 0.0}));
    CLOSE(hits[1].score, s / std::sqrt(b * b + 2.0 * s * s + 5.0), (tolerance{1e-14, 0.0}));
    CHECK(hits[2].score == 0.0);
    // k = 1: the best only; "log" is only in d1
    const std::vector<search_hit> one = search(m, index, {"log", "zebra"}, 1);
    REQUIRE(one.size() == 1);
    CHECK(one[0].document == 1);
}

TEST_CASE("search breaks ties by the lower document index and allows k beyond the collection", "[nlp][03_tfidf]") {
    // d0 and d2 hold the same words: equal vectors, equal scores; d1 and d3 share nothing
    const token_documents docs = {{"x", "y"}, {"z"}, {"y", "x"}, {}};
    const tfidf_model m = make_tfidf(fit_term_vocabulary(docs));
    const std::vector<sparse_vector> index = tfidf_vectors(m, docs);
    std::vector<std::size_t> order;
    for (const search_hit& h : search(m, index, {"x", "y"}, 10)) order.push_back(h.document);
    CHECK(order == indices{0, 2, 1, 3});
    order.clear();
    for (const search_hit& h : search(m, index, {"z", "x", "y"}, 3)) order.push_back(h.document);
    // N = 4, idf x = y = ln(5/3) + 1 = a, z = ln(5/2) + 1 = c: the query (c, a, a)/‖·‖ has cosine
    // 2a/√2/√(c² + 2a²) = 1.511… · √2 / 2.791… with d0 and d2, c/√(c² + 2a²) = 1.916…/2.791… with d1
    CHECK(order == indices{0, 2, 1});
    order.clear();
    // a query of unknown words: every score 0, the documents in index order
    for (const search_hit& h : search(m, index, {"zebra"}, 4)) order.push_back(h.document);
    CHECK(order == indices{0, 1, 2, 3});
    const std::vector<search_hit> two = search(m, index, {"y"}, 2);
    REQUIRE(two.size() == 2);
    CHECK(two[0].document == 0);
    CHECK(two[1].document == 2);
    CHECK(two[0].score == two[1].score);
    CHECK(search(m, index, {"x"}, 0).empty());
    CHECK(search(m, {}, {"x"}, 3).empty());
}

TEST_CASE("search ranks the golden documents as a stable sort of scikit-learn cosines", "[nlp][03_tfidf]") {
    const tfidf_model m = make_tfidf(fit_term_vocabulary(tfidf_golden_documents()));
    const std::vector<sparse_vector> index = tfidf_vectors(m, tfidf_golden_documents());
    const table cosines = tfidf_golden_table("cosine_queries");
    for (std::size_t q = 0; q < tfidf_golden_queries().size(); ++q) {
        INFO("query " << q);
        const std::vector<std::size_t> expected = ranking_by_score(cosines[q]);
        for (std::size_t k : {std::size_t{3}, index.size(), index.size() + 5}) {
            const std::vector<search_hit> hits = search(m, index, tfidf_golden_queries()[q], k);
            REQUIRE(hits.size() == std::min(k, index.size()));
            for (std::size_t r = 0; r < hits.size(); ++r) {
                INFO("rank " << r << ", k = " << k);
                CHECK(hits[r].document == expected[r]);
                CLOSE(hits[r].score, cosines[q][expected[r]], sklearn_tol);
            }
        }
    }
}

TEST_CASE("search with a document's own text ranks it first with score 1", "[nlp][03_tfidf]") {
    const tfidf_model m = make_tfidf(fit_term_vocabulary(tfidf_golden_documents()),
                                     {tf_weighting::sublinear, idf_weighting::log_plus_one, true});
    const std::vector<sparse_vector> index = tfidf_vectors(m, tfidf_golden_documents());
    for (std::size_t d = 0; d < index.size(); ++d) {
        INFO("document " << d);
        if (index[d].indices.empty()) continue;  // the empty document 5 matches nothing
        const std::vector<search_hit> hits = search(m, index, tfidf_golden_documents()[d], 2);
        REQUIRE(hits.size() == 2);
        // documents 9 and 10 hold the same words: 10's text finds 9 first, at the same score 1
        CHECK(hits[0].document == (d == 10 ? 9 : d));
        CLOSE(hits[0].score, 1.0, (tolerance{1e-15, 0.0}));
        if (d == 9) CHECK(hits[1].document == 10);
        if (d != 9 && d != 10) CHECK(hits[1].score < 1.0 - 1e-9);
    }
}

TEST_CASE("search_text tokenizes the query like tokenize", "[nlp][03_tfidf]") {
    const tfidf_model m = make_tfidf(fit_term_vocabulary(guide()));
    const std::vector<sparse_vector> index = tfidf_vectors(m, guide());
    const std::vector<search_hit> a = search_text(m, index, "  The DOG, on a LOG!", 3);
    const std::vector<search_hit> b = search(m, index, {"the", "dog", "on", "a", "log"}, 3);
    REQUIRE(a.size() == 3);
    REQUIRE(b.size() == 3);
    for (std::size_t r = 0; r < 3; ++r) {
        CHECK(a[r].document == b[r].document);
        CHECK(a[r].score == b[r].score);
    }
    CHECK(a[0].document == 1);
    CHECK(search_text(m, index, "", 2).size() == 2);
}

// ---- Bad input ---------------------------------------------------------------------------------

TEST_CASE("fit_term_vocabulary rejects bad documents and options", "[nlp][03_tfidf]") {
    using llmlings::invalid_argument;
    const token_documents docs = {{"a", "b"}, {"a"}};
    CHECK_THROWS_WITH(fit_term_vocabulary({}), contains("fit_term_vocabulary") && contains("no documents"));
    CHECK_THROWS_WITH(fit_term_vocabulary({{}, {}}), contains("fit_term_vocabulary") && contains("no token"));
    for (double max_df : {-0.1, 1.5, std::numeric_limits<double>::quiet_NaN()})
        CHECK_THROWS_WITH(fit_term_vocabulary(docs, {1, max_df}),
                          contains("fit_term_vocabulary") && contains("max_df"));
    // max_df · N = 0.5 · 2 = 1 < min_df = 2
    CHECK_THROWS_WITH(fit_term_vocabulary(docs, {2, 0.5}), contains("fit_term_vocabulary") && contains("min_df"));
    // a held by 3 documents, b, c, d by 1: 2 ≤ df ≤ 0.5 · 4 keeps nothing
    CHECK_THROWS_WITH(fit_term_vocabulary({{"a", "b"}, {"a"}, {"a", "c"}, {"d"}}, {2, 0.5}),
                      contains("fit_term_vocabulary") && contains("no term remains"));
    CHECK_THROWS_AS(fit_term_vocabulary(docs, {3}), invalid_argument);
}

TEST_CASE("the vocabulary idf and tfidf functions reject a malformed vocabulary or model", "[nlp][03_tfidf]") {
    using llmlings::invalid_argument;
    using llmlings::shape_error;
    const term_vocabulary good = fit_term_vocabulary(guide());
    term_vocabulary sizes = good;
    sizes.document_frequency.pop_back();
    CHECK_THROWS_AS(bag_of_words(sizes, {"cat"}), shape_error);
    CHECK_THROWS_WITH(inverse_document_frequency(sizes, idf_weighting::log),
                      contains("inverse_document_frequency") && contains("fit_term_vocabulary"));
    term_vocabulary zero_df = good;
    zero_df.document_frequency[2] = 0;
    CHECK_THROWS_WITH(make_tfidf(zero_df), contains("make_tfidf") && contains("document frequency 0"));
    term_vocabulary too_many = good;
    too_many.document_frequency[0] = 4;  // N = 3
    CHECK_THROWS_AS(inverse_document_frequency(too_many, idf_weighting::smooth_log_plus_one), invalid_argument);
    term_vocabulary unsorted = good;
    std::swap(unsorted.terms[0], unsorted.terms[1]);
    CHECK_THROWS_WITH(make_tfidf(unsorted), contains("make_tfidf") && contains("sorted"));
    term_vocabulary no_docs = good;
    no_docs.documents = 0;
    CHECK_THROWS_AS(make_tfidf(no_docs), invalid_argument);
    CHECK_THROWS_WITH(make_tfidf(good, {static_cast<tf_weighting>(7)}),
                      contains("make_tfidf") && contains("tf_weighting"));
    CHECK_THROWS_AS(inverse_document_frequency(good, static_cast<idf_weighting>(9)), invalid_argument);
    tfidf_model m = make_tfidf(good);
    m.idf.pop_back();
    CHECK_THROWS_WITH(tfidf_vector(m, {"cat"}), contains("tfidf_vector") && contains("make_tfidf"));
    CHECK_THROWS_AS(tfidf_vectors(m, guide()), shape_error);
    CHECK_THROWS_AS(search(m, {}, {"cat"}, 1), shape_error);
}

TEST_CASE("sparse vector functions and search reject malformed vectors and NaN scores", "[nlp][03_tfidf]") {
    using llmlings::invalid_argument;
    using llmlings::shape_error;
    const sparse_vector ok{{0, 3}, {1.0, 2.0}}, short_values{{0, 3}, {1.0}}, unsorted{{3, 0}, {1.0, 2.0}},
        repeated{{2, 2}, {1.0, 2.0}};
    CHECK_THROWS_WITH(dot(ok, short_values), contains("dot") && contains("2 indices but 1 values"));
    CHECK_THROWS_WITH(norm_l2(unsorted), contains("norm_l2") && contains("strictly increasing"));
    CHECK_THROWS_AS(cosine_similarity(repeated, ok), invalid_argument);
    CHECK_THROWS_AS(cosine_similarity(ok, short_values), shape_error);
    CHECK_THROWS_WITH(to_dense({ok, unsorted}, 5), contains("to_dense") && contains("row 1"));
    CHECK_THROWS_WITH(to_dense({ok}, 3), contains("to_dense") && contains("index 3"));
    const tfidf_model m = make_tfidf(fit_term_vocabulary(guide()));
    std::vector<sparse_vector> index = tfidf_vectors(m, guide());
    index[1].values[0] = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(search(m, index, {"dog"}, 2), contains("search") && contains("document 1"));
    index[1].values[0] = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(search(m, index, {"dog"}, 2), invalid_argument);
    index[1] = unsorted;
    CHECK_THROWS_WITH(search_text(m, index, "dog", 2), contains("search_text") && contains("document 1"));
    CHECK_THROWS_WITH(search_text(m, tfidf_vectors(m, guide()), "bad \xff byte", 2), contains("decode_utf8"));
}
