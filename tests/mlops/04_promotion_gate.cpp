// SPDX-License-Identifier: MIT
// Tests for mlops/04_promotion_gate. Oracles: hand-counted 2x2 tables, the closed form of the exact
// test when one model wins every disagreement (p = 2 · 2^−n), SciPy 1.10 golden values
// (tools/golden/mlops_gate.py: binomtest and chi2.sf over a grid of disagreement counts), the
// published example of R's mcnemar.test (Agresti 1990, p. 350), symmetry and invariance properties,
// gate thresholds in binary fractions (exact in double, so "at the boundary" is exact) and the
// next double beyond them, and the full 4x4 table of stage moves. The golden values and the label
// vectors built from a 2x2 table are in oracles/04_promotion_gate.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/mlops/04_promotion_gate.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "oracles/04_promotion_gate.hpp"

using llmlings::index_vector;
using llmlings::testing::contains;
using llmlings::testing::starts_with;
using llmlings::testing::tolerance;
using namespace llmlings::mlops;
using namespace oracles;

namespace {

using metrics = std::map<std::string, double>;

const double not_a_number = std::numeric_limits<double>::quiet_NaN();
const double infinity = std::numeric_limits<double>::infinity();

// p-values: our binomial cdf (a sum of pmfs from lgamma up to n = 1000, the incomplete beta
// function above) and chi-square tail (stats/02) against SciPy's Boost/Cephes code: independent
// implementations that agree to 7e-14 relative on this grid; 1e-12 leaves margin.
const tolerance p_tol{1e-12, 1e-300};
// The corrected statistic is one subtraction, one square and one division: a few roundings.
const tolerance stat_tol{1e-14, 0};

// The result of mcnemar_test on labels built to hold the table (both_right, b, c, both_wrong).
mcnemar_result table(std::size_t both_right, std::size_t b, std::size_t c, std::size_t both_wrong, bool exact,
                     unsigned seed = 4) {
    const paired_labels l = paired_outcomes(both_right, b, c, both_wrong, seed);
    return mcnemar_test(l.truth, l.pred_a, l.pred_b, exact);
}

// A metric rule with an absolute allowance, a relative one, or a limit only.
gate_rule absolute(const std::string& metric, better direction, double max_regression) {
    gate_rule r;
    r.metric = metric;
    r.direction = direction;
    r.max_regression = max_regression;
    return r;
}
gate_rule relative(const std::string& metric, better direction, double fraction) {
    gate_rule r;
    r.metric = metric;
    r.direction = direction;
    r.relative_regression = fraction;
    return r;
}
gate_rule with_limit(gate_rule r, double limit) {
    r.limit = limit;
    return r;
}

// The one reason line of a single-rule gate, with its verdict checked against the line.
std::string only_reason(const gate_decision& d) {
    REQUIRE(d.reasons.size() == 1);
    CHECK(bool(d.promote) == (d.reasons[0].find(": passed") != std::string::npos));
    return d.reasons[0];
}

const stage all_stages[4] = {stage::none, stage::staging, stage::production, stage::archived};

}  // namespace

TEST_CASE("the 2x2 table counts the four kinds of paired outcomes", "[mlops][04_promotion_gate]") {
    // Labels are any values, not 0 … k−1. Example by example (a right?, b right?):
    // 0 (y,y) 1 (y,n) 2 (n,y) 3 (n,n) 4 (y,y) 5 (y,n) 6 (y,n) 7 (n,n, with a and b wrong alike) 8 (n,y)
    const index_vector truth = labels_of({7, 42, 1000000, 3, 7, 42, 5, 9, 0});
    const index_vector pred_a = labels_of({7, 42, 3, 42, 7, 42, 5, 1, 1});
    const index_vector pred_b = labels_of({7, 7, 1000000, 7, 7, 0, 6, 1, 0});
    const mcnemar_result r = mcnemar_test(truth, pred_a, pred_b);
    CHECK(r.both_right == 2);
    CHECK(r.only_a_right == 3);
    CHECK(r.only_b_right == 2);
    CHECK(r.both_wrong == 2);
    // Swapping the models swaps the two disagreement counts.
    const mcnemar_result s = mcnemar_test(truth, pred_b, pred_a);
    CHECK(s.only_a_right == 2);
    CHECK(s.only_b_right == 3);
    CHECK(s.both_right == 2);
    CHECK(s.both_wrong == 2);
}

