#!/usr/bin/python3
"""Golden values for nlp/07_text_classification from scikit-learn's TfidfVectorizer and
LogisticRegression on Reuters Grain, independently of the C++ code.

    tools/fetch-data.sh                                        # .data/ReutersGrain-{train,test}.arff
    /usr/bin/python3 tools/golden/nlp_text_classification.py  # writes tests/golden/nlp/07_text_classification.txt

The ARFF files are read by read_arff() below, written from Weka's format description (not from
the C++ parser): the header up to @data, then one instance per line, 'quoted text',label, with
Weka's escapes \\n \\t \\r \\\\ \\' \\" \\% undone. Each text is tokenised by tokenize() below, written
from nlp/01's documentation of tokenize() for ASCII text (the files are pure ASCII, which the
script asserts): lowercase, maximal runs of [a-z0-9], an apostrophe kept between two letters.
TfidfVectorizer gets those tokens through analyzer=lambda tokens: tokens, so its own tokeniser
plays no part; its defaults are nlp/03's (smooth idf, raw tf, L2 norm).

LogisticRegression(C=1, solver="lbfgs", tol=1e-12, max_iter=10000) is fitted twice, with
class_weight=None and "balanced". sklearn minimises C * sum_i s_i l_i + 1/2 |w|^2 (intercept not
penalised); the C++ code minimises (1/n) sum_i s_i l_i + (lambda/2) |w|^2 with lambda = 1/(C n),
the same minimiser. `objective_*` is the latter at sklearn's solution: the C++ fit must reach it.

  counts          (6)  n_train, positives_train, n_test, positives_test, total training tokens,
                       training tokens of the first document
  features        (2)  |V| of the training documents, nonzero entries of their TF-IDF rows
  class_weights   (2)  sklearn's compute_class_weight("balanced") on the training labels
  objective_<w>   (1)  the mean-form objective above at sklearn's optimum, w = unweighted|balanced
  report_<w>      (8)  on the test set: TP, FP, FN, TN, accuracy, precision, recall, F1 (class 1)
"""
import pathlib
import sys

import numpy as np
import scipy
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_score, recall_score
from sklearn.utils.class_weight import compute_class_weight

import goldenfile

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
DATA = ROOT / ".data"
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "%": "%"}


def read_arff(path):
    texts, labels, in_data = [], [], False
    for line in path.read_text(encoding="ascii").split("\n"):
        if not in_data:
            in_data = line.lower().startswith("@data")
            continue
        if not line.strip():
            continue
        assert line[0] == "'", line[:40]
        i, out = 1, []
        while line[i] != "'":
            if line[i] == "\\":
                out.append(ESCAPES[line[i + 1]])
                i += 2
            else:
                out.append(line[i])
                i += 1
        assert line[i + 1] == ",", line[i:]
        texts.append("".join(out))
        labels.append(int(line[i + 2:]))
    return texts, np.array(labels)


def tokenize(text):
    assert text.isascii()
    t = text.lower()
    tokens, word = [], ""
    for i, c in enumerate(t):
        if c.isascii() and (c.isalpha() or c.isdigit()):
            word += c
        elif c == "'" and word and t[i - 1].isalpha() and i + 1 < len(t) and t[i + 1].isalpha():
            word += c
        elif word:
            tokens.append(word)
            word = ""
    if word:
        tokens.append(word)
    return tokens


def report(y, p):
    tn, fp, fn, tp = confusion_matrix(y, p, labels=[0, 1]).ravel()
    return [tp, fp, fn, tn, accuracy_score(y, p), precision_score(y, p, zero_division=0),
            recall_score(y, p, zero_division=0), f1_score(y, p, zero_division=0)]


def main():
    train_texts, y_train = read_arff(DATA / "ReutersGrain-train.arff")
    test_texts, y_test = read_arff(DATA / "ReutersGrain-test.arff")
    train_tokens = [tokenize(t) for t in train_texts]
    test_tokens = [tokenize(t) for t in test_texts]
    vectorizer = TfidfVectorizer(analyzer=lambda tokens: tokens)
    x_train = vectorizer.fit_transform(train_tokens)
    x_test = vectorizer.transform(test_tokens)
    n = x_train.shape[0]
    arrays = [
        ("counts", [n, y_train.sum(), len(y_test), y_test.sum(), sum(map(len, train_tokens)), len(train_tokens[0])]),
        ("features", [x_train.shape[1], x_train.nnz]),
        ("class_weights", compute_class_weight("balanced", classes=np.array([0, 1]), y=y_train)),
    ]
    for name, class_weight in (("unweighted", None), ("balanced", "balanced")):
        model = LogisticRegression(C=1.0, class_weight=class_weight, solver="lbfgs", tol=1e-12, max_iter=10000)
        model.fit(x_train, y_train)
        s = np.ones(n) if class_weight is None else compute_class_weight("balanced", classes=np.array([0, 1]),
                                                                          y=y_train)[y_train]
        z = x_train @ model.coef_[0] + model.intercept_[0]
        loss = np.maximum(z, 0) - y_train * z + np.log1p(np.exp(-np.abs(z)))
        objective = (s * loss).mean() + 0.5 / n * model.coef_[0] @ model.coef_[0]
        arrays.append((f"objective_{name}", [objective]))
        arrays.append((f"report_{name}", report(y_test, model.predict(x_test))))
    versions = (f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, scipy {scipy.__version__}, "
                f"python {sys.version.split()[0]}; data: weka 3.6.14 ReutersGrain-{{train,test}}.arff")
    goldenfile.write(ROOT / "tests/golden/nlp/07_text_classification.txt", "tools/golden/nlp_text_classification.py",
                     versions, "none (lbfgs is deterministic)", arrays)


if __name__ == "__main__":
    main()
