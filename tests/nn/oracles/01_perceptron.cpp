// SPDX-License-Identifier: MIT
// Oracles of tests/nn/01_perceptron.cpp: plain arithmetic and llmlings::rng, no perceptron code.
#include "01_perceptron.hpp"

#include <cmath>

namespace oracles {

std::size_t count_errors(const vector& predicted, const vector& expected) {
    std::size_t errors = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) errors += predicted(i) != expected(i);
    return errors;
}

// Novikoff: updates <= (R / gamma)^2 for the augmented inputs (x, 1), with gamma the margin of a
// unit-norm separator (w, b). Any separator gives a valid (possibly loose) bound.
double novikoff_bound(double w0, double w1, double b) {
    const double corners[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    const double norm = std::sqrt(w0 * w0 + w1 * w1 + b * b);
    double gamma = 1e300;
    for (const auto& c : corners) gamma = std::fmin(gamma, std::fabs(w0 * c[0] + w1 * c[1] + b) / norm);
    const double r2 = 3.0;  // the largest |(x, 1)|^2 is |(1, 1, 1)|^2
    return r2 / (gamma * gamma);
}

labelled separable_points(unsigned seed, std::size_t n) {
    // Labels come from a known plane with a margin of at least 0.1, so the rule must converge.
    llmlings::rng gen(seed);
    labelled out{matrix({n, 3}), vector(xt::empty<double>({n}))};
    std::size_t i = 0;
    while (i < n) {
        const double a = 2 * llmlings::uniform01(gen) - 1, b = 2 * llmlings::uniform01(gen) - 1,
                     c = 2 * llmlings::uniform01(gen) - 1;
        const double s = 0.5 * a - b + 0.25 * c + 0.1;
        if (std::fabs(s) < 0.1) continue;
        out.x(i, 0) = a;
        out.x(i, 1) = b;
        out.x(i, 2) = c;
        out.y(i) = s > 0 ? 1.0 : 0.0;
        ++i;
    }
    return out;
}

}  // namespace oracles