TEST_CASE("the exact test is twice a binomial tail in hand-worked tables", "[mlops][04_promotion_gate]") {
    // One model wins all n disagreements: p = 2 · P(Bin(n, 1/2) = 0) = 2 · 2^−n.
    for (std::size_t n : {1, 2, 5, 10, 20}) {
        INFO("n = " << n);
        const mcnemar_result a_wins = table(3, n, 0, 2, true);
        CHECK(a_wins.statistic == 0.0);
        CHECK_CLOSE_AT(a_wins.p_value, std::fmin(1.0, std::ldexp(2.0, -static_cast<int>(n))), (tolerance{1e-14, 0}));
        CHECK_CLOSE_AT(table(0, 0, n, 1, true).p_value, std::fmin(1.0, std::ldexp(2.0, -static_cast<int>(n))),
                       (tolerance{1e-14, 0}));
    }
    // b = 1, c = 9: p = 2 · (1 + 10) / 1024 = 22 / 1024 (the min is the statistic).
    const mcnemar_result r = table(40, 1, 9, 3, true);
    CHECK(r.statistic == 1.0);
    CHECK_CLOSE_AT(r.p_value, 22.0 / 1024.0, (tolerance{1e-14, 0}));
    // b = c: the two tails overlap and p is clamped to 1.
    CHECK(table(5, 4, 4, 5, true).p_value == 1.0);
    // The example of the doc comment: b = 2, c = 0 gives p = 2 · (1/2)² = 0.5.
    const mcnemar_result doc =
        mcnemar_test(labels_of({0, 1, 2, 0, 1, 2}), labels_of({0, 1, 2, 0, 0, 0}), labels_of({0, 0, 0, 0, 0, 0}));
    CHECK(doc.both_right == 2);
    CHECK(doc.only_a_right == 2);
    CHECK(doc.only_b_right == 0);
    CHECK(doc.both_wrong == 2);
    CHECK_CLOSE_AT(doc.p_value, 0.5, (tolerance{1e-14, 0}));
}

TEST_CASE("identical predictions disagree nowhere and give p of 1", "[mlops][04_promotion_gate]") {
    const index_vector truth = labels_of({1, 2, 3, 4, 5});
    const index_vector pred = labels_of({1, 2, 0, 4, 0});
    for (bool exact : {true, false}) {
        INFO("exact = " << exact);
        const mcnemar_result r = mcnemar_test(truth, pred, pred, exact);
        CHECK(r.both_right == 3);
        CHECK(r.both_wrong == 2);
        CHECK(r.only_a_right + r.only_b_right == 0);
        CHECK(r.statistic == 0.0);
        CHECK(r.p_value == 1.0);
    }
}

TEST_CASE("exact p-values match SciPy binomtest over a grid of disagreements", "[mlops][04_promotion_gate]") {
    const std::vector<double> b = gate_golden("b"), c = gate_golden("c");
    const std::vector<double> statistic = gate_golden("exact_statistic"), p = gate_golden("exact_p");
    for (std::size_t i = 0; i < b.size(); ++i) {
        INFO("b = " << b[i] << ", c = " << c[i]);
        const mcnemar_result r = table(17, static_cast<std::size_t>(b[i]), static_cast<std::size_t>(c[i]), 6, true,
                                       static_cast<unsigned>(i));
        CHECK(r.only_a_right == static_cast<std::size_t>(b[i]));
        CHECK(r.only_b_right == static_cast<std::size_t>(c[i]));
        CHECK(r.statistic == statistic[i]);
        CHECK_CLOSE_AT(r.p_value, p[i], p_tol);
    }
}

TEST_CASE("asymptotic p-values match SciPy chi2 with Edwards' correction", "[mlops][04_promotion_gate]") {
    const std::vector<double> b = gate_golden("b"), c = gate_golden("c");
    const std::vector<double> statistic = gate_golden("asymptotic_statistic"), p = gate_golden("asymptotic_p");
    for (std::size_t i = 0; i < b.size(); ++i) {
        INFO("b = " << b[i] << ", c = " << c[i]);
        const mcnemar_result r = table(30, static_cast<std::size_t>(b[i]), static_cast<std::size_t>(c[i]), 11, false,
                                       static_cast<unsigned>(i));
        CHECK_CLOSE_AT(r.statistic, statistic[i], stat_tol);
        CHECK_CLOSE_AT(r.p_value, p[i], p_tol);
    }
}

