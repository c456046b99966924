#!/usr/bin/python3
"""Golden values for nlp/03_tfidf from scikit-learn's CountVectorizer, TfidfVectorizer and
cosine_similarity, independently of the C++ code.

    /usr/bin/python3 tools/golden/nlp_tfidf.py    # writes tests/golden/nlp/03_tfidf.txt

The documents and queries are DOCS and QUERIES below, already tokens: each line split on spaces
(the test oracle, tests/nlp/oracles/03_tfidf.cpp, repeats them word for word). sklearn is given
those tokens through a custom analyzer (analyzer=lambda tokens: tokens), so that its tokenisation
is not what is compared. Words are written as indices into SYMBOLS: every token of DOCS and
QUERIES, sorted by Python's sorted() (code-point order, which is the byte order of UTF-8).

  symbol_count            (1)          len(SYMBOLS), to check that the corpora are the same
  vocab_<c>               (|V|)        CountVectorizer(**VOCAB_CONFIGS[c]).get_feature_names_out()
  df_<c>                  (|V|)        the document frequency of each term, (X > 0).sum(axis=0)
  counts_<c>              (N, |V|)     CountVectorizer(...).fit_transform(DOCS), dense
  binary_counts           (N, |V|)     CountVectorizer(binary=True), default vocabulary
  query_counts            (Q, |V|)     CountVectorizer().transform(QUERIES): unknown words ignored
  idf_<v>                 (|V|)        the idf of each idf variant (TFIDF_IDF), default vocabulary
  tfidf_<t>_<v>_<n>       (N, |V|)     TfidfVectorizer(...).fit_transform(DOCS), dense, for each
                                       (tf, idf, norm) of TFIDF_CONFIGS
  query_tfidf_<t>_<v>_<n> (Q, |V|)     .transform(QUERIES) of the same, for QUERY_CONFIGS
  cosine_docs             (N, N)       sklearn.metrics.pairwise.cosine_similarity of the default
                                       TF-IDF rows (a zero row gives 0)
  cosine_queries          (Q, N)       the same between the default TF-IDF queries and documents

The idf variants: "none" is use_idf=False; "log_plus_one" is smooth_idf=False, ln(N/df) + 1;
"smooth_log_plus_one" is the default, ln((1 + N)/(1 + df)) + 1; "log", the textbook ln(N/df),
is not a sklearn option: the fitted TfidfVectorizer gets idf_ = numpy.log(N / df) (its documented
idf_ setter) and sklearn does the rest (tf, product, normalisation).

The script asserts what the tests rely on: no two documents of a query's ranking have cosines
closer than 1e-9 unless they are equal (duplicate documents), so the order "score descending,
then index ascending" is the same whatever the rounding; and max_features never has to choose
between terms of the same collection frequency (sklearn 1.2 breaks such ties with NumPy's
unstable argsort, the C++ code by the term order).
"""
import pathlib
import sys

import numpy as np
import scipy
import sklearn
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

import goldenfile

DOCS = [
    "the cat sat on the mat",
    "the dog sat on the log",
    "the cat saw the dog and the dog saw the cat",
    "a café in zürich serves crème brûlée",
    "the café near the mat serves the cat",
    "",
    "日本 の 猫 cat",
    "the the the the",
    "dog dog dog bites man",
    "man bites dog",
    "dog bites man",
]
QUERIES = [
    "the cat on the mat",
    "zebra quagga",
    "dog bites man dog",
    "café cat 猫 zebra",
    "",
]
# name -> CountVectorizer keyword arguments (min_df an int, max_df a float, as the C++ options)
VOCAB_CONFIGS = {
    "all": {},
    "min_df_2": {"min_df": 2},
    "max_df_0_3": {"max_df": 0.3},
    "max_features_5": {"max_features": 5},
    "combined": {"min_df": 2, "max_df": 0.4, "max_features": 3},
}
TFIDF_TF = {"raw": {}, "binary": {"binary": True}, "sublinear": {"sublinear_tf": True}}
TFIDF_IDF = {
    "none": {"use_idf": False},
    "log": {"smooth_idf": False},  # then idf_ = ln(N/df), set below
    "log_plus_one": {"smooth_idf": False},
    "smooth_log_plus_one": {},
}
TFIDF_NORM = {"l2": {"norm": "l2"}, "none": {"norm": None}}
TFIDF_CONFIGS = [
    ("raw", "smooth_log_plus_one", "l2"),
    ("raw", "smooth_log_plus_one", "none"),
    ("raw", "log_plus_one", "l2"),
    ("raw", "log", "l2"),
    ("raw", "log", "none"),
    ("raw", "none", "l2"),
    ("binary", "smooth_log_plus_one", "l2"),
    ("binary", "log_plus_one", "none"),
    ("sublinear", "smooth_log_plus_one", "l2"),
    ("sublinear", "log", "none"),
]
QUERY_CONFIGS = [("raw", "smooth_log_plus_one", "l2"), ("sublinear", "log", "none")]
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "nlp" / "03_tfidf.txt"


