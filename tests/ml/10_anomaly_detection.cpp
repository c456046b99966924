// SPDX-License-Identifier: MIT
// Tests for ml/10_anomaly_detection. Oracles: hand-worked small sets (z-scores, Tukey fences,
// 2-D normal densities, F1 of every threshold, 1-D k-means); the product of one-dimensional
// normal pdfs (stats/02) for the per-feature density; seeded synthetic Gaussian data with injected
// outliers (recall 1 and a stated precision); Wisconsin breast cancer with benign as normal and a
// seeded sample of malignant tumours as anomalies (precision and recall at stated minimums). The
// oracles, random and real data are in oracles/10_anomaly_detection.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/ml/10_anomaly_detection.hpp>

#include <cmath>
#include <cstddef>

#include "oracles/10_anomaly_detection.hpp"

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::vector;
using llmlings::testing::tolerance;
using namespace llmlings::ml;
using namespace oracles;

TEST_CASE("z-scores of a hand-worked set take the largest feature", "[ml][10_anomaly_detection]") {
    // Column 0: {1..5}, μ 3, σ = √2.5 = 1.5811; column 1 is ten times column 0.
    const matrix train{{1, 10}, {2, 20}, {3, 30}, {4, 40}, {5, 50}};
    const matrix x{{3, 80}, {8, 30}, {4, 40}};
    const vector s = zscore_scores(train, x);
    const double unit = 1.0 / std::sqrt(2.5);
    // (3,80): z = (0, 50/15.81); (8,30): (5/1.58, 0); (4,40): both 1/1.58. A few ulps.
    LLMLINGS_CHECK_CLOSE(s, (vector{5.0 * unit, 5.0 * unit, unit}), (tolerance{1e-14, 0}));
    // Any feature beyond 3 σ makes the whole sample an outlier.
    CHECK(identical(flag_outliers(s, 3.0), index_vector{1, 1, 0}));
}

TEST_CASE("IQR scores measure the distance outside the quartiles in IQRs", "[ml][10_anomaly_detection]") {
    // {1..5}: Q1 = 2, Q3 = 4 (linear interpolation), IQR 2.
    const matrix train{{1}, {2}, {3}, {4}, {5}};
    const vector s = iqr_scores(train, matrix{{10}, {-1}, {3}, {4.5}});
    LLMLINGS_CHECK_CLOSE(s, (vector{3.0, 1.5, 0.0, 0.25}), (tolerance{1e-15, 0}));  // exact binary fractions
    // Tukey's fence 1.5: −1 sits exactly on it and is not beyond it.
    CHECK(identical(flag_outliers(s, 1.5), index_vector{1, 0, 0, 0}));
}

