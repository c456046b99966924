// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief mlops/04 — the promotion gate: McNemar's test on the paired predictions of two models,
 * the metric rules a CI job checks before a retrained model replaces the one in production, and
 * MLflow-style model stages (None → Staging → Production → Archived).
 *
 * The situation: a pipeline retrains a model every night, and a CI/CD job decides whether the new
 * version (the candidate) replaces the production version. Both are scored on the same test set,
 * so the comparison is paired: only the examples on which they disagree carry information about
 * which is better (McNemar 1947). The gate also applies the rules an SRE writes (accuracy may drop
 * by at most half a point, p99 latency may grow by at most 10 %, the model file must stay under a
 * size) and the registry keeps at most one version of each model in Production.
 *
 * Shapes: truth, pred_a and pred_b are index_vectors (n) of class labels (any values: no class
 * count is needed); metrics are `std::map<std::string, double>` from a metric's name to its value.
 *
 * What this file deliberately is not: a model registry with storage (mlops/03 addresses the
 * artifacts; the capstone keeps the registry in files), MLflow's REST API, aliases, or tests of
 * more than two models at once (Cochran's Q).
 *
 * References: Q. McNemar (1947), "Note on the sampling error of the difference between correlated
 * proportions or percentages", Psychometrika 12(2); A. L. Edwards (1948), "Note on the 'correction
 * for continuity' in testing the significance of the difference between correlated proportions",
 * Psychometrika 13(3); T. G. Dietterich (1998), "Approximate statistical tests for comparing
 * supervised classification learning algorithms", Neural Computation 10(7); A. Agresti (1990),
 * *Categorical Data Analysis*, p. 350 (the presidential approval example of R's `mcnemar.test`);
 * SciPy's `scipy.stats.binomtest`; MLflow's Model Registry documentation (stages and aliases).
 *
 * Guide: @ref mlops_04_promotion_gate (the math and the production situation) and @ref cpp_guide
 * (the C++ used here).
 */
#ifndef LLMLINGS_MLOPS_04_PROMOTION_GATE_HPP
#define LLMLINGS_MLOPS_04_PROMOTION_GATE_HPP

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/stats/02_distributions.hpp>

namespace llmlings {
namespace mlops {

/**
 * @ingroup mlops
 * @brief The paired outcomes of two models on the same examples, and McNemar's test of whether
 * they are equally accurate.
 *
 * The 2 × 2 table (a = the first model, usually production; b = the second, the candidate):
 *
 * |  | b right | b wrong |
 * | --- | --- | --- |
 * | **a right** | both_right | only_a_right |
 * | **a wrong** | only_b_right | both_wrong |
 *
 * The four counts add up to the number of examples.
 */
struct mcnemar_result {
    std::size_t both_right = 0;    ///< examples both models classify correctly
    std::size_t only_a_right = 0;  ///< b in the textbooks: a right, b wrong
    std::size_t only_b_right = 0;  ///< c in the textbooks: b right, a wrong
    std::size_t both_wrong = 0;    ///< examples both models get wrong
    double statistic = 0.0;        ///< exact test: min(b, c); asymptotic: the corrected χ² (1 dof)
    double p_value = 1.0;          ///< two-sided: P(a split at least this uneven | equally accurate)
};

namespace detail {

// Given: the checks of the inputs (you call them; they are not the exercise).

/**
 * @brief Throws unless the three label vectors have one common length n ≥ 1.
 *
 * @param truth the true labels (n)
 * @param pred_a the first model's predictions (n)
 * @param pred_b the second model's predictions (n)
 * @throws shape_error naming the three lengths: `mcnemar_test: truth, pred_a and pred_b must have
 *         the same length, got truth 3, pred_a 2, pred_b 3`
 * @throws invalid_argument when n = 0
 */
inline void check_mcnemar_inputs(const index_vector& truth, const index_vector& pred_a, const index_vector& pred_b) {
    if (truth.size() != pred_a.size() || truth.size() != pred_b.size())
        throw shape_error("mcnemar_test", ::llmlings::detail::concat(
                                              "truth, pred_a and pred_b must have the same length, got truth ",
                                              truth.size(), ", pred_a ", pred_a.size(), ", pred_b ", pred_b.size()));
    if (truth.size() == 0) throw invalid_argument("mcnemar_test", "expected at least one example, got 0");
}

/**
 * @brief A count as the `int` that stats::binomial_cdf takes.
 *
 * @param count the number of disagreements (or the smaller of the two counts)
 * @return the same number as an int
 * @throws invalid_argument when the count exceeds INT_MAX (more than 2³¹ − 1 disagreements: use
 *         the asymptotic test)
 */
inline int mcnemar_count(std::size_t count) {
    if (count > static_cast<std::size_t>(INT_MAX))
        throw invalid_argument(
            "mcnemar_test", ::llmlings::detail::concat("the exact test takes at most ", INT_MAX, " disagreements, got ",
                                                       count, ": use exact = false"));
    return static_cast<int>(count);
}

// End of the given code.

}  // namespace detail

/**
 * @ingroup mlops
 * @brief McNemar's test: are two models that were scored on the same examples equally accurate?
 *
 * Count the 2 × 2 table of mcnemar_result (b = only_a_right, c = only_b_right). Examples both
 * models get right, or both get wrong, say nothing about which is better; under H₀ "equally
 * accurate" each of the n = b + c disagreements is a fair coin flip, b ~ Binomial(n, ½).
 *
 * Exact test (default, as `scipy.stats.binomtest(min(b, c), b + c, 0.5)`):
 * @f[ T = \min(b, c), \qquad p = \min\bigl(1,\ 2\,P(\mathrm{Bin}(b+c, \tfrac12) \le \min(b, c))\bigr). @f]
 * Asymptotic test (exact = false), with Edwards' continuity correction, clamped at 0 so that
 * |b − c| ≤ 1 gives T = 0 (R's `mcnemar.test` and statsmodels leave out the clamp and give
 * 1/(b + c) when b = c):
 * @f[ T = \frac{\max(|b - c| - 1,\ 0)^2}{b + c}, \qquad p = P(\chi^2_1 \ge T). @f]
 * No disagreement (b + c = 0) gives T = 0 and p = 1 in both: nothing tells the models apart.
 *
 * @param truth index_vector (n), the true labels, n ≥ 1 (any label values)
 * @param pred_a index_vector (n), the first model's predictions (production, in the gate)
 * @param pred_b index_vector (n), the second model's predictions (the candidate)
 * @param exact true for the exact binomial test, false for the χ² approximation (fine once
 *        b + c ≳ 25; the exact test is always valid)
 * @return the four counts, the statistic and the two-sided p-value
 * @throws shape_error when the lengths differ, naming the three:
 *         `mcnemar_test: truth, pred_a and pred_b must have the same length, got truth 3, pred_a 2, pred_b 3`
 * @throws invalid_argument when n = 0, or (exact test) b + c exceeds INT_MAX
 *
 * Complexity: O(n) to count, then O(min(b + c, 1000)) for the exact p-value. Example: truth
 * {0, 1, 2, 0, 1, 2}, pred_a {0, 1, 2, 0, 0, 0}, pred_b {0, 0, 0, 0, 0, 0} → both_right 2,
 * only_a_right 2, only_b_right 0, both_wrong 2, statistic 0, p = 2 · (½)² = 0.5.
 */
inline mcnemar_result mcnemar_test(const index_vector& truth, const index_vector& pred_a, const index_vector& pred_b,
                                   bool exact = true) {
    detail::check_mcnemar_inputs(truth, pred_a, pred_b);
    mcnemar_result r;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const bool a_right = pred_a(i) == truth(i);
        const bool b_right = pred_b(i) == truth(i);
        if (a_right && b_right)
            ++r.both_right;
        else if (a_right)
            ++r.only_a_right;
        else if (b_right)
            ++r.only_b_right;
        else
            ++r.both_wrong;
    }
    const std::size_t n = r.only_a_right + r.only_b_right;
    if (n == 0) return r;  // no disagreement: statistic 0, p 1
    if (exact) {
        const std::size_t k = std::min(r.only_a_right, r.only_b_right);
        r.statistic = static_cast<double>(k);
        const double tail = stats::binomial_cdf(detail::mcnemar_count(k), detail::mcnemar_count(n), 0.5);
        r.p_value = std::fmin(1.0, 2.0 * tail);
    } else {
        const double gap = std::fabs(static_cast<double>(r.only_a_right) - static_cast<double>(r.only_b_right));
        const double corrected = std::fmax(gap - 1.0, 0.0);
        r.statistic = corrected * corrected / static_cast<double>(n);
        r.p_value = stats::chi_square_sf(r.statistic, 1.0);
    }
    return r;
}

/**
 * @ingroup mlops
 * @brief Which way is better for a metric.
 */
enum class better {
    higher,  ///< accuracy, F1, AUC: the candidate may be at most the allowance *below* production
    lower    ///< latency, error rate, bytes: at most the allowance *above* production
};

/**
 * @ingroup mlops
 * @brief One rule of the promotion gate: how much worse than production a metric of the candidate
 * may be, and an absolute bound it must meet in any case.
 *
 * The allowance is either absolute (max_regression, in the metric's units) or relative
 * (relative_regression, a fraction of |production|): set at most one; the other keeps its default.
 * Examples: `{"accuracy", better::higher, 0.005}` (at most half a point below production);
 * `{"p99_latency_ms", better::lower, 0.0, 0.10}` (at most 10 % slower);
 * `{"model_bytes", better::lower, 0.0, -1.0, 50e6}` (no worse than production, and ≤ 50 MB).
 */
struct gate_rule {
    std::string metric;                 ///< a key of the metrics maps
    better direction = better::higher;  ///< which way is better
    double max_regression = 0.0;        ///< absolute allowance, finite and ≥ 0 (0: no worse at all)
    double relative_regression = -1.0;  ///< relative allowance when ≥ 0 (0.1 = 10 %); negative: unset
    std::optional<double> limit;        ///< a bound met whatever production does (≥ for higher, ≤ for lower)
};

/**
 * @ingroup mlops
 * @brief The verdict of the gate: promote only when every rule (and the paired test) passed.
 */
struct gate_decision {
    bool promote = false;              ///< true when every check passed
    std::vector<std::string> reasons;  ///< one line per rule, in order, then one for the paired test
};

namespace detail {

// Given: the checks of the rules (you call them; they are not the exercise).

/**
 * @brief Throws unless α ∈ (0, 1), the paired result's p-value (if any) is in [0, 1], and each rule
 * names a metric and sets at most one valid allowance and no NaN limit.
 *
 * @param rules the gate's rules
 * @param paired the paired test's result, or nullptr
 * @param alpha the paired test's significance level
 * @throws invalid_argument naming evaluate_gate, the rule (its index and metric) and the value:
 *         `evaluate_gate: rule 1 (accuracy): set max_regression or relative_regression, not both
 *         (got 0.01 and 0.1)`
 */
inline void check_gate_rules(const std::vector<gate_rule>& rules, const mcnemar_result* paired, double alpha) {
    using ::llmlings::detail::concat;
    if (!(alpha > 0.0 && alpha < 1.0))
        throw invalid_argument("evaluate_gate", concat("alpha must be in (0, 1), got ", alpha));
    if (paired != nullptr && !(paired->p_value >= 0.0 && paired->p_value <= 1.0))
        throw invalid_argument("evaluate_gate",
                               concat("the paired test's p-value must be in [0, 1], got ", paired->p_value));
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const gate_rule& r = rules[i];
        const std::string which = concat("rule ", i, " (", r.metric, "): ");
        if (r.metric.empty()) throw invalid_argument("evaluate_gate", concat(which, "the metric name is empty"));
        if (!(r.max_regression >= 0.0) || !std::isfinite(r.max_regression))
            throw invalid_argument("evaluate_gate",
                                   concat(which, "max_regression must be finite and >= 0, got ", r.max_regression));
        if (std::isnan(r.relative_regression) || std::isinf(r.relative_regression))
            throw invalid_argument("evaluate_gate", concat(which,
                                                           "relative_regression must be finite (negative: "
                                                           "unset), got ",
                                                           r.relative_regression));
        if (r.relative_regression >= 0.0 && r.max_regression != 0.0)
            throw invalid_argument("evaluate_gate",
                                   concat(which, "set max_regression or relative_regression, not both (got ",
                                          r.max_regression, " and ", r.relative_regression, ")"));
        if (r.limit && std::isnan(*r.limit)) throw invalid_argument("evaluate_gate", concat(which, "the limit is NaN"));
    }
}

// End of the given code.

/**
 * @brief Checks one rule and appends its line to `reasons`.
 *
 * The line is `METRIC: passed: ...` or `METRIC: failed: ...`; numbers are written as `operator<<`
 * writes a double (6 significant digits), OP is `>=` (better::higher) or `<=` (better::lower):
 * - candidate lacks the metric: `accuracy: failed: missing from the candidate's metrics`;
 * - candidate value NaN: `accuracy: failed: the candidate's value is NaN`;
 * - otherwise `accuracy: VERDICT: candidate C`, then `, production P, allowed OP T` (T =
 *   P − allowance for higher, P + allowance for lower; allowance = max_regression, or
 *   relative_regression · |P| when that is set), or `, production is NaN` (fails: nothing to
 *   compare with), or `, no production value` (only the limit applies); then, with a limit L,
 *   `, limit OP L`.
 *
 * @param rule the rule (already checked)
 * @param candidate the candidate's metrics
 * @param production the production model's metrics (empty for the first model)
 * @param reasons where the line goes
 * @return true when the rule passed
 */
inline bool apply_gate_rule(const gate_rule& rule, const std::map<std::string, double>& candidate,
                            const std::map<std::string, double>& production, std::vector<std::string>& reasons) {
    using ::llmlings::detail::concat;
    const auto found = candidate.find(rule.metric);
    if (found == candidate.end()) {
        reasons.push_back(concat(rule.metric, ": failed: missing from the candidate's metrics"));
        return false;
    }
    const double c = found->second;
    if (std::isnan(c)) {
        reasons.push_back(concat(rule.metric, ": failed: the candidate's value is NaN"));
        return false;
    }
    const bool higher = rule.direction == better::higher;
    const char* op = higher ? ">=" : "<=";
    // "no worse than allowed" is inclusive: exactly at the threshold passes
    auto meets = [higher, c](double bound) { return higher ? c >= bound : c <= bound; };
    bool passed = true;
    std::string text = concat("candidate ", c);
    const auto previous = production.find(rule.metric);
    if (previous == production.end()) {
        text += ", no production value";
    } else if (std::isnan(previous->second)) {
        text += ", production is NaN";
        passed = false;
    } else {
        const double p = previous->second;
        const double allowance =
            rule.relative_regression >= 0.0 ? rule.relative_regression * std::fabs(p) : rule.max_regression;
        const double threshold = higher ? p - allowance : p + allowance;
        passed = meets(threshold);
        text += concat(", production ", p, ", allowed ", op, " ", threshold);
    }
    if (rule.limit) {
        passed = meets(*rule.limit) && passed;
        text += concat(", limit ", op, " ", *rule.limit);
    }
    reasons.push_back(concat(rule.metric, passed ? ": passed: " : ": failed: ", text));
    return passed;
}

}  // namespace detail

/**
 * @ingroup mlops
 * @brief The promotion gate: may the candidate replace the production model?
 *
 * Every rule is checked, none is skipped after a failure, so the report lists them all. A rule
 * passes when the candidate's value is no worse than allowed (inclusive: exactly at the threshold
 * passes) and meets the rule's limit (inclusive too):
 * @f[ \text{higher: } c \ge p - \Delta,\ c \ge L; \qquad \text{lower: } c \le p + \Delta,\ c \le L;
 *     \qquad \Delta = \texttt{max\_regression} \text{ or } \texttt{relative\_regression}\cdot|p|. @f]
 * A metric missing from the candidate, or NaN there, fails its rule (a reason, not an exception); a
 * metric missing from production (or production empty: the first model) checks only the limit;
 * a NaN production value fails the rule (nothing to compare with: the gate fails closed).
 *
 * With `paired` (mcnemar_test(truth, production_predictions, candidate_predictions)), the gate
 * also fails when the candidate is significantly worse on the same examples:
 * only_a_right > only_b_right and p_value < α. Its line comes last:
 * `mcnemar: VERDICT: only production right B, only candidate right C, p P, alpha A`.
 *
 * Each rule's line is described at detail::apply_gate_rule, e.g.
 * `accuracy: passed: candidate 0.91, production 0.9, allowed >= 0.895, limit >= 0.8`.
 *
 * @param candidate the new model's metrics, name → value
 * @param production the production model's metrics (empty for the first model)
 * @param rules the rules, checked in order
 * @param paired McNemar's test of production (a) against the candidate (b), or nullptr
 * @param alpha the paired test's significance level, in (0, 1)
 * @return {promote, reasons}: promote is true only when every line says passed
 * @throws invalid_argument when α ∉ (0, 1) or is NaN, the paired p-value is not in [0, 1], or a
 *         rule has an empty metric name, a negative, infinite or NaN max_regression, a NaN or
 *         infinite relative_regression, both allowances set, or a NaN limit
 *
 * Complexity: O(R log M) for R rules and M metrics. Example: candidate {accuracy 0.91},
 * production {accuracy 0.9}, rules {{"accuracy", better::higher, 0.005}} → promote = true,
 * reasons {"accuracy: passed: candidate 0.91, production 0.9, allowed >= 0.895"}.
 */
inline gate_decision evaluate_gate(const std::map<std::string, double>& candidate,
                                   const std::map<std::string, double>& production, const std::vector<gate_rule>& rules,
                                   const mcnemar_result* paired = nullptr, double alpha = 0.05) {
    detail::check_gate_rules(rules, paired, alpha);
    gate_decision decision;
    decision.promote = true;
    for (const gate_rule& rule : rules) {
        const bool passed = detail::apply_gate_rule(rule, candidate, production, decision.reasons);
        decision.promote = decision.promote && passed;
    }
    if (paired != nullptr) {
        const bool worse = paired->only_a_right > paired->only_b_right && paired->p_value < alpha;
        decision.reasons.push_back(::llmlings::detail::concat(
            "mcnemar: ", worse ? "failed" : "passed", ": only production right ", paired->only_a_right,
            ", only candidate right ", paired->only_b_right, ", p ", paired->p_value, ", alpha ", alpha));
        if (worse) decision.promote = false;
    }
    return decision;
}

/**
 * @ingroup mlops
 * @brief The stage of a model version in the registry, as MLflow's Model Registry names them.
 */
enum class stage {
    none,        ///< registered, not yet evaluated ("None")
    staging,     ///< under evaluation: shadow traffic, the gate ("Staging")
    production,  ///< serving; at most one version per model name ("Production")
    archived     ///< retired, kept for rollback and audit ("Archived")
};

/**
 * @ingroup mlops
 * @brief MLflow's name of a stage: "None", "Staging", "Production", "Archived".
 *
 * @param s the stage
 * @return its name (a string literal)
 * @throws invalid_argument when `s` is not one of the four values (an integer cast to stage)
 *
 * Complexity: O(1). Example: `stage_name(stage::production)` → `"Production"`.
 */
inline const char* stage_name(stage s) {
    switch (s) {
        case stage::none:
            return "None";
        case stage::staging:
            return "Staging";
        case stage::production:
            return "Production";
        case stage::archived:
            return "Archived";
    }
    throw invalid_argument("stage_name", ::llmlings::detail::concat("not a stage: ", static_cast<int>(s)));
}

/**
 * @ingroup mlops
 * @brief The stage whose MLflow name is `name`: the inverse of stage_name().
 *
 * Case-sensitive, as the names are written in a registry's files: "Production" parses,
 * "production" and "PRODUCTION" do not.
 *
 * @param name "None", "Staging", "Production" or "Archived"
 * @return the stage
 * @throws invalid_argument for any other text, quoting it: `parse_stage: expected None, Staging,
 *         Production or Archived (case-sensitive), got 'production'`
 *
 * Complexity: O(|name|). Example: `parse_stage("Staging")` → `stage::staging`.
 */
inline stage parse_stage(std::string_view name) {
    for (stage s : {stage::none, stage::staging, stage::production, stage::archived})
        if (name == stage_name(s)) return s;
    throw invalid_argument("parse_stage",
                           ::llmlings::detail::concat(
                               "expected None, Staging, Production or Archived (case-sensitive), got '", name, "'"));
}

/**
 * @ingroup mlops
 * @brief Whether a version may move from stage `from` to stage `to`.
 *
 * Allowed: None → Staging, Staging → Production, Staging → Archived, Production → Archived,
 * Archived → Staging. Nothing else: no skipping Staging (every version passes the gate there, a
 * rollback too), no moving back to None, no move to the same stage. (MLflow itself allows any
 * move; this registry is stricter, as a CI policy would be.)
 *
 * @param from the current stage
 * @param to the requested stage
 * @return true for the five allowed moves
 *
 * Complexity: O(1); throws nothing. Example: `can_transition(stage::none, stage::production)` →
 * `false`.
 */
inline bool can_transition(stage from, stage to) {
    switch (from) {
        case stage::none:
            return to == stage::staging;
        case stage::staging:
            return to == stage::production || to == stage::archived;
        case stage::production:
            return to == stage::archived;
        case stage::archived:
            return to == stage::staging;
    }
    return false;
}

/**
 * @ingroup mlops
 * @brief One version of a model in the registry.
 */
struct model_version {
    std::string name;             ///< the model's name, e.g. "fraud-detector"
    int version = 0;              ///< 1, 2, 3, ... per name
    stage current = stage::none;  ///< where it is now
    std::string artifact;         ///< the content address of its weights (mlops/03), e.g. "sha256:9f86…"
};

/**
 * @ingroup mlops
 * @brief Moves version `version` of model `name` to stage `to`; promoting to Production archives
 * the version of that name that was in Production, so at most one serves per name.
 *
 * Nothing changes when the call throws: the version is looked up and the move checked
 * (can_transition()) before anything is written. Versions of other names are never touched.
 *
 * @param versions the registry: every version of every model (name and version unique)
 * @param name the model's name
 * @param version the version number
 * @param to the stage to move it to
 * @return the number of the version this call archived (only when `to` is Production and another
 *         version of `name` was there), else std::nullopt
 * @throws invalid_argument when no entry has this name and version (`transition: model 'fraud' has
 *         no version 7`) or the move is not allowed, naming both stages (`transition: model
 *         'fraud' version 3 cannot move from None to Production`)
 *
 * Complexity: O(number of versions). Example: {fraud v1 Production, fraud v2 Staging},
 * `transition(versions, "fraud", 2, stage::production)` → `1`; v1 is now Archived, v2 Production.
 */
inline std::optional<int> transition(std::vector<model_version>& versions, const std::string& name, int version,
                                     stage to) {
    using ::llmlings::detail::concat;
    auto target = std::find_if(versions.begin(), versions.end(),
                               [&](const model_version& v) { return v.name == name && v.version == version; });
    if (target == versions.end())
        throw invalid_argument("transition", concat("model '", name, "' has no version ", version));
    if (!can_transition(target->current, to))
        throw invalid_argument("transition", concat("model '", name, "' version ", version, " cannot move from ",
                                                    stage_name(target->current), " to ", stage_name(to),
                                                    " (allowed: None -> Staging -> Production -> Archived, "
                                                    "Staging -> Archived, Archived -> Staging)"));
    std::optional<int> archived;
    if (to == stage::production)
        for (model_version& v : versions)
            if (v.name == name && v.current == stage::production) {
                v.current = stage::archived;
                if (!archived) archived = v.version;
            }
    target->current = to;
    return archived;
}

}  // namespace mlops
}  // namespace llmlings

#endif  // LLMLINGS_MLOPS_04_PROMOTION_GATE_HPP
