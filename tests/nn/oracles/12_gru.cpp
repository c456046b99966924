// SPDX-License-Identifier: MIT
// Oracles of tests/nn/12_gru.cpp: the golden file, read by common/oracles.cpp's
// load_recurrent_golden; no code of the topic.
#include "12_gru.hpp"

namespace oracles {

gru_golden load_gru_golden() {
    return load_recurrent_golden("nn/12_gru.txt");
}

}  // namespace oracles
