// SPDX-License-Identifier: MIT
// Oracles of tests/peft/05_nf4.cpp: the published table, a uniform 4-bit code and seeded weights;
// no code of the topic under test.
#include "05_nf4.hpp"

#include <algorithm>
#include <cmath>

namespace oracles {

vector published_nf4_levels() {
    return vector_from({-1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
                        -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
                        0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
                        0.7229568362236023, 1.0});
}

matrix uniform_4bit_round_trip(const matrix& x, std::size_t block) {
    matrix out = x;
    for (std::size_t first = 0; first < x.size(); first += block) {
        double m = 0.0;
        for (std::size_t i = 0; i < block; ++i) m = std::max(m, std::fabs(x.data()[first + i]));
        const double step = m / 7.0;
        for (std::size_t i = 0; i < block; ++i)
            out.data()[first + i] = m == 0.0 ? 0.0 : std::nearbyint(x.data()[first + i] / step) * step;
    }
    return out;
}

matrix normal_weights(unsigned seed, std::size_t rows, std::size_t cols, double sd) {
    seed_random(seed);
    return normal_matrix(rows, cols, sd);
}

}  // namespace oracles