def tokens(lines):
    return [line.split() for line in lines]


def identity(doc):
    return doc


def tfidf(tf, idf, norm):
    """The fitted TfidfVectorizer of one (tf, idf, norm) configuration."""
    vec = TfidfVectorizer(analyzer=identity, **TFIDF_TF[tf], **TFIDF_IDF[idf], **TFIDF_NORM[norm])
    vec.fit(tokens(DOCS))
    if idf == "log":
        counts = CountVectorizer(analyzer=identity).fit_transform(tokens(DOCS))
        df = np.asarray((counts > 0).sum(axis=0)).ravel()
        vec.idf_ = np.log(len(DOCS) / df)
    return vec


def check_ranking(scores):
    """Distinct cosines of one query are more than 1e-9 apart."""
    values = np.sort(np.unique(scores))
    assert np.all(np.diff(values) > 1e-9), values


def main():
    symbols = sorted({w for line in DOCS + QUERIES for w in line.split()})
    index = {w: i for i, w in enumerate(symbols)}
    arrays = {"symbol_count": [len(symbols)]}
    docs, queries = tokens(DOCS), tokens(QUERIES)
    for name, kwargs in VOCAB_CONFIGS.items():
        vec = CountVectorizer(analyzer=identity, **kwargs)
        counts = vec.fit_transform(docs)
        terms = list(vec.get_feature_names_out())
        assert terms == sorted(terms)
        if "max_features" in kwargs:  # no tie in collection frequency at the cut
            allowed = CountVectorizer(analyzer=identity, **{k: v for k, v in kwargs.items() if k != "max_features"})
            cf = np.sort(np.asarray(allowed.fit_transform(docs).sum(axis=0)).ravel())[::-1]
            assert cf[kwargs["max_features"] - 1] > cf[kwargs["max_features"]], cf
        arrays[f"vocab_{name}"] = [index[t] for t in terms]
        arrays[f"df_{name}"] = np.asarray((counts > 0).sum(axis=0)).ravel()
        arrays[f"counts_{name}"] = counts.toarray()
        if name == "all":
            arrays["query_counts"] = vec.transform(queries).toarray()
            arrays["binary_counts"] = CountVectorizer(analyzer=identity, binary=True).fit_transform(docs).toarray()
    for idf in TFIDF_IDF:
        arrays[f"idf_{idf}"] = tfidf("raw", idf, "l2").idf_ if idf != "none" else np.ones(len(arrays["df_all"]))
    for config in TFIDF_CONFIGS:
        vec = tfidf(*config)
        assert list(vec.get_feature_names_out()) == [symbols[i] for i in arrays["vocab_all"]]
        arrays["tfidf_" + "_".join(config)] = vec.transform(docs).toarray()
        if config in QUERY_CONFIGS:
            arrays["query_tfidf_" + "_".join(config)] = vec.transform(queries).toarray()
    default = tfidf("raw", "smooth_log_plus_one", "l2")
    d, q = default.transform(docs), default.transform(queries)
    arrays["cosine_docs"] = cosine_similarity(d)
    arrays["cosine_queries"] = cosine_similarity(q, d)
    for row in np.vstack([arrays["cosine_docs"], arrays["cosine_queries"]]):
        check_ranking(row)
    versions = (f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, scipy {scipy.__version__}, "
                f"python {sys.version.split()[0]}")
    goldenfile.write(OUT, "tools/golden/nlp_tfidf.py", versions, "none (no random numbers)", arrays)


if __name__ == "__main__":
    main()
