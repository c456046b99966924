// SPDX-License-Identifier: MIT
// Tests for mlops/02_histogram_quantile. Oracles: Prometheus 2.42's promtool evaluating
// histogram_quantile over the same buckets (tools/golden/mlops_histogram_quantile.py: server-like
// latencies in the default layout, fractional counts, negative bounds, the +Inf bucket, counts that
// dip, a bound spelt twice, buckets out of order, no observations, phi outside [0, 1] and NaN);
// client_golang's documented bucket layouts; counts made by direct comparison of every value with
// every bound; and the closed forms of interpolation inside one bucket.
#include <llmlings/testing.hpp>

#include <llmlings/mlops/02_histogram_quantile.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "oracles/02_histogram_quantile.hpp"

using llmlings::testing::Approx;
using namespace llmlings::mlops;

namespace {

const double inf = std::numeric_limits<double>::infinity();
const double not_a_number = std::numeric_limits<double>::quiet_NaN();

std::vector<bucket> buckets_of(const std::vector<double>& bounds, const std::vector<double>& counts) {
    std::vector<bucket> out(bounds.size());
    for (std::size_t i = 0; i < bounds.size(); ++i) out[i] = {bounds[i], counts[i]};
    return out;
}

// Equal as PromQL results: both NaN, the same infinity, or within 4 ulps' worth of relative error.
bool same_result(double got, double want) {
    if (std::isnan(want)) return std::isnan(got);
    if (std::isinf(want)) return got == want;
    return std::fabs(got - want) <= 1e-15 * std::fmax(1.0, std::fabs(want));
}

}  // namespace

TEST_CASE("exponential and linear layouts are the client libraries' bounds", "[mlops][02_histogram_quantile]") {
    // client_golang's documentation: ExponentialBuckets(100, 1.2, 3) is {100, 120, 144}.
    const std::vector<double> e = exponential_buckets(100.0, 1.2, 3);
    REQUIRE(e.size() == 3);
    CHECK(e[0] == 100.0);
    CHECK(e[1] == Approx(120.0).epsilon(1e-15));
    CHECK(e[2] == Approx(144.0).epsilon(1e-15));
    const std::vector<double> ms = exponential_buckets(0.001, 2.0, 4);
    CHECK(ms == std::vector<double>{0.001, 0.002, 0.004, 0.008});  // doubling is exact
    // LinearBuckets(-1, 0.5, 4): start + i * width, exact in binary for these values
    CHECK(linear_buckets(-1.0, 0.5, 4) == std::vector<double>{-1.0, -0.5, 0.0, 0.5});
    // start + i * width, not repeated addition: 0.1 added 10 times is 0.9999999999999999
    CHECK(linear_buckets(0.1, 0.1, 10).back() == 0.1 + 9.0 * 0.1);
    CHECK(default_buckets().size() == 11);
}

