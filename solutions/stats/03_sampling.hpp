// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief stats/03 — sampling: turning a seeded stream of uniform random numbers into normal,
 * exponential and categorical samples, and into shuffles and random permutations.
 *
 * Shapes: n samples come back as a vector (n), or an index_vector (n) for categories; a
 * probability vector is (K).
 *
 * Every function takes the generator `llmlings::rng&` (std::mt19937_64) and draws from it only
 * through llmlings::uniform01 and llmlings::uniform_index, so a seed fixes every result on every
 * platform. That is why the distributions are written here instead of taken from
 * `std::normal_distribution` and friends, whose algorithms the C++ standard leaves to each
 * library: the same seed gives different numbers with libstdc++ and libc++.
 *
 * What this file deliberately is not: fast. Box–Muller calls log, sqrt, cos and sin per pair; the
 * ziggurat method is several times faster and much longer.
 *
 * References: G. E. P. Box, M. E. Muller (1958), "A note on the generation of random normal
 * deviates", Ann. Math. Statist. 29(2); L. Devroye, *Non-Uniform Random Variate Generation*
 * (1986), ch. II (inversion) and III.2 (discrete distributions by binary search); D. E. Knuth,
 * *The Art of Computer Programming* vol. 2, §3.4.2 Algorithm P (the Fisher–Yates shuffle).
 *
 * Guide: @ref stats_03_sampling (the math) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_STATS_03_SAMPLING_HPP
#define LLMLINGS_STATS_03_SAMPLING_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>

namespace llmlings {
namespace stats {

namespace detail {

/**
 * @brief A uniform double in the open interval (0, 1): uniform01 redrawn while it is exactly 0.
 *
 * uniform01 returns 0 with probability 2⁻⁵³; log(0) = −∞ would then escape from Box–Muller, and an
 * inverse cdf may reject p = 0. Redrawing keeps the distribution uniform on (0, 1).
 *
 * @param gen the generator
 */
inline double uniform_open01(rng& gen) {
    double u;
    do {
        u = uniform01(gen);
    } while (u == 0.0);
    return u;
}

/**
 * @brief Checks a probability vector and returns its running sums c_k = p_0 + … + p_k.
 *
 * @param function the public function, for the messages
 * @param probabilities vector (K)
 * @return the cumulative sums, (K); the last is the total, within 1e-9 of 1
 * @throws invalid_argument when K = 0, an entry is negative or not finite, or the total is not
 *         within 1e-9 of 1
 */
inline std::vector<double> cumulative_probabilities(const char* function, const vector& probabilities) {
    check::not_empty(function, probabilities);
    std::vector<double> cumulative(probabilities.size());
    double total = 0.0;
    for (std::size_t k = 0; k < probabilities.size(); ++k) {
        const double p = probabilities(k);
        if (!(p >= 0.0) || !std::isfinite(p))
            throw invalid_argument(function, ::llmlings::detail::concat("probabilities must be finite and >= 0, got ",
                                                                        p, " at index ", k));
        total += p;
        cumulative[k] = total;
    }
    if (!(std::fabs(total - 1.0) <= 1e-9))
        throw invalid_argument(
            function, ::llmlings::detail::concat("probabilities must sum to 1 (within 1e-9), they sum to ", total));
    return cumulative;
}

/**
 * @brief The category of one uniform draw: the first k with u · c_{K−1} < c_k, by binary search.
 *
 * Scaling u by the total makes the intervals [c_{k−1}, c_k) cover [0, total) exactly, so rounding
 * in a sum a little below 1 cannot leave a gap. A category of probability 0 has an empty interval
 * and is never returned.
 *
 * @param cumulative the running sums from cumulative_probabilities()
 * @param u a uniform number in [0, 1)
 */
inline std::size_t search_category(const std::vector<double>& cumulative, double u) {
    const double target = u * cumulative.back();
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), target);
    if (it != cumulative.end()) return static_cast<std::size_t>(it - cumulative.begin());
    // u · total rounded up to total: the last category with a positive probability
    std::size_t k = cumulative.size() - 1;
    while (k > 0 && cumulative[k - 1] == cumulative[k]) --k;
    return k;
}

}  // namespace detail

/**
 * @ingroup stats
 * @brief Two independent standard normal numbers from two uniforms: the Box–Muller transform.
 *
 * @f[ R = \sqrt{-2 \ln u_1}, \quad \Theta = 2\pi u_2, \qquad z_1 = R\cos\Theta, \quad z_2 = R\sin\Theta @f]
 * Why it works: a pair of independent N(0,1) numbers is a point of the plane whose angle is
 * uniform and whose squared radius R² is exponential with mean 2 (a chi-square with 2 degrees of
 * freedom); −2 ln u₁ is exactly such an exponential (inverse transform), 2πu₂ such an angle.
 *
 * @param gen the generator; two draws of uniform01 (u₁ in (0, 1), redrawn if 0)
 * @return the pair (z₁, z₂)
 *
 * Complexity: O(1): one log, one sqrt, one cos, one sin.
 * Example: `rng gen(42); auto [a, b] = box_muller(gen);` → two N(0, 1) numbers, the same for
 * seed 42 on every platform.
 */