TEST_CASE("the presidential approval example reproduces R's mcnemar.test", "[mlops][04_promotion_gate]") {
    // Agresti (1990), Categorical Data Analysis, p. 350, the example of R's ?mcnemar.test: 1600
    // people asked twice whether they approve of the president: 794 approve both times, 150 approve
    // then disapprove, 86 disapprove then approve, 570 disapprove both times. R prints
    // "McNemar's chi-squared = 16.818, df = 1, p-value = 4.115e-05" (continuity-corrected).
    // Read "approve" as "right": the first survey is model a, the second model b.
    const paired_labels l = paired_outcomes(794, 150, 86, 570, 1947);
    const mcnemar_result r = mcnemar_test(l.truth, l.pred_a, l.pred_b, false);
    CHECK(r.both_right == 794);
    CHECK(r.only_a_right == 150);
    CHECK(r.only_b_right == 86);
    CHECK(r.both_wrong == 570);
    // printed values are exact to half a unit of their last digit
    CHECK_CLOSE_AT(r.statistic, 16.818, (tolerance{0, 0.0005}));
    CHECK_CLOSE_AT(r.p_value, 4.115e-05, (tolerance{0, 0.0005e-05}));
    // By hand: (|150 − 86| − 1)² / 236 = 63² / 236.
    CHECK_CLOSE_AT(r.statistic, 3969.0 / 236.0, stat_tol);
}

TEST_CASE("swapping the two models keeps the statistic and the p-value", "[mlops][04_promotion_gate]") {
    const std::size_t tables[4][4] = {{50, 3, 11, 7}, {10, 40, 25, 2}, {0, 130, 100, 0}, {900, 12, 4, 60}};
    for (const auto& t : tables)
        for (bool exact : {true, false}) {
            INFO("table " << t[0] << " " << t[1] << " " << t[2] << " " << t[3] << ", exact = " << exact);
            const paired_labels l = paired_outcomes(t[0], t[1], t[2], t[3], 8);
            const mcnemar_result ab = mcnemar_test(l.truth, l.pred_a, l.pred_b, exact);
            const mcnemar_result ba = mcnemar_test(l.truth, l.pred_b, l.pred_a, exact);
            CHECK(ba.only_a_right == ab.only_b_right);
            CHECK(ba.only_b_right == ab.only_a_right);
            CHECK(ba.statistic == ab.statistic);
            CHECK(ba.p_value == ab.p_value);
            CHECK(ab.p_value > 0.0);
            CHECK(ab.p_value <= 1.0);
        }
}

TEST_CASE("examples both models agree on do not change the test", "[mlops][04_promotion_gate]") {
    // Only the disagreements carry information: 10 or 5000 shared successes and failures give the
    // same statistic and p-value for the same b = 18 and c = 7.
    for (bool exact : {true, false}) {
        INFO("exact = " << exact);
        const mcnemar_result small = table(10, 18, 7, 0, exact);
        const mcnemar_result large = table(4000, 18, 7, 1000, exact);
        CHECK(large.both_right == 4000);
        CHECK(large.both_wrong == 1000);
        CHECK(small.statistic == large.statistic);
        CHECK(small.p_value == large.p_value);
        CHECK(small.p_value < 0.05);
    }
}

TEST_CASE("mcnemar_test rejects mismatched lengths and empty inputs", "[mlops][04_promotion_gate]") {
    const index_vector three = labels_of({1, 2, 3}), two = labels_of({1, 2}), none = labels_of({});
    CHECK_THROWS_AS(mcnemar_test(three, two, three), llmlings::shape_error);
    CHECK_THROWS_AS(mcnemar_test(three, three, two), llmlings::shape_error);
    CHECK_THROWS_AS(mcnemar_test(two, three, three), llmlings::shape_error);
    CHECK_THROWS_WITH(mcnemar_test(three, two, three),
                      contains("mcnemar_test") && contains("truth 3") && contains("pred_a 2") && contains("pred_b 3"));
    CHECK_THROWS_AS(mcnemar_test(none, none, none), llmlings::invalid_argument);
    CHECK_THROWS_AS(mcnemar_test(none, none, none, false), llmlings::invalid_argument);
    CHECK_THROWS_WITH(mcnemar_test(none, none, none), contains("mcnemar_test") && contains("at least one"));
}

