// SPDX-License-Identifier: MIT
// Tests for ml/04_metrics. Oracles: hand-worked confusion matrices; the worked examples of the
// scikit-learn documentation (precision_score, recall_score, f1_score, roc_curve, roc_auc_score);
// closed forms (perfect, reversed and constant rankings); a brute-force count over all
// (positive, negative) pairs for the AUC, written independently of the code under test. The
// oracles and random data are in oracles/04_metrics.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/ml/04_metrics.hpp>

#include <cmath>
#include <cstddef>
#include <limits>

#include "oracles/04_metrics.hpp"

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::ml;
using namespace oracles;

namespace {

// Every expected value in these tests is a ratio of small integers: a few roundings at most.
const tolerance exact{1e-15, 1e-15};

// The example of scikit-learn's precision_score / recall_score / f1_score documentation.
const index_vector sk_true{0, 1, 2, 0, 1, 2};
const index_vector sk_pred{0, 2, 1, 0, 0, 1};

}  // namespace

TEST_CASE("the confusion matrix counts true classes by rows and predictions by columns", "[ml][04_metrics]") {
    // class 0: both predicted 0; class 1: predicted 2 and 0; class 2: predicted 1 twice
    const matrix expected{{2, 0, 0}, {1, 0, 1}, {0, 2, 0}};
    LLMLINGS_CHECK_CLOSE(confusion_matrix(sk_true, sk_pred), expected, exact);
    // binary, 1 = positive: [[TN, FP], [FN, TP]]
    const index_vector y{1, 1, 1, 0, 0, 0, 0, 1};
    const index_vector p{1, 0, 1, 0, 1, 0, 0, 1};
    LLMLINGS_CHECK_CLOSE(confusion_matrix(y, p), (matrix{{3, 1}, {1, 3}}), exact);
    // an explicit number of classes pads with zero rows and columns
    LLMLINGS_CHECK_CLOSE(confusion_matrix(y, p, 3), (matrix{{3, 1, 0}, {1, 3, 0}, {0, 0, 0}}), exact);
}