TEST_CASE("bad layouts are refused with the function's name", "[mlops][02_histogram_quantile]") {
    CHECK_THROWS_AS(exponential_buckets(0.0, 2.0, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(exponential_buckets(not_a_number, 2.0, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(exponential_buckets(1.0, 1.0, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(exponential_buckets(1.0, not_a_number, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(exponential_buckets(1.0, 2.0, 0), llmlings::invalid_argument);
    CHECK_THROWS_WITH(exponential_buckets(1.0, 10.0, 400), llmlings::testing::contains("overflows"));
    CHECK_THROWS_AS(linear_buckets(inf, 1.0, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(linear_buckets(0.0, 0.0, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(linear_buckets(0.0, -1.0, 3), llmlings::invalid_argument);
    CHECK_THROWS_AS(linear_buckets(0.0, 1.0, 0), llmlings::invalid_argument);
    CHECK_THROWS_WITH(linear_buckets(1e17, 1.0, 3), llmlings::testing::contains("increase strictly"));
    CHECK_THROWS_WITH(make_histogram({0.1, 0.1}), llmlings::testing::starts_with("make_histogram: upper bounds must"));
    CHECK_THROWS_WITH(make_histogram({0.5, 0.1}), llmlings::testing::contains("increase strictly"));
    CHECK_THROWS_WITH(make_histogram({0.1, not_a_number}), llmlings::testing::contains("expected finite bounds"));
    CHECK_THROWS_AS(make_histogram({-inf, 0.1}), llmlings::invalid_argument);
    CHECK_THROWS_AS(make_histogram({0.1, inf, inf}), llmlings::invalid_argument);
}

TEST_CASE("make_histogram starts every count at zero and drops a trailing +Inf bound",
          "[mlops][02_histogram_quantile]") {
    const histogram h = make_histogram({0.1, 0.5, inf});
    CHECK(h.upper_bounds == std::vector<double>{0.1, 0.5});
    CHECK(h.counts == std::vector<std::uint64_t>{0, 0, 0});
    CHECK(h.count == 0);
    CHECK(h.sum == 0.0);
    const histogram only_inf = make_histogram({});
    CHECK(only_inf.upper_bounds.empty());
    CHECK(only_inf.counts == std::vector<std::uint64_t>{0});
}

TEST_CASE("observe counts a value equal to a bound in that bound's bucket", "[mlops][02_histogram_quantile]") {
    histogram h = make_histogram({0.1, 0.5});
    observe(h, 0.1);                  // le: equal to the bound counts in it
    observe(h, 0.10000000000000002);  // the next double above 0.1: the next bucket
    observe(h, -3.0);                 // no lower bound on the first bucket
    observe(h, 0.5);
    observe(h, 7.0);  // above every bound: +Inf
    CHECK(h.counts == std::vector<std::uint64_t>{2, 2, 1});
    CHECK(h.count == 5);
    CHECK(h.sum == Approx(0.1 + 0.10000000000000002 - 3.0 + 0.5 + 7.0).epsilon(1e-15));
    observe(h, inf);
    CHECK(h.counts[2] == 2);
    observe(h, not_a_number);  // counted in +Inf, and the sum shows it
    CHECK(h.counts == std::vector<std::uint64_t>{2, 2, 3});
    CHECK(h.count == 7);
    CHECK(std::isnan(h.sum));
    histogram bad = h;
    bad.counts.pop_back();
    CHECK_THROWS_WITH(observe(bad, 1.0),
                      llmlings::testing::starts_with("observe: the histogram has 2 bounds and 2 counts"));
}

TEST_CASE("cumulative buckets count every value at most the bound and end at the total",
          "[mlops][02_histogram_quantile]") {
    const std::vector<double> values = oracles::latencies(5000, 0.04, 7);
    histogram h = make_histogram(default_buckets());
    double sum = 0.0;
    for (double v : values) {
        observe(h, v);
        sum += v;
    }
    const std::vector<bucket> b = cumulative_buckets(h);
    REQUIRE(b.size() == 12);
    for (std::size_t i = 0; i < 11; ++i) {
        CHECK(b[i].upper_bound == default_buckets()[i]);
        CHECK(b[i].count == oracles::count_at_most(values, b[i].upper_bound));
    }
    CHECK(b[11].upper_bound == inf);
    CHECK(b[11].count == 5000.0);
    CHECK(h.count == 5000);
    CHECK(h.sum == Approx(sum).epsilon(1e-12));
    histogram bad = h;
    bad.counts.push_back(0);
    CHECK_THROWS_AS(cumulative_buckets(bad), llmlings::shape_error);
}

TEST_CASE("histogram_quantile gives what Prometheus' promtool computes", "[mlops][02_histogram_quantile]") {
    const std::vector<oracles::promtool_case> cases = oracles::promtool_cases();
    REQUIRE(cases.size() == 15);
    for (std::size_t k = 0; k < cases.size(); ++k) {
        const std::vector<bucket> b = buckets_of(cases[k].bounds, cases[k].counts);
        for (std::size_t j = 0; j < cases[k].phi.size(); ++j) {
            const double got = histogram_quantile(cases[k].phi[j], b);
            INFO("case " << k << ", phi " << cases[k].phi[j] << ": got " << got << ", promtool "
                         << cases[k].quantile[j]);
            CHECK(same_result(got, cases[k].quantile[j]));
        }
    }
}

TEST_CASE("histogram_quantile interpolates linearly inside the bucket of the rank", "[mlops][02_histogram_quantile]") {
    // 1 observation <= 0.1, 3 in (0.1, 0.3], 3 in (0.3, +Inf)
    const std::vector<bucket> b = {{0.1, 1.0}, {0.3, 4.0}, {inf, 7.0}};
    CHECK(histogram_quantile(0.37, b) == Approx(0.1 + 0.2 * (0.37 * 7 - 1) / 3).epsilon(1e-15));
    CHECK(histogram_quantile(1.0 / 7.0, b) == Approx(0.1).epsilon(1e-15));    // rank 1: the first bucket's end
    CHECK(histogram_quantile(0.05, b) == Approx(0.1 * 0.35).epsilon(1e-14));  // from the natural lower bound 0
    CHECK(histogram_quantile(0.9, b) == 0.3);  // the rank is in +Inf: the highest finite bound
    // empty buckets around the rank do not move it
    const std::vector<bucket> gap = {{1.0, 2.0}, {2.0, 2.0}, {3.0, 2.0}, {4.0, 6.0}, {inf, 6.0}};
    CHECK(histogram_quantile(0.5, gap) == Approx(3.25).epsilon(1e-15));
}

TEST_CASE("a window's quantile comes from the increase between two scrapes", "[mlops][02_histogram_quantile]") {
    // An hour of fast requests, then five minutes of slow ones: the totals hide the slowdown.
    const std::vector<double> fast = oracles::latencies(20000, 0.02, 11);
    const std::vector<double> slow = oracles::latencies(600, 0.4, 12);
    histogram h = make_histogram(default_buckets());
    for (double v : fast) observe(h, v);
    const std::vector<bucket> earlier = cumulative_buckets(h);
    histogram window = make_histogram(default_buckets());
    for (double v : slow) {
        observe(h, v);
        observe(window, v);
    }
    const std::vector<bucket> later = cumulative_buckets(h);
    const std::vector<bucket> increase = bucket_increase(earlier, later);
    const std::vector<bucket> direct = cumulative_buckets(window);
    REQUIRE(increase.size() == direct.size());
    for (std::size_t i = 0; i < direct.size(); ++i) {
        CHECK(increase[i].upper_bound == direct[i].upper_bound);
        CHECK(increase[i].count == direct[i].count);
    }
    const double p99_window = histogram_quantile(0.99, increase);
    const double p99_total = histogram_quantile(0.99, later);
    CHECK(p99_window == histogram_quantile(0.99, direct));
    CHECK(p99_window > 1.0);
    CHECK(p99_total < 1.0);  // the slow five minutes are 3 % of the hour: the total p99 stays below 1 s
}

TEST_CASE("bucket_increase treats a counter that went down as a restart", "[mlops][02_histogram_quantile]") {
    const std::vector<bucket> earlier = {{1.0, 3.0}, {inf, 5.0}};
    const std::vector<bucket> later = {{1.0, 4.0}, {inf, 9.0}};
    const std::vector<bucket> d = bucket_increase(earlier, later);
    REQUIRE(d.size() == 2);
    CHECK(d[0].upper_bound == 1.0);
    CHECK(d[0].count == 1.0);
    CHECK(d[1].upper_bound == inf);
    CHECK(d[1].count == 4.0);
    const std::vector<bucket> restarted = {{1.0, 2.0}, {inf, 2.0}};
    const std::vector<bucket> r = bucket_increase(earlier, restarted);
    CHECK(r[0].count == 2.0);
    CHECK(r[1].count == 2.0);
    // per series, as Prometheus: only the bucket that went down is a reset
    const std::vector<bucket> mixed = bucket_increase({{1.0, 3.0}, {inf, 5.0}}, {{1.0, 2.0}, {inf, 6.0}});
    CHECK(mixed[0].count == 2.0);
    CHECK(mixed[1].count == 1.0);
    CHECK(bucket_increase(later, later)[1].count == 0.0);
    CHECK_THROWS_WITH(bucket_increase(earlier, {{inf, 1.0}}),
                      llmlings::testing::starts_with("bucket_increase: the two scrapes have 2 and 1 buckets"));
    CHECK_THROWS_WITH(bucket_increase(earlier, {{2.0, 3.0}, {inf, 5.0}}),
                      llmlings::testing::contains("bucket 0 has upper bound 1"));
    CHECK_THROWS_AS(bucket_increase(earlier, {{1.0, not_a_number}, {inf, 5.0}}), llmlings::invalid_argument);
}

TEST_CASE("fraction_at_most inverts histogram_quantile and is exact at the bounds", "[mlops][02_histogram_quantile]") {
    const std::vector<oracles::promtool_case> cases = oracles::promtool_cases();
    const std::vector<bucket> b = buckets_of(cases[0].bounds, cases[0].counts);  // 1000 latencies
    const double n = cases[0].counts.back();
    for (std::size_t i = 0; i + 1 < b.size(); ++i) {
        CHECK(fraction_at_most(b[i].upper_bound, b) == Approx(b[i].count / n).epsilon(1e-15));
    }
    for (double phi : {0.01, 0.1, 0.37, 0.5, 0.9, 0.99}) {
        CHECK(fraction_at_most(histogram_quantile(phi, b), b) == Approx(phi).epsilon(1e-12));
    }
    // The shape of the edges: buckets {0.1: 1, 0.3: 4, +Inf: 7}
    const std::vector<bucket> small = {{0.3, 4.0}, {inf, 7.0}, {0.1, 1.0}};  // any order
    CHECK(fraction_at_most(0.05, small) == Approx(0.5 / 7.0).epsilon(1e-15));
    CHECK(fraction_at_most(0.2, small) == Approx(2.5 / 7.0).epsilon(1e-15));
    CHECK(fraction_at_most(0.0, small) == 0.0);
    CHECK(fraction_at_most(-1.0, small) == 0.0);
    CHECK(fraction_at_most(100.0, small) == Approx(4.0 / 7.0).epsilon(1e-15));
    CHECK(fraction_at_most(inf, small) == 1.0);
    // A first bucket at or below 0 counts whole from its bound on.
    const std::vector<bucket> negative = {{-1.0, 2.0}, {0.0, 5.0}, {2.0, 9.0}, {inf, 10.0}};
    CHECK(fraction_at_most(-2.0, negative) == 0.0);
    CHECK(fraction_at_most(-1.0, negative) == Approx(0.2).epsilon(1e-15));
    CHECK(fraction_at_most(-0.5, negative) == Approx(0.35).epsilon(1e-15));
    CHECK(fraction_at_most(1.0, negative) == Approx(0.7).epsilon(1e-15));
    CHECK(std::isnan(fraction_at_most(1.0, {{1.0, 0.0}, {inf, 0.0}})));
    CHECK(std::isnan(fraction_at_most(1.0, {{1.0, 2.0}})));
    CHECK_THROWS_WITH(fraction_at_most(not_a_number, small),
                      llmlings::testing::starts_with("fraction_at_most: threshold is NaN"));
    CHECK_THROWS_WITH(histogram_quantile(0.5, {{not_a_number, 1.0}, {inf, 2.0}}),
                      llmlings::testing::starts_with("histogram_quantile: bucket 0 holds NaN"));
}