TEST_CASE("a higher-is-better metric passes at exactly the allowed drop and fails just below",
          "[mlops][04_promotion_gate]") {
    // 0.875 − 0.125 = 0.75 exactly in binary: the boundary is exact.
    const std::vector<gate_rule> rules{absolute("accuracy", better::higher, 0.125)};
    const metrics production{{"accuracy", 0.875}};
    const std::string at = only_reason(evaluate_gate({{"accuracy", 0.75}}, production, rules));
    CHECK_THAT(at, starts_with("accuracy: passed: "));
    CHECK_THAT(at, contains("candidate 0.75") && contains("production 0.875") && contains("allowed >= 0.75"));
    const gate_decision below = evaluate_gate({{"accuracy", std::nextafter(0.75, 0.0)}}, production, rules);
    CHECK_FALSE(below.promote);
    CHECK_THAT(only_reason(below), starts_with("accuracy: failed: "));
    // Better than production passes; no allowance means "no worse at all".
    CHECK(evaluate_gate({{"accuracy", 0.9}}, production, rules).promote);
    const std::vector<gate_rule> strict{absolute("accuracy", better::higher, 0.0)};
    CHECK(evaluate_gate({{"accuracy", 0.875}}, production, strict).promote);
    CHECK_FALSE(evaluate_gate({{"accuracy", std::nextafter(0.875, 0.0)}}, production, strict).promote);
}

TEST_CASE("a lower-is-better metric with a relative allowance passes at the boundary and fails beyond",
          "[mlops][04_promotion_gate]") {
    // p99 latency may grow by 25 %: 200 ms · 1.25 = 250 ms, exact.
    const std::vector<gate_rule> rules{relative("p99_latency_ms", better::lower, 0.25)};
    const metrics production{{"p99_latency_ms", 200.0}};
    const gate_decision at = evaluate_gate({{"p99_latency_ms", 250.0}}, production, rules);
    CHECK(at.promote);
    CHECK_THAT(only_reason(at), starts_with("p99_latency_ms: passed: ") && contains("candidate 250") &&
                                    contains("production 200") && contains("allowed <= 250"));
    const gate_decision beyond =
        evaluate_gate({{"p99_latency_ms", std::nextafter(250.0, infinity)}}, production, rules);
    CHECK_FALSE(beyond.promote);
    CHECK_THAT(only_reason(beyond), starts_with("p99_latency_ms: failed: "));
    // Faster than production always passes; the allowance scales with production: 25 % of 400 is 100.
    CHECK(evaluate_gate({{"p99_latency_ms", 120.0}}, production, rules).promote);
    CHECK(evaluate_gate({{"p99_latency_ms", 500.0}}, {{"p99_latency_ms", 400.0}}, rules).promote);
    CHECK_FALSE(evaluate_gate({{"p99_latency_ms", 501.0}}, {{"p99_latency_ms", 400.0}}, rules).promote);
}

TEST_CASE("absolute lower-is-better and relative higher-is-better allowances", "[mlops][04_promotion_gate]") {
    // The model file may grow by at most 1000 bytes.
    const std::vector<gate_rule> bytes{absolute("model_bytes", better::lower, 1000.0)};
    const metrics size_production{{"model_bytes", 5000.0}};
    CHECK(evaluate_gate({{"model_bytes", 6000.0}}, size_production, bytes).promote);
    CHECK_FALSE(evaluate_gate({{"model_bytes", 6001.0}}, size_production, bytes).promote);
    CHECK(evaluate_gate({{"model_bytes", 100.0}}, size_production, bytes).promote);
    CHECK_THAT(evaluate_gate({{"model_bytes", 6001.0}}, size_production, bytes).reasons.at(0),
               contains("allowed <= 6000"));
    // Accuracy may drop by at most half of production's value: 0.5 − 0.25 = 0.25.
    const std::vector<gate_rule> half{relative("accuracy", better::higher, 0.5)};
    CHECK(evaluate_gate({{"accuracy", 0.25}}, {{"accuracy", 0.5}}, half).promote);
    CHECK_FALSE(evaluate_gate({{"accuracy", std::nextafter(0.25, 0.0)}}, {{"accuracy", 0.5}}, half).promote);
    // A relative allowance is a fraction of |production|: a log-likelihood of −200 may drop by 50.
    const std::vector<gate_rule> loglik{relative("log_likelihood", better::higher, 0.25)};
    CHECK(evaluate_gate({{"log_likelihood", -250.0}}, {{"log_likelihood", -200.0}}, loglik).promote);
    CHECK_FALSE(evaluate_gate({{"log_likelihood", -251.0}}, {{"log_likelihood", -200.0}}, loglik).promote);
    CHECK_THAT(evaluate_gate({{"log_likelihood", -251.0}}, {{"log_likelihood", -200.0}}, loglik).reasons.at(0),
               contains("allowed >= -250"));
}

