/**
 * @file
 * @brief The nn module in one include: from the perceptron to LSTMs.
 */
#ifndef LLMLINGS_NN_HPP
#define LLMLINGS_NN_HPP

/**
 * @defgroup nn nn — neural networks
 * @brief Weeks 9–14: neurons, backpropagation, optimisers, convolutions and recurrent cells.
 */

#endif  // LLMLINGS_NN_HPP
