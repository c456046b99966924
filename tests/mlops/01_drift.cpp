// SPDX-License-Identifier: MIT
// Tests for mlops/01_drift. Oracles: hand-worked edges, counts, PSI values and KS statistics
// (ties at edges, a constant reference, the epsilon floor); closed forms (PSI = ¼ ln 3, D = 0 and
// 1); NumPy and SciPy golden values (tools/golden/mlops_drift.py: np.quantile, np.searchsorted,
// np.bincount, scipy.stats.ks_2samp, scipy.special.kolmogorov) on stored sample pairs; and
// properties of seeded normal samples (stats/03) with and without a shift. The golden file, the
// samples and the small inputs are in oracles/01_drift.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/mlops/01_drift.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "oracles/01_drift.hpp"

using llmlings::index_vector;
using llmlings::vector;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::mlops;
using namespace oracles;

namespace {

using counts = std::vector<std::size_t>;

const double infinity = std::numeric_limits<double>::infinity();
const double not_a_number = std::numeric_limits<double>::quiet_NaN();

// Edges are interpolated between order statistics: NumPy computes the position (n - 1) q in
// another order than stats::quantile, so the two agree to a few roundings, not bit for bit.
const tolerance edge_tol{1e-14, 1e-15};
// PSI: a sum of a few dozen terms, each a logarithm of a quotient; NumPy sums in another order.
const tolerance psi_tol{1e-13, 1e-15};
// D is i/n − j/m, the same two divisions and one subtraction as SciPy's: equal to rounding.
const tolerance d_tol{1e-15, 1e-15};
// The Kolmogorov tail: our two series against SciPy's (Cephes-style) evaluation of the same
// series, in another order; λ² enters an exponential, so a rounding of λ² shows up relative.
const tolerance q_tol{1e-13, 0};

}  // namespace