inline std::pair<double, double> box_muller(rng& gen) {
    const double two_pi = 6.283185307179586;
    const double u1 = detail::uniform_open01(gen);
    const double u2 = uniform01(gen);
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = two_pi * u2;
    return {radius * std::cos(angle), radius * std::sin(angle)};
}

/**
 * @ingroup stats
 * @brief n samples of the normal distribution N(μ, σ²), by Box–Muller.
 *
 * @f[ x_i = \mu + \sigma z_i, \qquad z_i \sim N(0, 1) @f]
 * Box–Muller gives pairs: both numbers of every pair are used, and for odd n the second number of
 * the last pair is dropped.
 *
 * @param gen the generator (n + n mod 2 uniforms are drawn, plus any redraws of an exact 0)
 * @param n the number of samples (0 gives an empty vector)
 * @param mean μ, finite (default 0)
 * @param stddev σ, finite and > 0 (default 1)
 * @return vector (n)
 * @throws invalid_argument when μ is not finite or σ is not finite and > 0
 *
 * Complexity: O(n). Example: `sample_normal(100000, gen, 5, 2)` has a mean within 5·2/√100000 ≈
 * 0.03 of 5 (except with probability 6e-7).
 */
inline vector sample_normal(std::size_t n, rng& gen, double mean = 0.0, double stddev = 1.0) {
    if (!std::isfinite(mean))
        throw invalid_argument("sample_normal", ::llmlings::detail::concat("the mean must be finite, got ", mean));
    if (!(stddev > 0.0) || !std::isfinite(stddev))
        throw invalid_argument(
            "sample_normal", ::llmlings::detail::concat("the standard deviation must be finite and > 0, got ", stddev));
    vector samples = xt::empty<double>({n});
    for (std::size_t i = 0; i < n; i += 2) {
        const auto pair = box_muller(gen);
        samples(i) = mean + stddev * pair.first;
        if (i + 1 < n) samples(i + 1) = mean + stddev * pair.second;
    }
    return samples;
}

/**
 * @ingroup stats
 * @brief n samples of any distribution whose inverse cdf is known: inverse-transform sampling.
 *
 * @f[ x_i = F^{-1}(u_i), \qquad u_i \sim \mathrm{Uniform}(0, 1) @f]
 * Why it works: P(F⁻¹(U) ≤ x) = P(U ≤ F(x)) = F(x), so F⁻¹(U) has the cdf F. Each uᵢ is drawn
 * from the open interval (0, 1), so an inverse cdf that rejects 0 (like normal_ppf of stats/02)
 * can be passed directly.
 *
 * @tparam InverseCdf a callable double → double, F⁻¹ on (0, 1)
 * @param gen the generator; one uniform per sample (plus any redraws of an exact 0)
 * @param n the number of samples
 * @param inverse_cdf F⁻¹
 * @return vector (n): inverse_cdf(u₀), …, inverse_cdf(uₙ₋₁)
 * @throws whatever inverse_cdf throws
 *
 * Complexity: n calls of inverse_cdf. Example: `sample_inverse_transform(1000,
 * [](double u) { return normal_ppf(u); }, gen)` gives 1000 standard normal numbers.
 */
template <class InverseCdf>
vector sample_inverse_transform(std::size_t n, InverseCdf&& inverse_cdf, rng& gen) {
    vector samples = xt::empty<double>({n});
    for (std::size_t i = 0; i < n; ++i) samples(i) = inverse_cdf(detail::uniform_open01(gen));
    return samples;
}

/**
 * @ingroup stats
 * @brief n samples of the exponential distribution with the given rate λ (mean 1/λ), by inverse
 * transform.
 *
 * @f[ F(x) = 1 - e^{-\lambda x} \;\Rightarrow\; F^{-1}(u) = -\frac{\ln(1-u)}{\lambda} @f]
 * The waiting time between events of a Poisson process with rate λ. ln(1 − u) is computed as
 * std::log1p(−u), exact for small u.
 *
 * @param gen the generator; one uniform per sample
 * @param n the number of samples
 * @param rate λ, finite and > 0
 * @return vector (n) of non-negative numbers
 * @throws invalid_argument when λ is not finite and > 0
 *
 * Complexity: O(n). Example: `sample_exponential(100000, 2, gen)` has a mean within 5·0.5/√100000
 * ≈ 0.008 of 0.5 (except with probability 6e-7).
 */