TEST_CASE("one huge training value masks itself from the z-score but not from the IQR rule",
          "[ml][10_anomaly_detection]") {
    const matrix train{{1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {1000}};
    const matrix x{{1000}};
    // 1000 inflates σ to ≈ 315 so its own z-score is only ≈ 2.85: the 3σ rule misses it.
    CHECK(zscore_scores(train, x)(0) < 3.0);
    // Quartiles 3.25 and 7.75 ignore it: (1000 − 7.75) / 4.5 = 220.5 IQRs out.
    LLMLINGS_CHECK_CLOSE(iqr_scores(train, x)(0), (1000.0 - 7.75) / 4.5, (tolerance{1e-12, 0}));
}

TEST_CASE("injected outliers in synthetic Gaussian data are all found", "[ml][10_anomaly_detection]") {
    random_seed(42);
    const matrix train = random_normal(1000, 3);
    const matrix normal_test = random_normal(300, 3);
    const matrix test = with_injected_outliers(normal_test, 6);  // ±8 in one feature
    const index_vector truth = zeros_then_ones(300, 6);
    // 4σ: a normal sample exceeds it in one of 3 features with probability ≈ 3 · 6.3e-5.
    const pr z = anomaly_pr(truth, flag_outliers(zscore_scores(train, test), 4.0));
    CHECK(z.recall == 1.0);
    CHECK(z.precision >= 6.0 / 7.0);  // at most one false alarm among 300 (seed 42: none)
    // Tukey's 3-IQR "far out" fence is about 4.7σ for a normal: the same outliers, as few alarms.
    const pr q = anomaly_pr(truth, flag_outliers(iqr_scores(train, test), 3.0));
    CHECK(q.recall == 1.0);
    CHECK(q.precision >= 6.0 / 7.0);
    // The Gaussian density with ε picked at −log p above every training sample.
    const gaussian_model g = fit_gaussian(train);
    const vector train_scores = negated(gaussian_log_density(g, train));
    const pr d = anomaly_pr(truth, flag_outliers(negated(gaussian_log_density(g, test)), max_of(train_scores)));
    CHECK(d.recall == 1.0);
    CHECK(d.precision >= 6.0 / 7.0);
}

TEST_CASE("the Gaussian log density of a hand-worked 2-D set", "[ml][10_anomaly_detection]") {
    // Corners of a 2×2 square: μ = (1,1), Σ = I (ddof 0), so log p(x) = −log 2π − ½‖x − μ‖².
    const gaussian_model g = fit_gaussian(matrix{{0, 0}, {2, 0}, {0, 2}, {2, 2}});
    const tolerance tol{1e-14, 1e-14};  // exact inputs, a diagonal 2×2 matrix
    LLMLINGS_CHECK_CLOSE(g.mean, (vector{1, 1}), tol);
    LLMLINGS_CHECK_CLOSE(g.covariance, (matrix{{1, 0}, {0, 1}}), tol);
    const double log2pi = std::log(2.0 * 3.14159265358979323846);
    LLMLINGS_CHECK_CLOSE(gaussian_log_density(g, matrix{{1, 1}, {3, 1}, {0, 0}}),
                         (vector{-log2pi, -log2pi - 2.0, -log2pi - 1.0}), tol);
}

TEST_CASE("the per-feature density is the product of one-dimensional normal pdfs", "[ml][10_anomaly_detection]") {
    random_seed(3);
    const matrix train = scaled_columns(random_normal(50, 3), vector{1.0, 2.0, 0.5}, vector{0.0, -1.0, 4.0});
    const matrix x = random_normal(5, 3);
    const gaussian_model g = fit_gaussian(train, true);
    // A log of a product of three pdfs (stats::normal_pdf with each column's μ and σ, ddof 0) of
    // moderate size: rounding only.
    LLMLINGS_CHECK_CLOSE(gaussian_log_density(g, x), log_normal_pdf_product(train, x), (tolerance{1e-12, 1e-12}));
}

TEST_CASE("only the full covariance catches a sample that breaks a correlation", "[ml][10_anomaly_detection]") {
    // Two features that move together (y ≈ x). (1.5, −1.5) is within 1.5σ in each feature but far
    // off the diagonal, where the data never goes.
    random_seed(5);
    const matrix train = correlated_pair(400);  // t + 0.1 noise in each feature
    const matrix odd{{1.5, -1.5}};
    const gaussian_model full = fit_gaussian(train);
    const gaussian_model diag = fit_gaussian(train, true);
    CHECK(gaussian_log_density(full, odd)(0) < min_of(gaussian_log_density(full, train)));
    CHECK(gaussian_log_density(diag, odd)(0) > min_of(gaussian_log_density(diag, train)));
}

TEST_CASE("epsilon selection picks the obvious threshold on a hand-made validation set", "[ml][10_anomaly_detection]") {
    // Separable: every anomaly scores above every normal sample, so flagging above 0.4 is perfect.
    const threshold_choice a = select_threshold(index_vector{0, 0, 0, 0, 1, 1}, vector{0.1, 0.2, 0.3, 0.4, 0.9, 1.0});
    CHECK(a.threshold == 0.4);
    CHECK(a.f1 == 1.0);
    // Not separable: above 0.2 flags {0.5, 0.6, 0.9}: TP 2, FP 1, P = 2/3, R = 1, F1 = 0.8, better
    // than above 0.1 (0.667), 0.5 (0.5), 0.6 (0.667) or 0.9 (0).
    const threshold_choice b = select_threshold(index_vector{0, 0, 1, 0, 1}, vector{0.1, 0.2, 0.5, 0.6, 0.9});
    CHECK(b.threshold == 0.2);
    LLMLINGS_CHECK_CLOSE(b.f1, 0.8, (tolerance{1e-15, 0}));
    // A tie goes to the higher threshold (fewer alarms). Above 0.1 flags {0.2, 0.3, 0.4, 0.5}:
    // TP 2, FP 2, P = 1/2, R = 1, F1 = 2/3; above 0.4 flags {0.5}: TP 1, FN 1, P = 1, R = 1/2,
    // F1 = 2/3 too; above 0.2: 2/5, above 0.3: 1/2, above 0.5: 0.
    const threshold_choice c = select_threshold(index_vector{0, 1, 0, 0, 1}, vector{0.1, 0.2, 0.3, 0.4, 0.5});
    CHECK(c.threshold == 0.4);
    LLMLINGS_CHECK_CLOSE(c.f1, 2.0 / 3.0, (tolerance{1e-15, 0}));
}

TEST_CASE("the k-means detector on a hand-worked 1-D set", "[ml][10_anomaly_detection]") {
    llmlings::rng gen(1);
    const centroid_detector det = fit_centroid_detector(matrix{{0}, {1}, {10}, {11}}, 2, 1.0, gen);
    // Clusters {0,1} and {10,11}: centroids 0.5 and 10.5, every training point 0.5 away.
    const vector c = sorted_entries(det.centroids);
    LLMLINGS_CHECK_CLOSE(c, (vector{0.5, 10.5}), (tolerance{1e-15, 0}));
    LLMLINGS_CHECK_CLOSE(det.threshold, 0.5, (tolerance{1e-15, 0}));
    const vector s = centroid_distances(det.centroids, matrix{{5}, {10.25}, {-3}});
    LLMLINGS_CHECK_CLOSE(s, (vector{4.5, 0.25, 3.5}), (tolerance{1e-15, 0}));
    CHECK(identical(flag_outliers(s, det.threshold), index_vector{1, 0, 1}));
}

TEST_CASE("the k-means detector sees a gap between two blobs that one Gaussian calls typical",
          "[ml][10_anomaly_detection]") {
    random_seed(8);
    const matrix train = two_blobs(400);  // N(0, I) with x0 shifted by ±6
    const matrix gap{{0, 0}};             // between the blobs, where no sample lies
    llmlings::rng gen(2);
    const centroid_detector det = fit_centroid_detector(train, 2, 0.99, gen);
    CHECK(flag_outliers(centroid_distances(det.centroids, gap), det.threshold)(0) == 1);
    // One Gaussian puts its mean, the densest point, right in the gap.
    const gaussian_model g = fit_gaussian(train);
    CHECK(gaussian_log_density(g, gap)(0) > median_of(gaussian_log_density(g, train)));
    // The quantile threshold flags about 1 % of the training points.
    const std::size_t flagged = count_ones(flag_outliers(centroid_distances(det.centroids, train), det.threshold));
    CHECK(flagged <= 4);
}

TEST_CASE("breast cancer with benign as normal finds a seeded sample of malignant tumours",
          "[ml][10_anomaly_detection][real]") {
    if (!llmlings::testing::have_real_data({"breast_cancer.csv"})) return;
    // 237 benign tumours to fit; validation and test sets of 60 benign and 10 malignant each, from a
    // seeded Fisher–Yates shuffle of each class; log1p of the features (sizes and areas are skewed)
    const cancer_protocol p = breast_cancer_protocol();
    const matrix& train = p.train;
    // Per feature: 237 samples are few for a full 30×30 covariance (465 entries to estimate).
    const gaussian_model g = fit_gaussian(train, true);
    const threshold_choice eps = select_threshold(p.y_val, negated(gaussian_log_density(g, p.x_val)));
    const pr result = anomaly_pr(p.y_test, flag_outliers(negated(gaussian_log_density(g, p.x_test)), eps.threshold));
    INFO("validation F1 " << eps.f1 << ", test precision " << result.precision << ", recall " << result.recall);
    // Seed 2024: 9 of the 10 malignant test tumours found, with 7 false alarms among 60 benign
    // (recall 0.9, precision 9/16 = 0.5625). A screening result, not a diagnosis: the minimums
    // are stated here.
    CHECK(result.recall >= 0.8);
    CHECK(result.precision >= 0.55);
}

TEST_CASE("anomaly detectors reject bad input", "[ml][10_anomaly_detection]") {
    const matrix train{{1, 2}, {2, 3}, {4, 1}};
    CHECK_THROWS_AS(zscore_scores(train, matrix{{1, 2, 3}}), llmlings::shape_error);
    CHECK_THROWS_AS(zscore_scores(matrix{{1, 2}}, matrix{{1, 2}}), llmlings::invalid_argument);
    CHECK_THROWS_AS(zscore_scores(matrix{{1, 2}, {1, 3}}, matrix{{1, 2}}),
                    llmlings::invalid_argument);  // constant column
    CHECK_THROWS_AS(iqr_scores(matrix{{1}, {1}, {1}, {1}, {2}}, matrix{{1}}), llmlings::invalid_argument);  // IQR 0
    CHECK_THROWS_AS(fit_gaussian(matrix{{1, 2}, {2, 4}, {3, 6}}), llmlings::numerical_error);               // collinear
    CHECK_THROWS_AS(gaussian_log_density(fit_gaussian(train), matrix{{1}}), llmlings::shape_error);
    CHECK_THROWS_AS(select_threshold(index_vector{0, 1}, vector{0.5}), llmlings::shape_error);
    CHECK_THROWS_AS(select_threshold(index_vector{0, 0}, vector{0.5, 0.7}), llmlings::invalid_argument);
    CHECK_THROWS_AS(select_threshold(index_vector{0, 2}, vector{0.5, 0.7}), llmlings::invalid_argument);
    CHECK_THROWS_AS(flag_outliers(vector{1.0, std::nan("")}, 0.5), llmlings::invalid_argument);
    CHECK_THROWS_AS(centroid_distances(matrix{{0, 0}}, matrix{{1}}), llmlings::shape_error);
    llmlings::rng gen(1);
    CHECK_THROWS_AS(fit_centroid_detector(train, 2, 1.5, gen), llmlings::invalid_argument);
}