TEST_CASE("quantile edges are the reference's quantiles at k over bins", "[mlops][01_drift]") {
    // 1 … 10 with 4 bins: h = 9 q = 2.25, 4.5, 6.75 → 3 + 0.25, 5 + 0.5, 7 + 0.75.
    const vector one_to_ten = vector_from({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    CHECK_CLOSE_AT(quantile_edges(one_to_ten, 4), vector_from({3.25, 5.5, 7.75}), edge_tol);
    // The order of the values does not matter.
    CHECK_CLOSE_AT(quantile_edges(reversed(one_to_ten), 4), vector_from({3.25, 5.5, 7.75}), edge_tol);
    // Two bins: the median.
    CHECK_CLOSE_AT(quantile_edges(one_to_ten, 2), vector_from({5.5}), edge_tol);
    // The deciles (the default 10 bins) of 0 … 100 are 10, 20, …, 90 exactly.
    CHECK_CLOSE_AT(quantile_edges(arange(101)), vector_from({10, 20, 30, 40, 50, 60, 70, 80, 90}), edge_tol);
    // Five bins of 0 … 4: h = 4 q = 0.8, 1.6, 2.4, 3.2.
    CHECK_CLOSE_AT(quantile_edges(arange(5), 5), vector_from({0.8, 1.6, 2.4, 3.2}), edge_tol);
}

TEST_CASE("tied quantiles are merged into one edge", "[mlops][01_drift]") {
    // Seven zeros: the quantiles at 1/4 and 1/2 are both 0, the one at 3/4 is 0 + 0.75 (1 − 0).
    const vector mostly_zero = vector_from({0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
    CHECK_CLOSE_AT(quantile_edges(mostly_zero, 4), vector_from({0, 0.75}), edge_tol);
    // Six ones, two twos, two threes in 10 bins: h = 0.9 k gives the quantiles 1, 1, 1, 1, 1,
    // 1.4, 2, 2.2, 3 (NumPy: the same), so five edges and six bins.
    const vector integers = vector_from({1, 1, 1, 1, 1, 1, 2, 2, 3, 3});
    CHECK_CLOSE_AT(quantile_edges(integers), vector_from({1, 1.4, 2, 2.2, 3}), edge_tol);
    CHECK(counts_of(bin_counts(quantile_edges(integers), integers)) == counts{6, 0, 2, 0, 2, 0});
}

TEST_CASE("a value equal to an edge is counted in the lower bin", "[mlops][01_drift]") {
    // Bins (−∞, 1], (1, 2], (2, +∞): 1 and 2 sit on edges and go down.
    const vector edges = vector_from({1, 2});
    CHECK(counts_of(bin_counts(edges, vector_from({0.5, 1, 1.5, 2, 9}))) == counts{2, 2, 1});
    CHECK(counts_of(bin_counts(edges, vector_from({2, 2, 1, 1, 1}))) == counts{3, 2, 0});
    // Just above an edge goes up.
    CHECK(counts_of(bin_counts(edges, vector_from({std::nextafter(1.0, 2.0), std::nextafter(2.0, 3.0)}))) ==
          counts{0, 1, 1});
    // The seven zeros of the reference above all fall in (−∞, 0].
    const vector mostly_zero = vector_from({0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
    CHECK(counts_of(bin_counts(vector_from({0, 0.75}), mostly_zero)) == counts{7, 0, 3});
}

TEST_CASE("infinities land in the end bins and an empty sample counts nothing", "[mlops][01_drift]") {
    const vector edges = vector_from({-1, 0, 1});
    CHECK(counts_of(bin_counts(edges, vector_from({-infinity, infinity, 0.5, infinity, -1e300}))) ==
          counts{2, 0, 1, 2});
    CHECK(counts_of(bin_counts(edges, vector_from({}))) == counts{0, 0, 0, 0});
    // No edges: one bin holds everything.
    CHECK(counts_of(bin_counts(vector_from({}), vector_from({-infinity, 3, 7}))) == counts{3});
}

TEST_CASE("quantile edges of a reference put a tenth of it in each bin", "[mlops][01_drift]") {
    // n = 5000 continuous values: the edge at k/10 lies between the order statistics 500k − 1 and
    // 500k (h = 499.9 k), so each decile bin holds exactly 500.
    const vector reference = normal_sample(5000, 11);
    const vector edges = quantile_edges(reference);
    CHECK(edges.size() == 9);
    CHECK(counts_of(bin_counts(edges, reference)) == counts(10, 500));
}

TEST_CASE("a constant reference gives one edge and still works", "[mlops][01_drift]") {
    const vector constant = vector_from({5, 5, 5, 5, 5, 5});
    CHECK_CLOSE_AT(quantile_edges(constant), vector_from({5}), edge_tol);
    const drift_report same = detect_drift(constant, vector_from({5, 5, 5}));
    CHECK(same.edges.size() == 1);
    CHECK(counts_of(same.reference_counts) == counts{6, 0});
    CHECK(counts_of(same.current_counts) == counts{3, 0});
    CHECK(same.psi == 0.0);  // equal proportions, both floored alike
    CHECK(same.ks_statistic == 0.0);
    CHECK(same.p_value == 1.0);
    CHECK_FALSE(same.drifted);
    // Half of the current sample above the constant: p = (1, 1e-4 floored), q = (½, ½):
    // PSI = (½ − 1) ln ½ + (½ − 1e-4) ln(½ / 1e-4) = 4.6043 (NumPy: 4.604318466668949).
    const drift_report moved = detect_drift(constant, vector_from({5, 5, 6, 6}));
    CHECK(counts_of(moved.current_counts) == counts{2, 2});
    CHECK_CLOSE_AT(moved.psi, 4.604318466668949, psi_tol);
    CHECK_CLOSE_AT(moved.ks_statistic, 0.5, d_tol);
    CHECK(moved.drifted);
}

TEST_CASE("PSI of equal proportions is zero", "[mlops][01_drift]") {
    // 10/60 and 1/6 are the same correctly rounded double, and so on: every term is exactly 0.
    CHECK(psi(labels_of({10, 20, 30}), labels_of({1, 2, 3})) == 0.0);
    CHECK(psi(labels_of({7}), labels_of({3})) == 0.0);  // one bin: always 0
    CHECK(psi(labels_of({4, 0, 4}), labels_of({1, 0, 1})) == 0.0);
}

TEST_CASE("PSI of a two-bin example is a quarter of ln 3", "[mlops][01_drift]") {
    // p = (½, ½), q = (¼, ¾): (¼ − ½) ln ½ + (¾ − ½) ln 3/2 = ¼ (ln 2 + ln 3/2) = ¼ ln 3.
    const double quarter_ln3 = 0.25 * std::log(3.0);
    CHECK_CLOSE_AT(psi(labels_of({1, 1}), labels_of({1, 3})), quarter_ln3, (tolerance{1e-15, 0}));
    // Only the proportions count: (2, 2) against (5, 15) is the same.
    CHECK_CLOSE_AT(psi(labels_of({2, 2}), labels_of({5, 15})), quarter_ln3, (tolerance{1e-15, 0}));
    // The other way round: p = (¼, ¾), q = (½, ½), the same value.
    CHECK_CLOSE_AT(psi(labels_of({1, 3}), labels_of({1, 1})), quarter_ln3, (tolerance{1e-15, 0}));
}

TEST_CASE("PSI is symmetric in its two histograms", "[mlops][01_drift]") {
    const index_vector e = labels_of({3, 9, 1, 7, 0}), a = labels_of({5, 2, 8, 4, 1});
    const double forward = psi(e, a), backward = psi(a, e);
    CHECK(forward > 0.5);
    // ln(q/p) and −ln(p/q) differ by a rounding or two.
    CHECK_CLOSE_AT(forward, backward, (tolerance{1e-14, 0}));
}

TEST_CASE("an empty bin is floored at epsilon", "[mlops][01_drift]") {
    // p = (½, ½, 0 → 1e-4), q = (0.4, 0.4, 0.2): 2 (−0.1) ln 0.8 + (0.2 − 1e-4) ln(0.2 / 1e-4).
    const double expected = 2 * (-0.1) * std::log(0.8) + (0.2 - 1e-4) * std::log(0.2 / 1e-4);
    const double value = psi(labels_of({5, 5, 0}), labels_of({4, 4, 2}));
    CHECK(std::isfinite(value));
    CHECK_CLOSE_AT(value, expected, (tolerance{1e-14, 0}));
    // The empty bin on the other side gives the same value.
    CHECK_CLOSE_AT(psi(labels_of({4, 4, 2}), labels_of({5, 5, 0})), expected, (tolerance{1e-14, 0}));
    // A larger floor shrinks the term of the empty bin: ln(0.2 / 1e-2).
    const double floored = 2 * (-0.1) * std::log(0.8) + (0.2 - 1e-2) * std::log(0.2 / 1e-2);
    CHECK_CLOSE_AT(psi(labels_of({5, 5, 0}), labels_of({4, 4, 2}), 1e-2), floored, (tolerance{1e-14, 0}));
    // A proportion above the floor is left alone: 1/20 = 0.05 > 1e-2, and the floor is not a
    // smoothing of every bin.
    CHECK_CLOSE_AT(psi(labels_of({10, 10}), labels_of({1, 19}), 1e-2),
                   (0.05 - 0.5) * std::log(0.05 / 0.5) + (0.95 - 0.5) * std::log(0.95 / 0.5), (tolerance{1e-14, 0}));
}

TEST_CASE("edges counts and PSI match NumPy on quantile bins", "[mlops][01_drift]") {
    for (const std::string name : {"normal", "sizes", "ties"}) {
        INFO(name);
        const vector reference = golden_vector(name + "_a"), current = golden_vector(name + "_b");
        const auto bins = static_cast<std::size_t>(golden_value(name + "_bins"));
        const vector edges = quantile_edges(reference, bins);
        CHECK_CLOSE_AT(edges, golden_vector(name + "_edges"), edge_tol);
        const index_vector ref_counts = bin_counts(edges, reference), cur_counts = bin_counts(edges, current);
        CHECK(counts_of(ref_counts) == golden_counts(name + "_ref_counts"));
        CHECK(counts_of(cur_counts) == golden_counts(name + "_cur_counts"));
        CHECK_CLOSE_AT(psi(ref_counts, cur_counts), golden_value(name + "_psi"), psi_tol);
    }
}

TEST_CASE("the KS statistic of disjoint samples is one and of equal samples zero", "[mlops][01_drift]") {
    CHECK(ks_statistic(vector_from({1, 2, 3}), vector_from({4, 5})) == 1.0);
    CHECK(ks_statistic(vector_from({4, 5}), vector_from({1, 2, 3})) == 1.0);
    CHECK(ks_statistic(vector_from({1, 1, 2}), vector_from({1, 1, 2})) == 0.0);
    // The same empirical cdf: order and equal multiplicities do not matter.
    CHECK(ks_statistic(vector_from({1, 2, 2, 3}), vector_from({3, 2, 1, 2})) == 0.0);
    CHECK(ks_statistic(vector_from({1, 2}), vector_from({2, 1, 1, 2})) == 0.0);
    // One value each: 0 if equal, else 1.
    CHECK(ks_statistic(vector_from({7}), vector_from({7})) == 0.0);
    CHECK(ks_statistic(vector_from({7}), vector_from({-infinity})) == 1.0);
}

TEST_CASE("the KS statistic steps past every tie before comparing", "[mlops][01_drift]") {
    // a = {1, 2, 2, 3}, b = {2, 2, 2, 4}: F_a = ¼, ¾, 1, 1 and F_b = 0, ¾, ¾, 1 at 1, 2, 3, 4,
    // so D = ¼. Stepping over one copy of 2 at a time would compare ½ with 0 and report ½.
    CHECK_CLOSE_AT(ks_statistic(vector_from({1, 2, 2, 3}), vector_from({2, 2, 2, 4})), 0.25, d_tol);
    CHECK_CLOSE_AT(ks_statistic(vector_from({2, 2, 2, 4}), vector_from({1, 2, 2, 3})), 0.25, d_tol);
    // a = {0, 0, 1}, b = {0, 1, 1}: at 0, ⅔ against ⅓; at 1, 1 against 1: D = ⅓.
    CHECK_CLOSE_AT(ks_statistic(vector_from({0, 0, 1}), vector_from({0, 1, 1})), 1.0 / 3.0, d_tol);
    CHECK_CLOSE_AT(ks_statistic(vector_from({1, 0, 1}), vector_from({0, 0, 1})), 1.0 / 3.0, d_tol);
    // Infinities are values: F_a(−∞) = ½ and F_b(−∞) = 0.
    CHECK_CLOSE_AT(
        ks_statistic(vector_from({-infinity, -infinity, 0, infinity}), vector_from({0, 1, infinity, infinity})), 0.5,
        d_tol);
}

TEST_CASE("the KS statistic matches SciPy ks_2samp", "[mlops][01_drift]") {
    for (const std::string name : {"normal", "sizes", "ties", "inf"}) {
        INFO(name);
        const vector a = golden_vector(name + "_a"), b = golden_vector(name + "_b");
        CHECK_CLOSE_AT(ks_statistic(a, b), golden_value(name + "_ks", 0), d_tol);
        CHECK_CLOSE_AT(ks_statistic(b, a), golden_value(name + "_ks", 0), d_tol);
    }
}

TEST_CASE("kolmogorov_sf matches scipy.special.kolmogorov", "[mlops][01_drift]") {
    const vector lambdas = golden_vector("lambda"), expected = golden_vector("kolmogorov");
    std::vector<double> got(lambdas.size());
    for (std::size_t i = 0; i < lambdas.size(); ++i) got[i] = kolmogorov_sf(element(lambdas, i));
    CHECK_CLOSE_AT(to_vector(got), expected, q_tol);
    CHECK(kolmogorov_sf(0.0) == 1.0);
    CHECK(kolmogorov_sf(infinity) == 0.0);
    // The 5 % critical value of the two-sided test (tables: 1.36; SciPy's kolmogi(0.05)).
    CHECK_CLOSE_AT(kolmogorov_sf(1.3580986393225507), 0.05, q_tol);
    // Far out in the tail only the first term is left: Q ≈ 2 exp(−2 λ²), here 2 e^{-800}
    // = 0 in double; at λ = 6, 2 e^{-72} keeps its digits.
    CHECK_CLOSE_AT(kolmogorov_sf(6.0), 2 * std::exp(-72.0), q_tol);
    CHECK(kolmogorov_sf(20.0) == 0.0);
}

TEST_CASE("the Kolmogorov tail is continuous and decreasing across the switch of series", "[mlops][01_drift]") {
    // The two series meet near λ = 1: on either side of the switch they must agree to rounding.
    const double below = kolmogorov_sf(std::nextafter(1.0, 0.0)), at = kolmogorov_sf(1.0);
    CHECK_CLOSE_AT(below, at, (tolerance{1e-14, 0}));
    double previous = 1.0;
    for (int i = 1; i <= 60; ++i) {
        const double q = kolmogorov_sf(0.05 * i);
        INFO("lambda = " << 0.05 * i);
        CHECK(q <= previous);
        CHECK(q >= 0.0);
        previous = q;
    }
}

TEST_CASE("the KS test p-value is the Kolmogorov tail at the root of the effective size times D", "[mlops][01_drift]") {
    // {1, 2, 3} against {4, 5}: D = 1, n_e = 3·2/5 = 1.2, p = Q(√1.2) (SciPy:
    // kolmogorov(sqrt(1.2)) = 0.18130044993812283).
    const llmlings::stats::test_result disjoint = ks_test(vector_from({1, 2, 3}), vector_from({4, 5}));
    CHECK(disjoint.statistic == 1.0);
    CHECK_CLOSE_AT(disjoint.dof, 1.2, (tolerance{1e-15, 0}));
    CHECK_CLOSE_AT(disjoint.p_value, 0.18130044993812283, q_tol);
    // The ties example: D = ¼, n_e = 2, p = Q(√2/4) = 0.9996332921577278.
    const llmlings::stats::test_result ties = ks_test(vector_from({1, 2, 2, 3}), vector_from({2, 2, 2, 4}));
    CHECK_CLOSE_AT(ties.statistic, 0.25, d_tol);
    CHECK(ties.dof == 2.0);
    CHECK_CLOSE_AT(ties.p_value, 0.9996332921577278, q_tol);
    // Equal samples: D = 0 and p = 1.
    CHECK(ks_test(vector_from({3, 1, 2}), vector_from({1, 2, 3})).p_value == 1.0);
}

TEST_CASE("the KS test matches SciPy on the golden samples", "[mlops][01_drift]") {
    for (const std::string name : {"normal", "sizes", "ties", "inf"}) {
        INFO(name);
        const llmlings::stats::test_result r = ks_test(golden_vector(name + "_a"), golden_vector(name + "_b"));
        CHECK_CLOSE_AT(r.statistic, golden_value(name + "_ks", 0), d_tol);
        CHECK_CLOSE_AT(r.dof, golden_value(name + "_ks", 1), (tolerance{1e-15, 0}));
        CHECK_CLOSE_AT(r.p_value, golden_value(name + "_ks", 2), q_tol);
    }
}

TEST_CASE("detect_drift matches NumPy and SciPy on the golden samples", "[mlops][01_drift]") {
    for (const std::string name : {"normal", "sizes", "ties"}) {
        INFO(name);
        drift_options options;
        options.bins = static_cast<std::size_t>(golden_value(name + "_bins"));
        const drift_report r = detect_drift(golden_vector(name + "_a"), golden_vector(name + "_b"), options);
        CHECK_CLOSE_AT(r.edges, golden_vector(name + "_edges"), edge_tol);
        CHECK(counts_of(r.reference_counts) == golden_counts(name + "_ref_counts"));
        CHECK(counts_of(r.current_counts) == golden_counts(name + "_cur_counts"));
        CHECK_CLOSE_AT(r.psi, golden_value(name + "_psi"), psi_tol);
        CHECK_CLOSE_AT(r.ks_statistic, golden_value(name + "_ks", 0), d_tol);
        CHECK_CLOSE_AT(r.p_value, golden_value(name + "_ks", 2), q_tol);
        // normal: PSI 0.18 and p 0.11; sizes: 0.14 and 0.51; ties: 2.8 and 0.0096.
        CHECK(r.drifted == (name == "ties"));
    }
}

TEST_CASE("two draws of the same distribution show no drift", "[mlops][01_drift]") {
    // n = m = 5000 from N(0, 1): PSI's expectation is about (bins − 1)(1/n + 1/m) = 0.0036, far
    // below 0.02; the KS p-value is uniform under H0 and this seed's is above alpha = 0.01.
    const drift_report r = detect_drift(normal_sample(5000, 21), normal_sample(5000, 22));
    INFO("PSI " << r.psi << ", D " << r.ks_statistic << ", p " << r.p_value);
    CHECK(r.psi >= 0.0);
    CHECK(r.psi < 0.02);
    CHECK(r.ks_statistic < 0.04);  // √(1/n_e) · 1.63 = 0.033 is the 1 % critical value
    CHECK(r.p_value > 0.01);
    CHECK_FALSE(r.drifted);
    CHECK(counts_of(r.reference_counts) == counts(10, 500));
}

TEST_CASE("a shift of half a standard deviation is drift by both measures", "[mlops][01_drift]") {
    // Deciles of N(0, 1) against N(0.5, 1): PSI = 0.238 for the distributions (more in samples),
    // D = 2 Φ(0.25) − 1 = 0.197, λ = √2500 · 0.197 = 9.9, p ≈ 2 e^{−2 λ²} ≈ 1e-84.
    const drift_report r = detect_drift(normal_sample(5000, 31), normal_sample(5000, 32, 0.5));
    INFO("PSI " << r.psi << ", D " << r.ks_statistic << ", p " << r.p_value);
    CHECK(r.psi > 0.2);
    CHECK(r.psi < 0.35);
    CHECK(r.ks_statistic > 0.16);
    CHECK(r.ks_statistic < 0.24);
    CHECK(r.p_value < 1e-10);
    CHECK(r.drifted);
    // The current sample leaves the low bins and fills the high ones.
    const counts current = counts_of(r.current_counts);
    CHECK(current.front() < 250);
    CHECK(current.back() > 800);
}

TEST_CASE("drift is reported when either statistic crosses its threshold", "[mlops][01_drift]") {
    const vector reference = normal_sample(5000, 31), shifted = normal_sample(5000, 32, 0.5);
    drift_options ks_only;
    ks_only.psi_threshold = 10.0;  // PSI ≈ 0.25 stays below it; p ≈ 1e-84 < 0.01
    CHECK(detect_drift(reference, shifted, ks_only).drifted);
    drift_options psi_only;
    psi_only.alpha = 1e-300;  // p ≈ 1e-84 is not below it; PSI ≈ 0.25 > 0.2
    CHECK(detect_drift(reference, shifted, psi_only).drifted);
    drift_options neither = ks_only;
    neither.alpha = 1e-300;
    const drift_report r = detect_drift(reference, shifted, neither);
    CHECK(r.p_value > 1e-300);
    CHECK_FALSE(r.drifted);
}

TEST_CASE("with a huge sample KS flags a shift that PSI calls negligible", "[mlops][01_drift]") {
    // n = m = 50000 and a shift of 0.05 standard deviations: D ≈ 0.02, λ = √25000 · 0.02 ≈ 3.2,
    // p ≈ 1e-8: "significant". PSI ≈ 0.0024 (plus about 0.0004 of sampling noise): no change.
    const vector reference = normal_sample(50000, 41), current = normal_sample(50000, 42, 0.05);
    const drift_report r = detect_drift(reference, current);
    INFO("PSI " << r.psi << ", D " << r.ks_statistic << ", p " << r.p_value);
    CHECK(r.psi < 0.01);
    CHECK(r.p_value < 1e-4);
    CHECK(r.drifted);
    // A monitor that trusts PSI alone (an alpha no p-value of this size reaches) stays quiet.
    drift_options psi_only;
    psi_only.alpha = 1e-20;
    CHECK_FALSE(detect_drift(reference, current, psi_only).drifted);
}

TEST_CASE("quantile_edges and bin_counts reject bad input", "[mlops][01_drift]") {
    const vector ok = vector_from({1, 2, 3, 4});
    CHECK_THROWS_AS(quantile_edges(ok, 1), llmlings::invalid_argument);
    CHECK_THROWS_WITH(quantile_edges(ok, 0), contains("quantile_edges") && contains("bins must be >= 2"));
    CHECK_THROWS_WITH(quantile_edges(vector_from({})), contains("quantile_edges") && contains("empty"));
    CHECK_THROWS_WITH(quantile_edges(with_value(ok, 2, not_a_number)),
                      contains("quantile_edges") && contains("index 2"));
    CHECK_THROWS_WITH(quantile_edges(with_value(ok, 0, infinity)), contains("index 0") && contains("finite"));
    CHECK_THROWS_WITH(quantile_edges(with_value(ok, 3, -infinity)), contains("index 3"));
    CHECK_THROWS_AS(bin_counts(vector_from({1, 2}), with_value(ok, 1, not_a_number)), llmlings::invalid_argument);
    CHECK_THROWS_WITH(bin_counts(vector_from({1, 2}), with_value(ok, 1, not_a_number)),
                      contains("bin_counts") && contains("index 1"));
    CHECK_THROWS_WITH(bin_counts(vector_from({2, 1}), ok), contains("bin_counts") && contains("strictly increasing"));
    CHECK_THROWS_WITH(bin_counts(vector_from({1, 1}), ok), contains("strictly increasing"));
    CHECK_THROWS_WITH(bin_counts(vector_from({1, infinity}), ok), contains("finite"));
    CHECK_THROWS_WITH(bin_counts(vector_from({not_a_number, 1}), ok), contains("finite"));
}

TEST_CASE("psi rejects mismatched or empty histograms and a bad epsilon", "[mlops][01_drift]") {
    CHECK_THROWS_AS(psi(labels_of({1, 2, 3}), labels_of({1, 2})), llmlings::shape_error);
    CHECK_THROWS_WITH(psi(labels_of({1, 2, 3}), labels_of({1, 2})), contains("psi") && contains("3 vs 2"));
    CHECK_THROWS_WITH(psi(labels_of({}), labels_of({})), contains("at least one bin"));
    CHECK_THROWS_WITH(psi(labels_of({0, 0}), labels_of({1, 2})), contains("expected counts sum to 0"));
    CHECK_THROWS_WITH(psi(labels_of({1, 2}), labels_of({0, 0})), contains("actual counts sum to 0"));
    for (const double eps : {0.0, 1.0, -1e-4, 2.0, not_a_number, infinity}) {
        INFO("epsilon = " << eps);
        CHECK_THROWS_WITH(psi(labels_of({1, 2}), labels_of({2, 1}), eps), contains("psi") && contains("epsilon"));
    }
}

TEST_CASE("the KS functions reject empty samples NaN and a bad lambda", "[mlops][01_drift]") {
    const vector ok = vector_from({1, 2, 3});
    CHECK_THROWS_AS(ks_statistic(vector_from({}), ok), llmlings::invalid_argument);
    CHECK_THROWS_WITH(ks_statistic(ok, vector_from({})), contains("ks_statistic") && contains("empty"));
    CHECK_THROWS_WITH(ks_statistic(ok, with_value(ok, 1, not_a_number)),
                      contains("ks_statistic") && contains("index 1"));
    CHECK_THROWS_WITH(ks_test(with_value(ok, 2, not_a_number), ok), contains("ks_test") && contains("index 2"));
    CHECK_THROWS_WITH(ks_test(ok, vector_from({})), contains("ks_test") && contains("empty"));
    CHECK_THROWS_AS(kolmogorov_sf(not_a_number), llmlings::invalid_argument);
    CHECK_THROWS_WITH(kolmogorov_sf(-1.0), contains("kolmogorov_sf") && contains("lambda"));
    CHECK_THROWS_AS(kolmogorov_sf(-infinity), llmlings::invalid_argument);
}

TEST_CASE("detect_drift names the bad option or sample", "[mlops][01_drift]") {
    const vector ok = vector_from({1, 2, 3, 4});
    drift_options o;
    o.bins = 1;
    CHECK_THROWS_WITH(detect_drift(ok, ok, o), contains("detect_drift") && contains("options.bins"));
    for (const double threshold : {0.0, -0.2, not_a_number, infinity}) {
        drift_options bad;
        bad.psi_threshold = threshold;
        INFO("psi_threshold = " << threshold);
        CHECK_THROWS_WITH(detect_drift(ok, ok, bad), contains("options.psi_threshold"));
    }
    for (const double alpha : {0.0, 1.0, 1.5, not_a_number}) {
        drift_options bad;
        bad.alpha = alpha;
        INFO("alpha = " << alpha);
        CHECK_THROWS_WITH(detect_drift(ok, ok, bad), contains("options.alpha"));
    }
    for (const double eps : {0.0, 1.0, not_a_number}) {
        drift_options bad;
        bad.epsilon = eps;
        INFO("epsilon = " << eps);
        CHECK_THROWS_WITH(detect_drift(ok, ok, bad), contains("options.epsilon"));
    }
    CHECK_THROWS_WITH(detect_drift(with_value(ok, 1, infinity), ok),
                      contains("detect_drift") && contains("reference") && contains("index 1"));
    CHECK_THROWS_WITH(detect_drift(ok, with_value(ok, 3, not_a_number)),
                      contains("detect_drift") && contains("current") && contains("index 3"));
    CHECK_THROWS_WITH(detect_drift(ok, vector_from({})), contains("detect_drift") && contains("current"));
    CHECK_THROWS_WITH(detect_drift(vector_from({}), ok), contains("detect_drift") && contains("reference"));
    // Infinities in the current sample are values, not errors.
    CHECK_NOTHROW(detect_drift(ok, vector_from({-infinity, 2, infinity})));
}