TEST_CASE("a limit applies whatever production does", "[mlops][04_promotion_gate]") {
    // Better than production, but below the absolute floor of 0.8: fails.
    const std::vector<gate_rule> floor{with_limit(absolute("accuracy", better::higher, 0.01), 0.8)};
    const gate_decision low = evaluate_gate({{"accuracy", 0.78}}, {{"accuracy", 0.7}}, floor);
    CHECK_FALSE(low.promote);
    CHECK_THAT(only_reason(low), starts_with("accuracy: failed: ") && contains("limit >= 0.8"));
    // Exactly at the limit passes (0.75 is exact), just below fails.
    const std::vector<gate_rule> at_75{with_limit(absolute("accuracy", better::higher, 0.0), 0.75)};
    CHECK(evaluate_gate({{"accuracy", 0.75}}, {{"accuracy", 0.5}}, at_75).promote);
    CHECK_FALSE(evaluate_gate({{"accuracy", std::nextafter(0.75, 0.0)}}, {{"accuracy", 0.5}}, at_75).promote);
    // A ceiling for a lower-is-better metric: latency at most 300 ms even if production was slower.
    const std::vector<gate_rule> ceiling{with_limit(relative("p99_latency_ms", better::lower, 0.1), 300.0)};
    CHECK(evaluate_gate({{"p99_latency_ms", 300.0}}, {{"p99_latency_ms", 400.0}}, ceiling).promote);
    const gate_decision slow = evaluate_gate({{"p99_latency_ms", 301.0}}, {{"p99_latency_ms", 400.0}}, ceiling);
    CHECK_FALSE(slow.promote);
    CHECK_THAT(only_reason(slow), contains("limit <= 300"));
    // Meeting the limit does not excuse a regression beyond the allowance.
    CHECK_FALSE(evaluate_gate({{"accuracy", 0.85}}, {{"accuracy", 0.9}}, floor).promote);
}

TEST_CASE("the first model has no production metrics and only the limits apply", "[mlops][04_promotion_gate]") {
    const metrics first{};
    const std::vector<gate_rule> rules{with_limit(absolute("accuracy", better::higher, 0.0), 0.8),
                                       relative("p99_latency_ms", better::lower, 0.1)};
    const gate_decision ok = evaluate_gate({{"accuracy", 0.8}, {"p99_latency_ms", 900.0}}, first, rules);
    CHECK(ok.promote);
    REQUIRE(ok.reasons.size() == 2);
    CHECK_THAT(ok.reasons[0],
               starts_with("accuracy: passed: ") && contains("no production value") && contains("limit >= 0.8"));
    CHECK_THAT(ok.reasons[1], starts_with("p99_latency_ms: passed: ") && contains("no production value"));
    const gate_decision low = evaluate_gate({{"accuracy", 0.79}, {"p99_latency_ms", 900.0}}, first, rules);
    CHECK_FALSE(low.promote);
    REQUIRE(low.reasons.size() == 2);
    CHECK_THAT(low.reasons[0], starts_with("accuracy: failed: "));
    // A metric production never recorded (a new metric) is the same case.
    const gate_decision new_metric =
        evaluate_gate({{"accuracy", 0.5}, {"p99_latency_ms", 900.0}}, {{"accuracy", 0.9}}, rules);
    CHECK_FALSE(new_metric.promote);  // accuracy dropped
    REQUIRE(new_metric.reasons.size() == 2);
    CHECK_THAT(new_metric.reasons[1], starts_with("p99_latency_ms: passed: ") && contains("no production value"));
}

