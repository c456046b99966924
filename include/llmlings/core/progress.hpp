// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief One epoch of training as a record, and the one progress line every training loop of
 * llmlings prints (nn/06's fit, nn/13's learning curves, the projects).
 *
 * A loop fills an epoch_record after each epoch (or each evaluation interval) and prints
 * format_progress(record, total); nn/13 collects the records into a learning curve and writes it
 * as CSV and as a picture. One format for every loop means one regex to parse a log, whichever
 * model wrote it.
 */
#ifndef LLMLINGS_CORE_PROGRESS_HPP
#define LLMLINGS_CORE_PROGRESS_HPP

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>

#include <llmlings/core/errors.hpp>

namespace llmlings {

/**
 * @ingroup core
 * @brief What one epoch of training measured. A NaN validation field means "no validation set".
 *
 * The training scores are means over the epoch's batches, taken while the weights moved (what
 * Keras prints); the validation scores are those of the weights at the end of the epoch.
 */
struct epoch_record {
    std::size_t epoch = 0;        ///< 1-based epoch number
    double train_loss = 0.0;      ///< mean training loss over the epoch
    double train_accuracy = 0.0;  ///< fraction in [0, 1]
    double valid_loss = 0.0;      ///< validation loss after the epoch (NaN: none)
    double valid_accuracy = 0.0;  ///< validation accuracy in [0, 1] (NaN: none)
    double seconds = 0.0;         ///< wall time of the epoch
};

/**
 * @ingroup core
 * @brief One line of progress for the terminal, like Keras's fit() output.
 *
 * Format (printf): `epoch %*zu/%zu  loss %.4f  acc %5.1f%%`, the epoch padded to the width of the
 * total, then `  val_loss %.4f  val_acc %5.1f%%` unless the validation loss is NaN, then
 * `  %.2fs`. Accuracies are printed as percentages; a NaN prints as `nan`.
 *
 * @param record the epoch
 * @param total_epochs E, the planned number of epochs (1 ≤ record.epoch ≤ E)
 * @return the line, without a newline
 * @throws invalid_argument when record.epoch is 0 or larger than total_epochs
 *
 * Complexity: O(1). Example: {3, 0.41234, 0.875, 0.5, 0.85, 1.234}, E = 10 →
 * `"epoch  3/10  loss 0.4123  acc  87.5%  val_loss 0.5000  val_acc  85.0%  1.23s"`; without a
 * validation set, {12, 0.05, 1.0, NaN, NaN, 0.5}, E = 12 →
 * `"epoch 12/12  loss 0.0500  acc 100.0%  0.50s"`.
 */
inline std::string format_progress(const epoch_record& record, std::size_t total_epochs) {
    if (record.epoch == 0 || record.epoch > total_epochs)
        throw invalid_argument("format_progress", detail::concat("epoch ", record.epoch, " of ", total_epochs,
                                                                 " total: expected 1 <= epoch <= total"));
    const int width = static_cast<int>(std::to_string(total_epochs).size());
    char buffer[256];
    std::snprintf(buffer, sizeof buffer, "epoch %*zu/%zu  loss %.4f  acc %5.1f%%", width, record.epoch, total_epochs,
                  record.train_loss, 100.0 * record.train_accuracy);
    std::string line = buffer;
    if (!std::isnan(record.valid_loss)) {
        std::snprintf(buffer, sizeof buffer, "  val_loss %.4f  val_acc %5.1f%%", record.valid_loss,
                      100.0 * record.valid_accuracy);
        line += buffer;
    }
    std::snprintf(buffer, sizeof buffer, "  %.2fs", record.seconds);
    return line + buffer;
}

}  // namespace llmlings

#endif  // LLMLINGS_CORE_PROGRESS_HPP
