// SPDX-License-Identifier: MIT
// Tests of the one progress line of every training loop (include/llmlings/core/progress.hpp).
// Oracles: the exact text of the documented format, worked out by hand from its printf fields.
#include <llmlings/testing.hpp>

#include <limits>

#include <llmlings/core/progress.hpp>

using llmlings::epoch_record;
using llmlings::format_progress;

namespace {
const double missing = std::numeric_limits<double>::quiet_NaN();
}  // namespace

TEST_CASE("the progress line shows epoch losses accuracies and time in a fixed format", "[infra][progress]") {
    // %.4f rounds 0.41234 to 0.4123, %5.1f%% of 87.5 pads to " 87.5%", %.2f of 1.234 is 1.23.
    CHECK(format_progress({3, 0.41234, 0.875, 0.5, 0.85, 1.234}, 10) ==
          "epoch  3/10  loss 0.4123  acc  87.5%  val_loss 0.5000  val_acc  85.0%  1.23s");
    // A NaN validation loss means no validation set: both validation fields are left out.
    CHECK(format_progress({12, 0.05, 1.0, missing, missing, 0.5}, 12) == "epoch 12/12  loss 0.0500  acc 100.0%  0.50s");
    // The epoch is padded to the number of digits of the total.
    CHECK(format_progress({7, 2.0, 0.1, missing, missing, 12.5}, 100) ==
          "epoch   7/100  loss 2.0000  acc  10.0%  12.50s");
    CHECK(format_progress({1, 0.0, 0.0, 0.0, 0.0, 0.0}, 1) ==
          "epoch 1/1  loss 0.0000  acc   0.0%  val_loss 0.0000  val_acc   0.0%  0.00s");
}

TEST_CASE("the progress line rejects an epoch outside one to the total", "[infra][progress]") {
    CHECK_THROWS_AS(format_progress({13, 0.05, 1.0, missing, missing, 0.5}, 12), llmlings::invalid_argument);
    CHECK_THROWS_AS(format_progress({0, 0.05, 1.0, missing, missing, 0.5}, 12), llmlings::invalid_argument);
    CHECK_THROWS_AS(format_progress({1, 0.05, 1.0, missing, missing, 0.5}, 0), llmlings::invalid_argument);
    CHECK_THROWS_WITH(format_progress({13, 0.05, 1.0, missing, missing, 0.5}, 12),
                      llmlings::testing::contains("format_progress") && llmlings::testing::contains("13"));
}