TEST_CASE("a metric missing from the candidate fails the gate with a reason", "[mlops][04_promotion_gate]") {
    const std::vector<gate_rule> rules{absolute("accuracy", better::higher, 0.01),
                                       relative("p99_latency_ms", better::lower, 0.1)};
    const gate_decision d = evaluate_gate({{"accuracy", 0.95}}, {{"accuracy", 0.9}, {"p99_latency_ms", 100.0}}, rules);
    CHECK_FALSE(d.promote);
    REQUIRE(d.reasons.size() == 2);
    CHECK_THAT(d.reasons[0], starts_with("accuracy: passed: "));
    CHECK_THAT(d.reasons[1], starts_with("p99_latency_ms: failed: ") && contains("missing"));
    // Also when production lacks it too (and so with an empty candidate).
    const gate_decision empty = evaluate_gate({}, {}, rules);
    CHECK_FALSE(empty.promote);
    REQUIRE(empty.reasons.size() == 2);
    CHECK_THAT(empty.reasons[0], starts_with("accuracy: failed: ") && contains("missing"));
}

TEST_CASE("a NaN candidate or production value fails its rule", "[mlops][04_promotion_gate]") {
    for (better direction : {better::higher, better::lower}) {
        const std::vector<gate_rule> rules{absolute("score", direction, 0.5)};
        const gate_decision c = evaluate_gate({{"score", not_a_number}}, {{"score", 1.0}}, rules);
        CHECK_FALSE(c.promote);
        CHECK_THAT(only_reason(c), starts_with("score: failed: ") && contains("NaN"));
        // A NaN candidate also fails a limit-only rule of the first model.
        const std::vector<gate_rule> limit_only{with_limit(absolute("score", direction, 0.0), 1.0)};
        CHECK_FALSE(evaluate_gate({{"score", not_a_number}}, {}, limit_only).promote);
        // Production's NaN leaves nothing to compare with: the gate fails closed.
        const gate_decision p = evaluate_gate({{"score", 1.0}}, {{"score", not_a_number}}, rules);
        CHECK_FALSE(p.promote);
        CHECK_THAT(only_reason(p), starts_with("score: failed: ") && contains("production is NaN"));
    }
}

TEST_CASE("every rule is reported in order even after a failure", "[mlops][04_promotion_gate]") {
    const std::vector<gate_rule> rules{absolute("accuracy", better::higher, 0.0),
                                       relative("p99_latency_ms", better::lower, 0.1),
                                       with_limit(absolute("model_bytes", better::lower, 0.0), 1e6)};
    const metrics production{{"accuracy", 0.9}, {"p99_latency_ms", 100.0}, {"model_bytes", 5e5}};
    const gate_decision d =
        evaluate_gate({{"accuracy", 0.8}, {"p99_latency_ms", 105.0}, {"model_bytes", 2e6}}, production, rules);
    CHECK_FALSE(d.promote);
    REQUIRE(d.reasons.size() == 3);
    CHECK_THAT(d.reasons[0], starts_with("accuracy: failed: "));
    CHECK_THAT(d.reasons[1], starts_with("p99_latency_ms: passed: ") && contains("allowed <= 110"));
    CHECK_THAT(d.reasons[2], starts_with("model_bytes: failed: "));
    // All pass: promote. No rules at all: nothing to fail.
    const gate_decision ok =
        evaluate_gate({{"accuracy", 0.95}, {"p99_latency_ms", 90.0}, {"model_bytes", 4e5}}, production, rules);
    CHECK(ok.promote);
    CHECK(ok.reasons.size() == 3);
    const gate_decision nothing = evaluate_gate({{"accuracy", 0.1}}, production, {});
    CHECK(nothing.promote);
    CHECK(nothing.reasons.empty());
}

TEST_CASE("a significantly worse paired test overrides passing metrics", "[mlops][04_promotion_gate]") {
    // 10,000 test images: accuracy 0.9 for production, 0.8982 for the candidate, within the
    // half-point allowance; but production was right and the candidate wrong 30 times, the reverse
    // only 12 times: exact p = 0.0079.
    const std::vector<gate_rule> rules{absolute("accuracy", better::higher, 0.005)};
    const metrics production{{"accuracy", 0.9}}, candidate{{"accuracy", 0.8982}};
    const mcnemar_result worse = table(8970, 30, 12, 988, true);
    const gate_decision d = evaluate_gate(candidate, production, rules, &worse);
    CHECK_FALSE(d.promote);
    REQUIRE(d.reasons.size() == 2);
    CHECK_THAT(d.reasons[0], starts_with("accuracy: passed: "));
    CHECK_THAT(d.reasons[1], starts_with("mcnemar: failed: ") && contains("only production right 30") &&
                                 contains("only candidate right 12") && contains("alpha 0.05"));
    // At alpha = 0.005 the same split is not significant.
    CHECK(evaluate_gate(candidate, production, rules, &worse, 0.005).promote);
    // A candidate significantly *better* is never held back by the paired test.
    const mcnemar_result better_b = table(8970, 12, 30, 988, true);
    const gate_decision good = evaluate_gate(candidate, production, rules, &better_b);
    CHECK(good.promote);
    REQUIRE(good.reasons.size() == 2);
    CHECK_THAT(good.reasons[1], starts_with("mcnemar: passed: "));
    // p = alpha is not below alpha: passes. Just below fails.
    mcnemar_result edge;
    edge.only_a_right = 20;
    edge.only_b_right = 10;
    edge.p_value = 0.05;
    CHECK(evaluate_gate(candidate, production, rules, &edge, 0.05).promote);
    edge.p_value = std::nextafter(0.05, 0.0);
    CHECK_FALSE(evaluate_gate(candidate, production, rules, &edge, 0.05).promote);
    // A failing metric still fails when the paired test passes.
    CHECK_FALSE(evaluate_gate({{"accuracy", 0.8}}, production, rules, &better_b).promote);
}