inline vector sample_exponential(std::size_t n, double rate, rng& gen) {
    if (!(rate > 0.0) || !std::isfinite(rate))
        throw invalid_argument("sample_exponential",
                               ::llmlings::detail::concat("the rate must be finite and > 0, got ", rate));
    const auto quantile = [rate](double u) { return -std::log1p(-u) / rate; };
    return sample_inverse_transform(n, quantile, gen);
}

/**
 * @ingroup stats
 * @brief One draw from a categorical distribution: index k with probability p_k.
 *
 * Lay the probabilities end to end on [0, 1): category k owns [c_{k−1}, c_k) with the running
 * sums c_k = p₀ + … + p_k. A uniform u falls into category k with probability p_k; binary search
 * over the c_k finds it in O(log K). This is how a language model picks its next token from a
 * softmax output.
 *
 * @param gen the generator; one uniform
 * @param probabilities vector (K), entries ≥ 0 summing to 1 within 1e-9
 * @return an index in [0, K) whose probability is > 0
 * @throws invalid_argument when K = 0, an entry is negative or not finite, or the sum is not
 *         within 1e-9 of 1; the message names sample_categorical and what was wrong:
 *         `sample_categorical: probabilities must sum to 1 (within 1e-9), they sum to 0.9`
 *
 * Complexity: O(K) to build the running sums, O(log K) to search. Example: with probabilities
 * {0.2, 0.5, 0.3}, u = 0.1 → 0, u = 0.6 → 1, u = 0.75 → 2 (running sums 0.2, 0.7, 1.0).
 */
inline std::size_t sample_categorical(const vector& probabilities, rng& gen) {
    const std::vector<double> cumulative = detail::cumulative_probabilities("sample_categorical", probabilities);
    return detail::search_category(cumulative, uniform01(gen));
}

/**
 * @ingroup stats
 * @brief n independent draws from a categorical distribution; the running sums are built once.
 *
 * @param gen the generator; one uniform per draw
 * @param probabilities vector (K), entries ≥ 0 summing to 1 within 1e-9
 * @param n the number of draws
 * @return index_vector (n) of categories in [0, K)
 * @throws invalid_argument as the single-draw overload
 *
 * Complexity: O(K + n log K). Example: 100000 draws from {0.2, 0.5, 0.3} contain about 20000
 * zeros, 50000 ones and 30000 twos.
 */
inline index_vector sample_categorical(const vector& probabilities, std::size_t n, rng& gen) {
    const std::vector<double> cumulative = detail::cumulative_probabilities("sample_categorical", probabilities);
    index_vector draws = xt::empty<std::size_t>({n});
    for (std::size_t i = 0; i < n; ++i) draws(i) = detail::search_category(cumulative, uniform01(gen));
    return draws;
}

/**
 * @ingroup stats
 * @brief Shuffles a sequence in place so that each of the n! orders is equally likely: the
 * Fisher–Yates (Knuth) shuffle.
 *
 * For i = n−1 down to 1: pick j uniformly in [0, i] and swap elements i and j. Position i then
 * holds a uniformly chosen element of those not yet placed, so every permutation has probability
 * 1/n · 1/(n−1) · … · 1 = 1/n!.
 *
 * Two classic bugs give a biased shuffle that still looks random: j in [0, n) at every step (n^n
 * equally likely paths cannot map evenly onto n! orders) and j in [0, i) (Sattolo's algorithm: only
 * cyclic permutations, an element never stays in place).
 *
 * @tparam Sequence a container with size() and operator[] (llmlings::vector, index_vector,
 *         std::vector, …)
 * @param gen the generator; n − 1 calls of uniform_index
 * @param values the sequence, shuffled in place
 *
 * Complexity: O(n), n − 1 swaps. Example: shuffling {0, 1, 2} gives each of the 6 orders with
 * probability 1/6.
 */
template <class Sequence>
void shuffle(Sequence& values, rng& gen) {
    using std::swap;
    for (std::size_t i = values.size(); i-- > 1;) {
        const std::size_t j = static_cast<std::size_t>(uniform_index(i + 1, gen));
        swap(values[i], values[j]);
    }
}

/**
 * @ingroup stats
 * @brief A uniformly random permutation of 0, 1, …, n−1: shuffle() applied to the identity.
 *
 * Use it to reorder several arrays the same way (the rows of a data matrix and their labels, the
 * mini-batches of an epoch): index both with the one permutation.
 *
 * @param gen the generator
 * @param n the length
 * @return index_vector (n) holding each of 0 … n−1 exactly once
 *
 * Complexity: O(n). Example: `random_permutation(4, gen)` → e.g. `{2, 0, 3, 1}`.
 */
inline index_vector random_permutation(std::size_t n, rng& gen) {
    index_vector permutation = xt::empty<std::size_t>({n});
    for (std::size_t i = 0; i < n; ++i) permutation(i) = i;
    shuffle(permutation, gen);
    return permutation;
}

}  // namespace stats
}  // namespace llmlings

#endif  // LLMLINGS_STATS_03_SAMPLING_HPP