TEST_CASE("the confusion matrix rejects mismatched empty or out-of-range labels", "[ml][04_metrics]") {
    CHECK_THROWS_AS(confusion_matrix(index_vector{0, 1}, index_vector{0}), llmlings::shape_error);
    CHECK_THROWS_AS(confusion_matrix(index_vector{}, index_vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(confusion_matrix(index_vector{0, 3}, index_vector{0, 1}, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(confusion_matrix(index_vector{0, 1}, index_vector{0, 2}, 2), llmlings::invalid_argument);
}

TEST_CASE("accuracy is the fraction of correct predictions", "[ml][04_metrics]") {
    LLMLINGS_CHECK_CLOSE(accuracy(sk_true, sk_pred), 2.0 / 6.0, exact);
    CHECK(accuracy(index_vector{1, 2, 3}, index_vector{1, 2, 3}) == 1.0);
    CHECK(accuracy(index_vector{0, 0}, index_vector{1, 1}) == 0.0);
}

TEST_CASE("accuracy equals the trace of the confusion matrix over its sum", "[ml][04_metrics]") {
    random_seed(40);
    const index_vector y = random_labels(200, 4);
    const index_vector p = random_labels(200, 4);
    const matrix c = confusion_matrix(y, p);
    REQUIRE(c.shape()[0] == 4);
    CHECK(total(c) == 200.0);
    LLMLINGS_CHECK_CLOSE(accuracy(y, p), trace(c) / total(c), exact);
}

TEST_CASE("accuracy rejects empty or mismatched labels", "[ml][04_metrics]") {
    CHECK_THROWS_AS(accuracy(index_vector{}, index_vector{}), llmlings::invalid_argument);
    CHECK_THROWS_AS(accuracy(index_vector{0, 1, 1}, index_vector{0, 1}), llmlings::shape_error);
}

TEST_CASE("binary precision recall and F1 from a hand-worked confusion matrix", "[ml][04_metrics]") {
    // TN = 4, FP = 1, FN = 2, TP = 3: P = 3/4, R = 3/5, F1 = 2·TP/(2·TP + FP + FN) = 6/9
    const matrix c{{4, 1}, {2, 3}};
    LLMLINGS_CHECK_CLOSE(precision_per_class(c), (vector{4.0 / 6.0, 3.0 / 4.0}), exact);
    LLMLINGS_CHECK_CLOSE(recall_per_class(c), (vector{4.0 / 5.0, 3.0 / 5.0}), exact);
    LLMLINGS_CHECK_CLOSE(f1_per_class(c), (vector{8.0 / 11.0, 6.0 / 9.0}), exact);
}

TEST_CASE("per-class scores of the scikit-learn documentation example", "[ml][04_metrics]") {
    const matrix c = confusion_matrix(sk_true, sk_pred);
    LLMLINGS_CHECK_CLOSE(precision_per_class(c), (vector{2.0 / 3.0, 0.0, 0.0}), exact);
    LLMLINGS_CHECK_CLOSE(recall_per_class(c), (vector{1.0, 0.0, 0.0}), exact);
    LLMLINGS_CHECK_CLOSE(f1_per_class(c), (vector{0.8, 0.0, 0.0}), exact);
}

TEST_CASE("micro macro and weighted averages match the scikit-learn documentation", "[ml][04_metrics]") {
    // sklearn docs: precision macro 0.22..., micro 0.33..., weighted 0.22...; recall macro,
    // micro and weighted 0.33...; f1 macro 0.26..., micro 0.33..., weighted 0.26...
    const matrix c = confusion_matrix(sk_true, sk_pred);
    LLMLINGS_CHECK_CLOSE(precision_score(c, average::macro), 2.0 / 9.0, exact);
    LLMLINGS_CHECK_CLOSE(precision_score(c, average::micro), 1.0 / 3.0, exact);
    LLMLINGS_CHECK_CLOSE(precision_score(c, average::weighted), 2.0 / 9.0, exact);
    LLMLINGS_CHECK_CLOSE(recall_score(c, average::macro), 1.0 / 3.0, exact);
    LLMLINGS_CHECK_CLOSE(recall_score(c, average::micro), 1.0 / 3.0, exact);
    LLMLINGS_CHECK_CLOSE(recall_score(c, average::weighted), 1.0 / 3.0, exact);
    LLMLINGS_CHECK_CLOSE(f1_score(c, average::macro), 4.0 / 15.0, exact);  // 0.2667
    LLMLINGS_CHECK_CLOSE(f1_score(c, average::micro), 1.0 / 3.0, exact);   // 0.3333
    LLMLINGS_CHECK_CLOSE(f1_score(c, average::weighted), 4.0 / 15.0, exact);
}

TEST_CASE("accuracy flatters a classifier that ignores a rare class but macro F1 does not", "[ml][04_metrics]") {
    // 95 negatives, 5 positives, the model always answers 0
    const index_vector y = every_nth(100, 20);  // rows 0, 20, 40, 60, 80
    const index_vector p = zero_labels(100);
    const matrix c = confusion_matrix(y, p, 2);
    LLMLINGS_CHECK_CLOSE(accuracy(y, p), 0.95, exact);
    CHECK(recall_per_class(c)(1) == 0.0);
    CHECK(precision_per_class(c)(1) == 0.0);  // never predicted: 0/0 counts as 0, not NaN
    // F1 of class 0: 2·0.95·1 / 1.95 = 38/39; class 1: 0; macro: 19/39 ≈ 0.487
    LLMLINGS_CHECK_CLOSE(f1_score(c, average::macro), 19.0 / 39.0, exact);
    LLMLINGS_CHECK_CLOSE(f1_score(c, average::micro), 0.95, exact);
}

TEST_CASE("a class that occurs nowhere is left out of the macro average", "[ml][04_metrics]") {
    const matrix c3 = confusion_matrix(sk_true, sk_pred);
    const matrix c5 = confusion_matrix(sk_true, sk_pred, 5);  // classes 3 and 4 never occur
    LLMLINGS_CHECK_CLOSE(precision_score(c5, average::macro), precision_score(c3, average::macro), exact);
    LLMLINGS_CHECK_CLOSE(recall_score(c5, average::macro), 1.0 / 3.0, exact);
    LLMLINGS_CHECK_CLOSE(f1_score(c5, average::macro), 4.0 / 15.0, exact);
    // but a class that is predicted and never true does count, with recall 0
    const matrix c{{1, 1}, {0, 0}};  // one 0 predicted 0, one 0 predicted 1
    LLMLINGS_CHECK_CLOSE(recall_score(c, average::macro), 0.25, exact);
    LLMLINGS_CHECK_CLOSE(precision_score(c, average::macro), 0.5, exact);
}

TEST_CASE("micro precision recall and F1 all equal the accuracy", "[ml][04_metrics]") {
    random_seed(41);
    for (int trial = 0; trial < 5; ++trial) {
        const index_vector y = random_labels(60, 3);
        const index_vector p = random_labels(60, 3);
        const matrix c = confusion_matrix(y, p, 3);
        const double acc = accuracy(y, p);
        LLMLINGS_CHECK_CLOSE(precision_score(c, average::micro), acc, exact);
        LLMLINGS_CHECK_CLOSE(recall_score(c, average::micro), acc, exact);
        LLMLINGS_CHECK_CLOSE(f1_score(c, average::micro), acc, exact);
        LLMLINGS_CHECK_CLOSE(recall_score(c, average::weighted), acc, exact);  // n_c·R_c = TP_c
    }
}

TEST_CASE("per-class and averaged scores reject a bad confusion matrix", "[ml][04_metrics]") {
    const matrix not_square{{1, 2, 3}, {4, 5, 6}};
    CHECK_THROWS_AS(precision_per_class(not_square), llmlings::shape_error);
    CHECK_THROWS_AS(recall_per_class(not_square), llmlings::shape_error);
    CHECK_THROWS_AS(f1_per_class(not_square), llmlings::shape_error);
    CHECK_THROWS_AS(f1_score(not_square, average::macro), llmlings::shape_error);
    const matrix zeros = zero_matrix(2, 2);
    CHECK_THROWS_AS(precision_score(zeros, average::micro), llmlings::invalid_argument);
    CHECK_THROWS_AS(f1_score(zeros, average::macro), llmlings::invalid_argument);
}

TEST_CASE("the ROC curve of the scikit-learn documentation example", "[ml][04_metrics]") {
    const roc_points r = roc_curve(index_vector{0, 0, 1, 1}, vector{0.1, 0.4, 0.35, 0.8});
    LLMLINGS_CHECK_CLOSE(r.fpr, (vector{0, 0, 0.5, 0.5, 1}), exact);
    LLMLINGS_CHECK_CLOSE(r.tpr, (vector{0, 0.5, 0.5, 1, 1}), exact);
    const double inf = std::numeric_limits<double>::infinity();
    LLMLINGS_CHECK_CLOSE(r.thresholds, (vector{inf, 0.8, 0.4, 0.35, 0.1}), exact);
}

TEST_CASE("tied scores make one diagonal step of the ROC curve", "[ml][04_metrics]") {
    // sorted by score: 0.9 (pos), then 0.5 (neg and pos tied), then 0.2 (neg)
    const index_vector y{0, 1, 0, 1};
    const vector s{0.5, 0.5, 0.2, 0.9};
    const roc_points r = roc_curve(y, s);
    LLMLINGS_CHECK_CLOSE(r.fpr, (vector{0, 0, 0.5, 1}), exact);
    LLMLINGS_CHECK_CLOSE(r.tpr, (vector{0, 0.5, 1, 1}), exact);
    // area: the diagonal step (0,0.5)→(0.5,1) gives 0.375, the last segment 0.5
    LLMLINGS_CHECK_CLOSE(roc_auc_score(y, s), 0.875, exact);
}

TEST_CASE("ROC AUC of the scikit-learn example and of perfect reversed and constant rankings", "[ml][04_metrics]") {
    LLMLINGS_CHECK_CLOSE(roc_auc_score(index_vector{0, 0, 1, 1}, vector{0.1, 0.4, 0.35, 0.8}), 0.75, exact);
    const index_vector y{0, 1, 0, 1, 1, 0};
    LLMLINGS_CHECK_CLOSE(roc_auc_score(y, vector{1, 5, 2, 6, 4, 3}), 1.0, exact);  // every positive above
    LLMLINGS_CHECK_CLOSE(roc_auc_score(y, vector{6, 2, 5, 1, 3, 4}), 0.0, exact);  // every positive below
    LLMLINGS_CHECK_CLOSE(roc_auc_score(y, vector{7, 7, 7, 7, 7, 7}), 0.5, exact);  // one diagonal step
    const roc_points flat = roc_curve(y, vector{7, 7, 7, 7, 7, 7});
    LLMLINGS_CHECK_CLOSE(flat.fpr, (vector{0, 1}), exact);
    LLMLINGS_CHECK_CLOSE(flat.tpr, (vector{0, 1}), exact);
}

TEST_CASE("the trapezoid rule is exact on polylines", "[ml][04_metrics]") {
    LLMLINGS_CHECK_CLOSE(auc(vector{0, 0.5, 1}, vector{0, 1, 1}), 0.75, exact);
    LLMLINGS_CHECK_CLOSE(auc(vector{0, 1}, vector{0, 1}), 0.5, exact);
    LLMLINGS_CHECK_CLOSE(auc(vector{1, 3, 3, 4}, vector{2, 2, 5, 1}), 4.0 + 0.0 + 3.0, exact);
    LLMLINGS_CHECK_CLOSE(auc(vector{0, 2}, vector{-1, -1}), -2.0, exact);
}

TEST_CASE("auc rejects decreasing x too few points and mismatched lengths", "[ml][04_metrics]") {
    CHECK_THROWS_AS(auc(vector{0, 1, 0.5}, vector{0, 1, 1}), llmlings::invalid_argument);
    CHECK_THROWS_AS(auc(vector{0}, vector{1}), llmlings::invalid_argument);
    CHECK_THROWS_AS(auc(vector{0, 1}, vector{0, 1, 1}), llmlings::shape_error);
}

TEST_CASE("the Mann-Whitney AUC of the scikit-learn example and with ties", "[ml][04_metrics]") {
    LLMLINGS_CHECK_CLOSE(auc_mann_whitney(index_vector{0, 0, 1, 1}, vector{0.1, 0.4, 0.35, 0.8}), 0.75, exact);
    // pairs (pos, neg): (0.5,0.5) half, (0.5,0.2), (0.9,0.5), (0.9,0.2) won: 3.5 / 4
    LLMLINGS_CHECK_CLOSE(auc_mann_whitney(index_vector{0, 1, 0, 1}, vector{0.5, 0.5, 0.2, 0.9}), 0.875, exact);
    LLMLINGS_CHECK_CLOSE(auc_mann_whitney(index_vector{1, 0, 1}, vector{3, 3, 3}), 0.5, exact);
}

TEST_CASE("the ROC AUC is the probability of ranking a positive above a negative", "[ml][04_metrics]") {
    random_seed(42);
    for (int trial = 0; trial < 10; ++trial) {
        index_vector y = random_labels(80, 2);
        y(0) = 0;  // make sure both classes occur
        y(1) = 1;
        // rounded to one decimal, so many scores tie
        const vector s = tied_scores(y);
        const double expected = pair_count_auc(y, s);
        // both are sums of a few hundred multiples of 1/(P·N): rounding only
        LLMLINGS_CHECK_CLOSE(roc_auc_score(y, s), expected, (tolerance{1e-13, 1e-14}));
        LLMLINGS_CHECK_CLOSE(auc_mann_whitney(y, s), expected, (tolerance{1e-13, 1e-14}));
        // only the ranking matters: an increasing transform changes nothing
        LLMLINGS_CHECK_CLOSE(roc_auc_score(y, squashed(s)), expected, (tolerance{1e-13, 1e-14}));
    }
}

TEST_CASE("ROC functions reject non-binary labels one class NaN scores and bad lengths", "[ml][04_metrics]") {
    CHECK_THROWS_AS(roc_curve(index_vector{0, 2, 1}, vector{0.1, 0.2, 0.3}), llmlings::invalid_argument);
    CHECK_THROWS_AS(roc_curve(index_vector{1, 1, 1}, vector{0.1, 0.2, 0.3}), llmlings::invalid_argument);
    CHECK_THROWS_AS(roc_auc_score(index_vector{0, 0}, vector{0.1, 0.2}), llmlings::invalid_argument);
    CHECK_THROWS_AS(roc_curve(index_vector{0, 1}, vector{0.1, std::nan("")}), llmlings::invalid_argument);
    CHECK_THROWS_AS(roc_curve(index_vector{0, 1}, vector{0.1, 0.2, 0.3}), llmlings::shape_error);
    CHECK_THROWS_AS(auc_mann_whitney(index_vector{0, 0, 0}, vector{0.1, 0.2, 0.3}), llmlings::invalid_argument);
    CHECK_THROWS_AS(auc_mann_whitney(index_vector{0, 1}, vector{0.1}), llmlings::shape_error);
}

TEST_CASE("roc auc names itself for one class or a NaN score", "[ml][04_metrics]") {
    // roc_auc_score is the area under roc_curve; errors must name the function called
    CHECK_THROWS_AS(roc_auc_score(index_vector{1, 1}, vector{0.2, 0.3}), llmlings::invalid_argument);
    CHECK_THROWS_WITH(roc_auc_score(index_vector{1, 1}, vector{0.2, 0.3}),
                      llmlings::testing::contains("roc_auc_score") && llmlings::testing::contains("both classes"));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(roc_auc_score(index_vector{0, 1}, vector{0.2, nan}),
                      llmlings::testing::contains("roc_auc_score") && llmlings::testing::contains("NaN"));
}