TEST_CASE("gate rules alpha and the paired p-value are validated", "[mlops][04_promotion_gate]") {
    const metrics m{{"accuracy", 0.9}};
    const std::vector<gate_rule> ok{absolute("accuracy", better::higher, 0.01)};
    const mcnemar_result paired = table(10, 3, 4, 1, true);
    for (double alpha : {0.0, 1.0, -0.1, not_a_number}) {
        INFO("alpha = " << alpha);
        CHECK_THROWS_AS(evaluate_gate(m, m, ok, &paired, alpha), llmlings::invalid_argument);
    }
    CHECK_THROWS_WITH(evaluate_gate(m, m, ok, &paired, 1.5), contains("evaluate_gate") && contains("alpha"));
    gate_rule both = absolute("accuracy", better::higher, 0.01);
    both.relative_regression = 0.1;
    CHECK_THROWS_WITH(evaluate_gate(m, m, {both}),
                      contains("evaluate_gate") && contains("accuracy") && contains("not both"));
    CHECK_THROWS_WITH(evaluate_gate(m, m, {absolute("accuracy", better::higher, -0.01)}), contains("max_regression"));
    CHECK_THROWS_AS(evaluate_gate(m, m, {absolute("accuracy", better::higher, not_a_number)}),
                    llmlings::invalid_argument);
    CHECK_THROWS_AS(evaluate_gate(m, m, {absolute("accuracy", better::higher, infinity)}), llmlings::invalid_argument);
    CHECK_THROWS_AS(evaluate_gate(m, m, {relative("accuracy", better::higher, not_a_number)}),
                    llmlings::invalid_argument);
    CHECK_THROWS_AS(evaluate_gate(m, m, {with_limit(absolute("accuracy", better::higher, 0.0), not_a_number)}),
                    llmlings::invalid_argument);
    CHECK_THROWS_WITH(evaluate_gate(m, m, {ok[0], absolute("", better::lower, 0.0)}),
                      contains("rule 1") && contains("empty"));
    mcnemar_result broken = paired;
    broken.p_value = not_a_number;
    CHECK_THROWS_WITH(evaluate_gate(m, m, ok, &broken), contains("p-value"));
}

TEST_CASE("stage names are MLflow's and parse back case-sensitively", "[mlops][04_promotion_gate]") {
    const char* names[4] = {"None", "Staging", "Production", "Archived"};
    for (int i = 0; i < 4; ++i) {
        CHECK(std::string(stage_name(all_stages[i])) == names[i]);
        CHECK(parse_stage(names[i]) == all_stages[i]);
    }
    for (const char* bad : {"production", "PRODUCTION", "Prod", "", "None ", "Staged"}) {
        INFO("'" << bad << "'");
        CHECK_THROWS_AS(parse_stage(bad), llmlings::invalid_argument);
    }
    CHECK_THROWS_WITH(parse_stage("production"), contains("parse_stage") && contains("'production'"));
    CHECK_THROWS_AS(stage_name(static_cast<stage>(9)), llmlings::invalid_argument);
}

TEST_CASE("the transition table allows exactly the five moves", "[mlops][04_promotion_gate]") {
    // rows: from None, Staging, Production, Archived; columns: to the same four
    const bool allowed[4][4] = {{false, true, false, false},
                                {false, false, true, true},
                                {false, false, false, true},
                                {false, true, false, false}};
    for (int from = 0; from < 4; ++from)
        for (int to = 0; to < 4; ++to) {
            INFO(stage_name(all_stages[from]) << " -> " << stage_name(all_stages[to]));
            CHECK(can_transition(all_stages[from], all_stages[to]) == allowed[from][to]);
        }
}

TEST_CASE("promoting a version archives the previous production version", "[mlops][04_promotion_gate]") {
    std::vector<model_version> registry{{"fraud", 1, stage::none, "sha256:aa"}, {"fraud", 2, stage::none, "sha256:bb"}};
    // The first model: nothing was in production.
    CHECK(transition(registry, "fraud", 1, stage::staging) == std::nullopt);
    CHECK(registry[0].current == stage::staging);
    CHECK(transition(registry, "fraud", 1, stage::production) == std::nullopt);
    CHECK(registry[0].current == stage::production);
    // The retrained version replaces it; version 1 is archived and reported.
    CHECK(transition(registry, "fraud", 2, stage::staging) == std::nullopt);
    CHECK(registry[0].current == stage::production);  // staging a new version leaves production alone
    CHECK(transition(registry, "fraud", 2, stage::production) == std::optional<int>(1));
    CHECK(registry[0].current == stage::archived);
    CHECK(registry[1].current == stage::production);
    CHECK(registry[0].artifact == "sha256:aa");
    // A rollback goes through staging again, and archives version 2.
    CHECK(transition(registry, "fraud", 1, stage::staging) == std::nullopt);
    CHECK(registry[1].current == stage::production);
    CHECK(transition(registry, "fraud", 1, stage::production) == std::optional<int>(2));
    CHECK(registry[0].current == stage::production);
    CHECK(registry[1].current == stage::archived);
    // Retiring the production version archives it and returns nothing.
    CHECK(transition(registry, "fraud", 1, stage::archived) == std::nullopt);
    CHECK(registry[0].current == stage::archived);
}

TEST_CASE("two model names are independent", "[mlops][04_promotion_gate]") {
    std::vector<model_version> registry{{"fraud", 1, stage::production, "sha256:aa"},
                                        {"churn", 1, stage::staging, "sha256:cc"},
                                        {"churn", 2, stage::staging, "sha256:dd"},
                                        {"fraud", 2, stage::staging, "sha256:ee"}};
    CHECK(transition(registry, "churn", 1, stage::production) == std::nullopt);
    CHECK(registry[0].current == stage::production);  // fraud v1 still serves
    CHECK(registry[1].current == stage::production);
    CHECK(transition(registry, "churn", 2, stage::production) == std::optional<int>(1));
    CHECK(registry[0].current == stage::production);
    CHECK(registry[1].current == stage::archived);
    CHECK(registry[3].current == stage::staging);
    // Same version number, other name: fraud v2 is found by name and number.
    CHECK(transition(registry, "fraud", 2, stage::production) == std::optional<int>(1));
    CHECK(registry[0].current == stage::archived);
    CHECK(registry[2].current == stage::production);
    CHECK(registry[3].current == stage::production);
}

TEST_CASE("a refused transition or an unknown version throws and changes nothing", "[mlops][04_promotion_gate]") {
    std::vector<model_version> registry{{"fraud", 1, stage::production, "a"}, {"fraud", 3, stage::none, "b"}};
    const auto unchanged = [&registry] {
        return registry[0].current == stage::production && registry[1].current == stage::none;
    };
    // Skipping staging would archive version 1 if the move were checked too late.
    CHECK_THROWS_AS(transition(registry, "fraud", 3, stage::production), llmlings::invalid_argument);
    CHECK(unchanged());
    CHECK_THROWS_WITH(transition(registry, "fraud", 3, stage::production),
                      contains("transition") && contains("None") && contains("Production") && contains("fraud"));
    CHECK_THROWS_WITH(transition(registry, "fraud", 1, stage::production), contains("Production"));
    CHECK_THROWS_WITH(transition(registry, "fraud", 1, stage::staging),
                      contains("from Production") && contains("to Staging"));
    CHECK(unchanged());
    CHECK_THROWS_WITH(transition(registry, "fraud", 7, stage::staging), contains("transition") && contains("7"));
    CHECK_THROWS_AS(transition(registry, "churn", 1, stage::archived), llmlings::invalid_argument);
    CHECK(unchanged());
}
