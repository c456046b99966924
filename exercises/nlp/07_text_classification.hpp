// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief nlp/07 — text classification: Weka's ARFF files read, TF-IDF features with a
 * class-weighted logistic regression, an embedding + LSTM classifier, and the metrics that show
 * the class-imbalance trap (accuracy of the majority guess against F1 of the positive class).
 *
 * The data: Reuters-21578's "Grain" split as Weka ships it (Debian's weka package,
 * `ReutersGrain-{train,test}.arff`): 1,554 training and 604 test news articles, each with a
 * label 1 when it is about grain. Only 103 and 57 of them are: a classifier that always says
 * "not grain" is right on 547/604 = 90.6 % of the test set and finds nothing. So the scores here
 * are those of the *positive* class (precision, recall, F1), and the models can weigh the rare
 * class up (sklearn's class_weight="balanced": w_c = n / (K n_c)).
 *
 * Shapes: a document is a `std::vector<std::string>` of tokens (nlp/01's tokenize()); TF-IDF rows
 * are nlp/03's sparse_vector, w (|V|), b a scalar; labels are 0/1 (index_vector (n)). The LSTM
 * classifier: B = batch, T = the longest sequence of the batch, E = embedding size, H = hidden
 * units; token ids (B × ≤T, ragged), x (B,T,E), h (B,T,H), pooled (B,H), logits (B,1).
 *   "embedding.weight" (V,E)   "lstm.ih.weight" (4H,E) …   "head.weight" (1,H), "head.bias" (1)
 *
 * Conventions. Class 1 is the positive class. Losses are means over the n examples of the
 * per-example loss times its class weight, sᵢ = w_{yᵢ} (PyTorch's BCEWithLogitsLoss(weight)),
 * plus (λ/2)‖w‖² on the weights, never the bias: sklearn's LogisticRegression(C) minimises
 * C Σ sᵢ ℓᵢ + ½‖w‖², the same minimiser as λ = 1/(C n). Precision with no predicted positive is 0
 * and F1 with P + R = 0 is 0 (sklearn's zero_division=0). Sequences are padded on the right, and
 * the pooling reads only the real steps, so padding changes nothing.
 *
 * What this file deliberately is not: a general ARFF reader (no sparse rows, dates, relational
 * attributes or missing values), a multi-class text classifier (the metrics and the LSTM head
 * are binary), nor a tuned model (no cross-validation: ml/08 does that).
 *
 * References: Weka's ARFF format (Witten, Frank, Hall, *Data Mining*, 3rd ed., §2.4 and
 * waikato.github.io/weka-wiki/formats_and_processing/arff_stable); Lewis's Reuters-21578
 * ModApte split; King & Zeng (2001), "Logistic regression in rare events data" (class weights);
 * scikit-learn's `compute_class_weight("balanced")`; Nesterov (1983) momentum as PyTorch's SGD
 * writes it; Hochreiter & Schmidhuber (1997) for the LSTM (nn/11).
 *
 * Guide: @ref nlp_07_text_classification (the ideas) and @ref cpp_guide (the C++ used here).
 */
#ifndef LLMLINGS_NLP_07_TEXT_CLASSIFICATION_HPP
#define LLMLINGS_NLP_07_TEXT_CLASSIFICATION_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xtensor/xbuilder.hpp>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/ml/03_logistic_regression.hpp>
#include <llmlings/nlp/03_tfidf.hpp>
#include <llmlings/nn/05_dense.hpp>
#include <llmlings/nn/07_optimizers.hpp>
#include <llmlings/nn/11_lstm.hpp>
#include <llmlings/nn/13_training_utilities.hpp>
#include <llmlings/stats/03_sampling.hpp>

namespace llmlings {
namespace nlp {

/// @ingroup nlp
/// @brief The type of an ARFF attribute: what its values may be.
enum class arff_type {
    string,   ///< `@attribute NAME string`: any text (Weka's text attributes)
    nominal,  ///< `@attribute NAME {a, b, c}`: one of the listed values
    numeric   ///< `@attribute NAME numeric` (or `real`, `integer`): a finite number
};

/// @ingroup nlp
/// @brief One `@attribute` line of an ARFF header.
struct arff_attribute {
    std::string name;                    ///< the attribute's name, unquoted
    arff_type type = arff_type::string;  ///< its type
    std::vector<std::string> values;     ///< the allowed values of a nominal attribute, in order; empty otherwise
};

/**
 * @ingroup nlp
 * @brief An ARFF file as parse_arff() reads it: the relation, the attributes and the rows, every
 * value a string, unquoted and unescaped (a numeric value as written, "3.5").
 */
struct arff_data {
    std::string relation;                        ///< the `@relation` name
    std::vector<arff_attribute> attributes;      ///< in the order of the header
    std::vector<std::vector<std::string>> rows;  ///< rows[i][j]: the value of attribute j in instance i
};

/**
 * @ingroup nlp
 * @brief Texts with a class each: what arff_text_labels() takes out of an arff_data.
 */
struct labelled_texts {
    std::vector<std::string> texts;        ///< the documents, raw text
    index_vector labels;                   ///< labels(i): the index of text i's class in class_names
    std::vector<std::string> class_names;  ///< the nominal values of the class attribute ("0", "1")
};

/**
 * @ingroup nlp
 * @brief A binary classifier's counts on a test set and the scores of the positive class (1).
 */
struct binary_report {
    std::size_t true_positives = 0;   ///< TP: label 1, predicted 1
    std::size_t false_positives = 0;  ///< FP: label 0, predicted 1
    std::size_t false_negatives = 0;  ///< FN: label 1, predicted 0
    std::size_t true_negatives = 0;   ///< TN: label 0, predicted 0
    double accuracy = 0.0;            ///< (TP + TN) / n
    double precision = 0.0;           ///< TP / (TP + FP), 0 when nothing is predicted positive
    double recall = 0.0;              ///< TP / (TP + FN), 0 when no label is positive
    double f1 = 0.0;                  ///< 2PR / (P + R), 0 when P + R = 0
};

/**
 * @ingroup nlp
 * @brief Settings of fit_weighted_logistic(): full-batch gradient descent with Nesterov momentum.
 */
struct text_logistic_options {
    /// α > 0. With L2-normalised rows (TF-IDF) and class weights that average 1 the loss has
    /// curvature at most ½ + λ, so α = 2 = 1/L is safe.
    double learning_rate = 2.0;
    /// μ in [0, 1): Nesterov momentum (PyTorch's SGD(nesterov=True) form); 0 is plain descent.
    double momentum = 0.9;
    std::size_t epochs = 300;  ///< gradient steps, each over all n rows
    double l2 = 0.0;           ///< λ ≥ 0 on the weights (not the bias); sklearn's C is λ = 1/(C n)
};

/**
 * @ingroup nlp
 * @brief Settings of fit_tfidf_classifier(): the vocabulary and weighting of nlp/03, the
 * optimiser, sklearn's C and whether the classes are weighted.
 */
struct tfidf_classifier_options {
    vocabulary_options vocabulary;   ///< which terms become features (default: all)
    tfidf_options tfidf;             ///< how they are weighted (default: sklearn's TfidfVectorizer)
    text_logistic_options logistic;  ///< the optimiser; its l2 is replaced by 1/(c·n)
    double c = 1.0;                  ///< sklearn's C > 0: the inverse regularisation strength
    bool balanced = false;           ///< weigh the classes by balanced_class_weights()
};

/**
 * @ingroup nlp
 * @brief A fitted TF-IDF + logistic regression pipeline: fit_tfidf_classifier() makes it.
 */
struct tfidf_classifier {
    tfidf_model tfidf;                  ///< the vocabulary and idf (nlp/03)
    ml::linear_model model;             ///< w (|V|) and b: P(y = 1 | d) = σ(w·tfidf(d) + b)
    std::vector<double> class_weights;  ///< the class weights it was trained with ({1, 1} unweighted)
};

/**
 * @ingroup nlp
 * @brief Token ids for the LSTM: id 0 is the padding `<pad>`, id 1 the unknown word `<unk>`, then
 * the kept words by decreasing count (ties in byte order).
 */
struct token_vocabulary {
    std::vector<std::string> words;                    ///< words[id]; words[0] = "<pad>", words[1] = "<unk>"
    std::unordered_map<std::string, std::size_t> ids;  ///< word → id, for every word but the two markers
};

/// @ingroup nlp
/// @brief How the LSTM classifier turns its hidden states into one vector per document.
enum class sequence_pooling {
    mean,  ///< the mean of h_t over the document's real steps
    last   ///< h at the document's last real step
};

/**
 * @ingroup nlp
 * @brief An embedding + LSTM + dense binary classifier, its parameters in one store:
 * `embedding.weight` (V,E), the cell `lstm` (nn/11), `head.weight` (1,H) and `head.bias` (1).
 * make_lstm_classifier() builds it.
 *
 * @tparam T float (training) or double (gradient checks)
 */
template <class T>
struct lstm_classifier {
    parameter_store<T> params;                          ///< every tensor of the model
    parameter<T> embedding;                             ///< (V,E): row id is the vector of token id
    nn::lstm_cell<T> lstm;                              ///< E → H
    nn::dense_layer<T> head;                            ///< H → 1: the logit
    std::size_t vocab_size = 0;                         ///< V
    std::size_t embed_size = 0;                         ///< E
    std::size_t hidden_size = 0;                        ///< H
    sequence_pooling pooling = sequence_pooling::mean;  ///< mean or last hidden state
};

/**
 * @ingroup nlp
 * @brief Every activation of one batch that lstm_classifier_backward() needs, and its buffers;
 * sized on first use (ensure_shape), so a second batch of the same shape allocates nothing.
 */
template <class T>
struct lstm_classifier_workspace {
    std::vector<std::size_t> ids;      ///< (B·T) the padded token ids, 0 after each document's end
    std::vector<std::size_t> lengths;  ///< (B) the real steps of each document
    tensor3_of<T> x;                   ///< (B,T,E) the embedded tokens (0 at padding)
    tensor3_of<T> h;                   ///< (B,T,H) the LSTM's hidden states
    matrix_of<T> h0;                   ///< (B,H) zero initial hidden state
    matrix_of<T> c0;                   ///< (B,H) zero initial cell state
    nn::lstm_cache<T> cache;           ///< what the LSTM keeps for its backward
    matrix_of<T> pooled;               ///< (B,H) one vector per document
    matrix_of<T> logits;               ///< (B,1) z = head(pooled)
    matrix_of<T> d_logits;             ///< (B,1) dL/dz, written by lstm_classifier_loss()
    matrix_of<T> d_pooled;             ///< (B,H)
    tensor3_of<T> dh;                  ///< (B,T,H)
    tensor3_of<T> dx;                  ///< (B,T,E)
    matrix_of<T> dh0;                  ///< (B,H) dL/dh0
    matrix_of<T> dc0;                  ///< (B,H) dL/dc0
};

/**
 * @ingroup nlp
 * @brief Settings of train_lstm_classifier(): Adam (nn/07) on shuffled mini-batches, with the
 * gradient norm clipped (nn/13).
 */
struct lstm_train_options {
    std::size_t epochs = 5;       ///< passes over the training set
    std::size_t batch_size = 32;  ///< documents per step (the last batch may be smaller)
    double learning_rate = 1e-2;  ///< Adam's η
    double clip = 1.0;            ///< the largest gradient norm (clip_grad_norm)
    bool balanced = true;         ///< weigh the classes by balanced_class_weights()
};

namespace detail {

// Given: the checks every function makes and the small helpers (you call them; they are not the
// exercise).
/// Throws io_error "function: where:line: what" (where is "line" for text, the path for a file).
[[noreturn]] inline void arff_fail(const char* function, const std::string& where, std::size_t line,
                                   const std::string& what) {
    throw io_error(function, ::llmlings::detail::concat(where, where == "line" ? " " : ":", line, ": ", what));
}

/// The word at `pos` (letters up to a blank), lowercased: "@ATTRIBUTE" → "@attribute".
inline std::string arff_keyword(const std::string& line, std::size_t pos) {
    std::string word;
    while (pos < line.size() && line[pos] != ' ' && line[pos] != '\t') {
        const char c = line[pos++];
        word += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return word;
}

/// A token for an error message: at most 40 bytes, "end of line" for an empty one.
inline std::string arff_shown(const std::string& token) {
    if (token.empty()) return "end of line";
    return "'" + (token.size() > 40 ? token.substr(0, 40) + "..." : token) + "'";
}

/// Throws unless labels are 0/1 and there are as many as `n`; `what` names the other side.
inline void check_binary_labels(const char* function, const index_vector& labels, std::size_t n, const char* what) {
    if (labels.size() != n)
        throw shape_error(function,
                          ::llmlings::detail::concat("there are ", labels.size(), " labels for ", n, " ", what));
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (labels(i) > 1)
            throw invalid_argument(function,
                                   ::llmlings::detail::concat("label ", labels(i), " at index ", i, " is not 0 or 1"));
}

/// Throws unless the class weights are empty (all 1) or two finite numbers ≥ 0; returns them.
inline std::vector<double> class_weights_or_ones(const char* function, const std::vector<double>& weights) {
    if (weights.empty()) return {1.0, 1.0};
    if (weights.size() != 2)
        throw shape_error(function,
                          ::llmlings::detail::concat("expected 2 class weights (or none), got ", weights.size()));
    for (const double w : weights)
        if (!(w >= 0.0) || !std::isfinite(w))
            throw invalid_argument(function,
                                   ::llmlings::detail::concat("class weights must be finite and >= 0, got ", w));
    return weights;
}

/// Throws unless the logistic options are valid: α finite > 0, μ in [0, 1), λ finite ≥ 0.
inline void check_text_logistic_options(const char* function, const text_logistic_options& o) {
    if (!(o.learning_rate > 0.0) || !std::isfinite(o.learning_rate))
        throw invalid_argument(
            function, ::llmlings::detail::concat("the learning rate must be finite and > 0, got ", o.learning_rate));
    if (!(o.momentum >= 0.0 && o.momentum < 1.0))
        throw invalid_argument(function,
                               ::llmlings::detail::concat("the momentum must be in [0, 1), got ", o.momentum));
    if (!(o.l2 >= 0.0) || !std::isfinite(o.l2))
        throw invalid_argument(function, ::llmlings::detail::concat("l2 must be finite and >= 0, got ", o.l2));
}

/// Throws unless every row is a valid sparse vector (nlp/03) with columns < `columns`.
inline void check_sparse_rows(const char* function, const std::vector<sparse_vector>& rows, std::size_t columns) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
        check_sparse(function, rows[i], ::llmlings::detail::concat("row ", i));
        if (!rows[i].indices.empty() && rows[i].indices.back() >= columns)
            throw shape_error(function, ::llmlings::detail::concat("row ", i, " has column ", rows[i].indices.back(),
                                                                   ", the model has ", columns, " weights"));
    }
}

/// Throws unless the model was made by make_lstm_classifier().
template <class T>
void check_lstm_classifier(const char* function, const lstm_classifier<T>& model) {
    if (model.vocab_size < 2 || model.embed_size == 0 || model.hidden_size == 0 || !model.embedding.registered())
        throw invalid_argument(function, "the model is not built (make it with make_lstm_classifier)");
}

/// Throws unless the batch is non-empty and every id is < V.
template <class T>
void check_token_batch(const char* function, const lstm_classifier<T>& model,
                       const std::vector<std::vector<std::size_t>>& batch) {
    if (batch.empty()) throw invalid_argument(function, "the batch holds no document");
    for (std::size_t b = 0; b < batch.size(); ++b)
        for (std::size_t t = 0; t < batch[b].size(); ++t)
            if (batch[b][t] >= model.vocab_size)
                throw invalid_argument(
                    function, ::llmlings::detail::concat("document ", b, ", step ", t, ": token id ", batch[b][t],
                                                         " is not below V = ", model.vocab_size));
}
// End of the given code.

/**
 * @brief Reads one ARFF value starting at `pos` (blanks before it skipped): a quoted string with
 * its escapes undone, or an unquoted run of bytes.
 *
 * - Quoted: it starts with `'` or `"` and ends at the same quote not escaped. A backslash takes
 *   the next byte: `\n` → line feed, `\t` → tab, `\r` → carriage return, and `\\`, `\'`, `\"`,
 *   `\%` → the byte itself (what Weka's Utils.quote writes). Any other escape is an error, and so
 *   is the end of the line before the closing quote.
 * - Unquoted: the bytes up to a blank (space, tab), `,`, `{`, `}` or `%`.
 *
 * @param function the public function, for the message
 * @param where "line" or the file's path, for the message
 * @param line_number the line, from 1
 * @param line the line
 * @param pos in: where to start; out: one past the value
 * @param quoted out: whether the value was quoted (an unquoted `?` is a missing value)
 * @return the value; empty when nothing is there (the end of the line, a `,`)
 * @throws io_error for an unterminated quote or an unknown escape, with the line number
 *
 * Example: at `'it\'s\nhere',1` → `it's` LF `here`, pos at the comma.
 */
inline std::string arff_token(const char* function, const std::string& where, std::size_t line_number,
                              const std::string& line, std::size_t& pos, bool& quoted) {
    todo("nlp/07_text_classification", "arff_token");
}

/**
 * @brief Whether only blanks or a `%` comment are left of the line from `pos` on.
 *
 * @param line the line
 * @param pos where to look from
 * @return true when the rest is blank or a comment
 */
inline bool arff_rest_is_blank(const std::string& line, std::size_t pos) {
    todo("nlp/07_text_classification", "arff_rest_is_blank");
}

/**
 * @brief Reads an `@attribute` line: its name and its type (string, numeric/real/integer, or a
 * nominal list `{a, b}`), after the keyword at `pos`.
 *
 * @param function the public function, for the message
 * @param where "line" or the path
 * @param line_number the line
 * @param line the line
 * @param pos just after the keyword
 * @return the attribute
 * @throws io_error for a missing name or type, an unsupported type (date, relational), an empty
 *         or unterminated nominal list, a repeated nominal value, or text after the type
 */
inline arff_attribute arff_read_attribute(const char* function, const std::string& where, std::size_t line_number,
                                          const std::string& line, std::size_t pos) {
    todo("nlp/07_text_classification", "arff_read_attribute");
}

/**
 * @brief Reads one data row: one value per attribute, separated by commas, each checked against
 * its attribute's type.
 *
 * @param function the public function, for the message
 * @param where "line" or the path
 * @param line_number the line
 * @param line the line
 * @param attributes the header's attributes
 * @return the values, unquoted
 * @throws io_error for a sparse row `{…}`, too few or too many values, a missing value `?`, a
 *         nominal value not in its list or a numeric value that is not a finite number
 */
inline std::vector<std::string> arff_read_row(const char* function, const std::string& where, std::size_t line_number,
                                              const std::string& line, const std::vector<arff_attribute>& attributes) {
    todo("nlp/07_text_classification", "arff_read_row");
}

/**
 * @brief parse_arff() with the function name and the place ("line" or a path) for the messages.
 *
 * @param function the public function
 * @param where "line" or the path
 * @param text the file's bytes
 * @return the data
 */
inline arff_data arff_parse(const char* function, const std::string& where, std::string_view text) {
    todo("nlp/07_text_classification", "arff_parse");
}

/**
 * @brief The per-example loss term sᵢ·ℓ(zᵢ, yᵢ) summed, and optionally its derivative per
 * example, for a linear model on sparse rows.
 *
 * @param model w (d), b
 * @param rows the rows
 * @param labels 0/1
 * @param weights the class weights (2)
 * @param errors if not null, filled with sᵢ (σ(zᵢ) − yᵢ) / n (its size is n)
 * @return Σᵢ sᵢ ℓ(zᵢ, yᵢ) / n
 */
inline double weighted_bce_sum(const ml::linear_model& model, const std::vector<sparse_vector>& rows,
                               const index_vector& labels, const std::vector<double>& weights,
                               std::vector<double>* errors) {
    todo("nlp/07_text_classification", "weighted_bce_sum");
}

}  // namespace detail

// ---- Reading Weka's ARFF files -----------------------------------------------------------------

/**
 * @ingroup nlp
 * @brief Parses the text of an ARFF file (Weka's Attribute-Relation File Format).
 *
 * The format, as Weka writes the Reuters files:
 * ```
 * % a comment: from % to the end of the line, outside quotes
 * @relation 'Reuters-21578 Grain ModApte Train'
 * @attribute Text string
 * @attribute class-att {0,1}
 * @data
 * 'BAHIA COCOA REVIEW Showers continued\nthroughout the week ...',0
 * ```
 * 1. Lines are split on `\n` (a `\r` before it is dropped); blank and comment lines are skipped
 *    everywhere. Keywords are case-insensitive (`@RELATION`).
 * 2. The header: one `@relation NAME`, then `@attribute NAME TYPE` lines, TYPE `string`,
 *    `numeric`/`real`/`integer` or a nominal list `{v1, v2, …}`; then `@data`.
 * 3. Each data line is one instance: one value per attribute, separated by commas. A value is
 *    quoted (`'…'` or `"…"`, escapes such as `\\n` and `\\'` undone) or unquoted (bytes up to a
 *    blank, `,`, `{`, `}` or `%`). A nominal value must be in its list, a numeric one a finite
 *    number.
 *
 * A quoted value never spans lines: Weka writes a newline in a text as `\n`.
 *
 * @param text the file's bytes (any encoding: values are kept as bytes)
 * @return the relation, the attributes and the rows (no rows is allowed)
 * @throws io_error naming parse_arff, `line N:` and what was expected there and what was found:
 *         no `@relation` first, a second one, an unknown keyword, an unsupported type (date,
 *         relational, …), a duplicated attribute, `@data` before any attribute or missing, an
 *         unterminated quote, an unknown escape, too few or too many values on a row, a missing
 *         value `?`, a sparse row `{…}`, a nominal value not listed, a number that is not one
 *
 * Complexity: O(size of the text). Example: parse_arff("@relation r\n@attribute t string\n"
 * "@attribute c {0,1}\n@data\n'a\\'b',1\n") has one row {"a'b", "1"}.
 */
inline arff_data parse_arff(std::string_view text) {
    todo("nlp/07_text_classification", "parse_arff");
}

/**
 * @ingroup nlp
 * @brief Reads an ARFF file: parse_arff() of its bytes, the path in every message.
 *
 * @param path the file, e.g. `data::default_data_dir() + "/ReutersGrain-train.arff"`
 * @return the data
 * @throws io_error naming read_arff when the file cannot be opened (the message says to run
 *         `./llmlings data`), or `path:N:` and the problem when it is malformed (see parse_arff())
 *
 * Complexity: O(file size). Example: read_arff(".data/ReutersGrain-test.arff").rows.size() == 604.
 */
inline arff_data read_arff(const std::string& path) {
    todo("nlp/07_text_classification", "read_arff");
}

/**
 * @ingroup nlp
 * @brief The texts and classes of an ARFF relation with one string attribute (the text) and a
 * nominal class attribute, the last one (Weka's convention).
 *
 * @param data what parse_arff() or read_arff() returned
 * @return the texts; the labels, each the index of the row's class in the class attribute's
 *         list (so `{0,1}` gives labels 0 and 1); the class names
 * @throws invalid_argument naming arff_text_labels when the last attribute is not nominal, or
 *         there is not exactly one string attribute
 * @throws shape_error when a row has not one value per attribute (an arff_data built by hand)
 *
 * Complexity: O(total text). Example: the Reuters files give class_names {"0", "1"}.
 */
inline labelled_texts arff_text_labels(const arff_data& data) {
    todo("nlp/07_text_classification", "arff_text_labels");
}

// ---- Metrics and class weights -----------------------------------------------------------------

/**
 * @ingroup nlp
 * @brief The confusion counts of a binary classifier and the accuracy, precision, recall and F1
 * of the positive class 1.
 *
 * @f[ P = \frac{TP}{TP + FP}, \quad R = \frac{TP}{TP + FN}, \quad
 *     F_1 = \frac{2PR}{P + R} = \frac{2\,TP}{2\,TP + FP + FN}, \quad
 *     \mathrm{acc} = \frac{TP + TN}{n} @f]
 * With 57 grain articles in 604, accuracy rewards ignoring them; F1 of the positive class does
 * not: it is 0 unless some grain article is found, whatever the TN.
 *
 * @param y_true the labels, 0 or 1
 * @param y_pred the predictions, 0 or 1
 * @return the counts and scores; P = 0 when nothing is predicted positive, R = 0 when nothing is
 *         positive, F1 = 0 when P + R = 0 (sklearn's zero_division=0)
 * @throws shape_error when the lengths differ
 * @throws invalid_argument when n = 0 or a value is not 0 or 1
 *
 * Complexity: O(n). Example: y_true {1, 1, 0, 0, 0}, y_pred {1, 0, 1, 0, 0} → TP 1, FP 1, FN 1,
 * TN 2, accuracy 0.6, P = R = F1 = 0.5.
 */
inline binary_report binary_classification_report(const index_vector& y_true, const index_vector& y_pred) {
    todo("nlp/07_text_classification", "binary_classification_report");
}

/**
 * @ingroup nlp
 * @brief The majority-class baseline: predict, for every test example, the class most frequent
 * in training (class 0 on a tie), and report it.
 *
 * On Reuters Grain (103 positives of 1,554 in training) it predicts 0 everywhere, so on the 604
 * test articles it scores accuracy 547/604 ≈ 0.906 and F1 = 0: the number any real classifier
 * must beat is the F1, not the accuracy.
 *
 * @param train_labels the training labels (0/1), n ≥ 1
 * @param test_labels the test labels (0/1), n ≥ 1
 * @return binary_classification_report(test_labels, the constant prediction)
 * @throws invalid_argument when either set is empty or holds a label other than 0 and 1
 *
 * Complexity: O(n). Example: train {0, 0, 1}, test {1, 0, 0, 0} → accuracy 0.75, F1 0.
 */
inline binary_report majority_baseline(const index_vector& train_labels, const index_vector& test_labels) {
    todo("nlp/07_text_classification", "majority_baseline");
}

/**
 * @ingroup nlp
 * @brief sklearn's "balanced" class weights: w_c = n / (K · n_c), so every class carries the
 * same total weight n / K.
 *
 * @f[ w_c = \frac{n}{K\, n_c}, \qquad \sum_i w_{y_i} = \sum_c n_c \frac{n}{K n_c} = n @f]
 * The weights average 1 over the examples, so a loss weighted by them keeps its scale. On Grain's
 * training set (1,451 negatives, 103 positives): w₀ = 1554/2902 ≈ 0.535, w₁ = 1554/206 ≈ 7.54.
 *
 * @param labels class indices 0 … K−1
 * @param n_classes K ≥ 1 (default 2)
 * @return K weights
 * @throws invalid_argument when there are no labels, K = 0, a label is ≥ K, or a class has no
 *         example (its weight would be infinite; sklearn raises too)
 *
 * Complexity: O(n + K). Example: labels {0, 0, 0, 1} → {4/6, 4/2} = {0.667, 2}.
 */
inline std::vector<double> balanced_class_weights(const index_vector& labels, std::size_t n_classes = 2) {
    todo("nlp/07_text_classification", "balanced_class_weights");
}

// ---- TF-IDF + class-weighted logistic regression ------------------------------------------------

/**
 * @ingroup nlp
 * @brief The class-weighted logistic loss of a linear model on sparse rows.
 *
 * @f[ L(w, b) = \frac{1}{n}\sum_i s_i\,\ell(x_i\cdot w + b,\; y_i) + \frac{\lambda}{2}\|w\|_2^2,
 *     \qquad s_i = \text{class\_weights}[y_i] @f]
 * ℓ is ml::binary_cross_entropy_with_logits (stable for any logit). With weights {1, 1} it is
 * ml/03's logistic_loss on the dense rows.
 *
 * @param model w (d), b
 * @param rows n sparse rows (nlp/03), columns < d
 * @param labels n labels, 0 or 1
 * @param class_weights {w₀, w₁}, finite and ≥ 0; empty means {1, 1}
 * @param l2 λ ≥ 0
 * @return the loss
 * @throws shape_error when the counts differ or a column is ≥ d
 * @throws invalid_argument when n = 0, a label is not 0/1, a weight or λ is invalid, or a row is
 *         not a valid sparse vector
 *
 * Complexity: O(nnz + d). Example: w = 0, b = 0 gives log 2 · (n₀w₀ + n₁w₁)/n.
 */
inline double weighted_logistic_loss(const ml::linear_model& model, const std::vector<sparse_vector>& rows,
                                     const index_vector& labels, const std::vector<double>& class_weights = {},
                                     double l2 = 0.0) {
    todo("nlp/07_text_classification", "weighted_logistic_loss");
}

/**
 * @ingroup nlp
 * @brief The gradient of weighted_logistic_loss() with respect to w and b.
 *
 * @f[ \frac{\partial L}{\partial w} = \frac{1}{n}\sum_i s_i(\sigma(z_i) - y_i)\,x_i + \lambda w,
 *     \qquad \frac{\partial L}{\partial b} = \frac{1}{n}\sum_i s_i(\sigma(z_i) - y_i) @f]
 * Each row adds its weighted error to the weights of its own columns only: O(nnz), not O(n·d).
 *
 * @param model w (d), b
 * @param rows n sparse rows
 * @param labels n labels, 0 or 1
 * @param class_weights {w₀, w₁}; empty means {1, 1}
 * @param l2 λ ≥ 0
 * @return ∂L/∂w in `weights` (d), ∂L/∂b in `bias`
 * @throws shape_error, invalid_argument as weighted_logistic_loss()
 *
 * Complexity: O(nnz + d). Example: one row x = {0: 1}, y = 1, weights {1, 3}, w = 0, b = 0:
 * error 3·(½ − 1) = −1.5, so ∂L/∂w = (−1.5) and ∂L/∂b = −1.5.
 */
inline ml::linear_model weighted_logistic_gradient(const ml::linear_model& model,
                                                   const std::vector<sparse_vector>& rows, const index_vector& labels,
                                                   const std::vector<double>& class_weights = {}, double l2 = 0.0) {
    todo("nlp/07_text_classification", "weighted_logistic_gradient");
}

/**
 * @ingroup nlp
 * @brief Fits a class-weighted logistic regression on sparse rows by full-batch gradient descent
 * with Nesterov momentum.
 *
 * From w = 0, b = 0 and velocity v = 0, each epoch, with g = ∇L(θ) (weighted_logistic_gradient):
 * @f[ v \leftarrow \mu v + g, \qquad \theta \leftarrow \theta - \alpha\,(g + \mu v) @f]
 * (PyTorch's SGD(nesterov=True)). The loss is convex; the momentum makes it converge in a few
 * hundred epochs where plain descent needs thousands, since λ = 1/n makes the problem badly
 * conditioned. On the Grain data 300 epochs reach sklearn's optimum to ~1e-6 relative.
 *
 * @param rows n sparse rows (TF-IDF vectors)
 * @param columns d, the number of features (|V|), ≥ 1
 * @param labels n labels, 0 or 1
 * @param class_weights {w₀, w₁}; empty means {1, 1}; balanced_class_weights() for the rare class
 * @param options α, μ, epochs, λ
 * @return w (d), b
 * @throws shape_error, invalid_argument as weighted_logistic_loss(), and invalid_argument for
 *         d = 0 or invalid options
 * @throws numerical_error when the loss stops being finite (α too large)
 *
 * Complexity: O(epochs · (nnz + d)). Example: one row {0: 1} with label 1, d = 2, α = 1,
 * μ = 0.5, one epoch: g = (−½, 0), ∂b = −½, v = g, θ −= 1.5 g → w = (0.75, 0), b = 0.75.
 */
inline ml::linear_model fit_weighted_logistic(const std::vector<sparse_vector>& rows, std::size_t columns,
                                              const index_vector& labels, const std::vector<double>& class_weights = {},
                                              const text_logistic_options& options = {}) {
    todo("nlp/07_text_classification", "fit_weighted_logistic");
}

/**
 * @ingroup nlp
 * @brief P(y = 1 | x) = σ(x·w + b) for every sparse row.
 *
 * @param model w (d), b
 * @param rows sparse rows, columns < d
 * @return vector (n) of probabilities
 * @throws shape_error or invalid_argument for a row with a column ≥ d or invalid indices
 *
 * Complexity: O(nnz). Example: w = (1), b = 0, rows {{0: ln 3}} → {0.75}.
 */
inline vector sparse_logistic_proba(const ml::linear_model& model, const std::vector<sparse_vector>& rows) {
    todo("nlp/07_text_classification", "sparse_logistic_proba");
}

/**
 * @ingroup nlp
 * @brief Fits the whole TF-IDF + logistic regression pipeline on tokenised documents.
 *
 * 1. The vocabulary and idf of the training documents (nlp/03: fit_term_vocabulary, make_tfidf).
 * 2. Their TF-IDF rows (tfidf_vectors).
 * 3. The class weights: balanced_class_weights(labels) when options.balanced, else {1, 1}.
 * 4. fit_weighted_logistic with λ = 1/(c·n): the minimiser of sklearn's
 *    LogisticRegression(C=c, class_weight=…) on the same rows.
 *
 * @param documents the training documents, tokens each
 * @param labels 0/1, one per document; with balanced, both classes must occur
 * @param options vocabulary, weighting, optimiser, c, balanced
 * @return the fitted pipeline
 * @throws shape_error when the counts differ
 * @throws invalid_argument for an empty collection, a label not 0/1, c not finite and > 0, a
 *         class with no example when balanced, or what nlp/03 rejects (no term left)
 *
 * Complexity: that of nlp/03 plus O(epochs · (nnz + |V|)). Example: on Grain's training set
 * (c = 1) the unweighted model finds F1 ≈ 0.46 on the test set, the balanced one ≈ 0.78.
 */
inline tfidf_classifier fit_tfidf_classifier(const std::vector<std::vector<std::string>>& documents,
                                             const index_vector& labels, const tfidf_classifier_options& options = {}) {
    todo("nlp/07_text_classification", "fit_tfidf_classifier");
}

/**
 * @ingroup nlp
 * @brief The pipeline's predictions: 1 where P(y = 1 | d) ≥ threshold.
 *
 * @param clf a fitted pipeline
 * @param documents tokenised documents (unknown words are ignored, as in nlp/03)
 * @param threshold in [0, 1] (default ½)
 * @return vector (n) of 0/1
 * @throws invalid_argument for a threshold outside [0, 1] or NaN
 *
 * Complexity: O(tokens log |V|). Example: a document of only unknown words gets σ(b).
 */
inline index_vector tfidf_classifier_predict(const tfidf_classifier& clf,
                                             const std::vector<std::vector<std::string>>& documents,
                                             double threshold = 0.5) {
    todo("nlp/07_text_classification", "tfidf_classifier_predict");
}

// ---- Embeddings + LSTM -------------------------------------------------------------------------

/**
 * @ingroup nlp
 * @brief The LSTM's vocabulary: `<pad>` (id 0), `<unk>` (id 1), then the words seen at least
 * min_count times, most frequent first (ties in byte order), at most max_size ids in all.
 *
 * @param documents tokenised training documents
 * @param min_count ≥ 1 (default 1)
 * @param max_size the most ids, the two markers included; 0 for no limit, else ≥ 2
 * @return the vocabulary
 * @throws invalid_argument for min_count = 0, max_size = 1, or a token spelt `<pad>` or `<unk>`
 *
 * Complexity: O(T) hash operations + O(|V| log |V|). Example: {{"b", "a", "b"}} → words
 * {"<pad>", "<unk>", "b", "a"}.
 */
inline token_vocabulary build_token_vocabulary(const std::vector<std::vector<std::string>>& documents,
                                               std::size_t min_count = 1, std::size_t max_size = 0) {
    todo("nlp/07_text_classification", "build_token_vocabulary");
}

/**
 * @ingroup nlp
 * @brief A document as token ids: each known word's id, 1 (`<unk>`) for the others; only the
 * first max_length tokens when max_length > 0.
 *
 * @param vocabulary from build_token_vocabulary()
 * @param tokens the document
 * @param max_length the most ids to keep (0: all)
 * @return the ids (empty for an empty document)
 * @throws invalid_argument when the vocabulary has no markers (not built)
 *
 * Complexity: O(n) expected. Example: with the vocabulary above, {"a", "z", "b"} → {3, 1, 2}.
 */
inline std::vector<std::size_t> encode_tokens(const token_vocabulary& vocabulary,
                                              const std::vector<std::string>& tokens, std::size_t max_length = 0) {
    todo("nlp/07_text_classification", "encode_tokens");
}

/**
 * @ingroup nlp
 * @brief Builds an embedding + LSTM + dense classifier in a fresh store and initialises it as
 * PyTorch would: embeddings N(0, 1), the LSTM and the head U(−1/√H, 1/√H).
 *
 * @tparam T float or double
 * @param vocab_size V ≥ 2 (the vocabulary's size, markers included)
 * @param embed_size E ≥ 1
 * @param hidden_size H ≥ 1
 * @param pooling mean or last hidden state
 * @param gen the generator
 * @return the model; its store holds embedding.weight, lstm.ih.*, lstm.hh.*, head.*
 * @throws invalid_argument for V < 2, E = 0 or H = 0
 *
 * Complexity: O(V·E + H·(E + H)). Example: V = 10, E = 4, H = 3 has 40 + 4·3·(4 + 3 + 2) + 4 =
 * 152 parameters.
 */
template <class T>
lstm_classifier<T> make_lstm_classifier(std::size_t vocab_size, std::size_t embed_size, std::size_t hidden_size,
                                        sequence_pooling pooling, rng& gen) {
    todo("nlp/07_text_classification", "make_lstm_classifier");
}

/**
 * @ingroup nlp
 * @brief The classifier's forward pass on a batch of token-id sequences: ws.logits (B,1).
 *
 * 1. Pad the batch on the right to T = its longest sequence (at least 1) and look the ids up:
 *    x[b,t] = embedding[id] for the real steps, 0 for padding.
 * 2. Run the LSTM from h₀ = c₀ = 0 (nn/11): h (B,T,H).
 * 3. Pool each document over its own steps only: mean h̄ = (1/L) Σ_{t<L} h_t, or last h_{L−1};
 *    an empty document (L = 0) pools to 0.
 * 4. The head: z = pooled · wᵀ + b.
 * Padding after a document cannot change its states (the LSTM reads left to right) and is never
 * pooled, so a document's logit does not depend on the batch it is in.
 *
 * @tparam T float or double
 * @param model the classifier
 * @param batch B ≥ 1 sequences of ids < V (may be empty sequences)
 * @param ws the workspace (sized here)
 * @throws invalid_argument for an unbuilt model, an empty batch or an id ≥ V
 *
 * Complexity: O(B·T·4H·(E + H)). Example: a batch {{2, 3}, {}} gives ws.lengths {2, 0} and
 * ws.pooled row 1 = 0, so logit 1 = the head's bias.
 */
template <class T>
void lstm_classifier_forward(const lstm_classifier<T>& model, const std::vector<std::vector<std::size_t>>& batch,
                             lstm_classifier_workspace<T>& ws) {
    todo("nlp/07_text_classification", "lstm_classifier_forward");
}

/**
 * @ingroup nlp
 * @brief Forward pass and the class-weighted mean binary cross-entropy of the batch; keeps
 * dL/dz in ws.d_logits for lstm_classifier_backward().
 *
 * @f[ L = \frac{1}{B}\sum_b s_b\,\ell(z_b, y_b), \qquad
 *     \frac{\partial L}{\partial z_b} = \frac{s_b(\sigma(z_b) - y_b)}{B} @f]
 *
 * @tparam T float or double
 * @param model the classifier
 * @param batch B sequences of ids
 * @param labels B labels, 0 or 1
 * @param class_weights {w₀, w₁}; empty means {1, 1}
 * @param ws the workspace
 * @return L (in double)
 * @throws shape_error when the labels do not match the batch
 * @throws invalid_argument as lstm_classifier_forward(), or for a label or weight that is invalid
 *
 * Complexity: the forward's. Example: with the head's weight and bias 0 every logit is 0 and
 * L = log 2 · Σ s_b / B.
 */
template <class T>
double lstm_classifier_loss(const lstm_classifier<T>& model, const std::vector<std::vector<std::size_t>>& batch,
                            const index_vector& labels, const std::vector<double>& class_weights,
                            lstm_classifier_workspace<T>& ws) {
    todo("nlp/07_text_classification", "lstm_classifier_loss");
}

/**
 * @ingroup nlp
 * @brief Backward pass of the loss lstm_classifier_loss() just computed: ADDS dL/dθ to every
 * gradient of the store (head, LSTM, the embedding rows of the batch's tokens).
 *
 * 1. The head (nn/05): d_pooled = d_logits · W, dW += d_logitsᵀ pooled, db += Σ d_logits.
 * 2. Un-pool: mean gives dh_t = d_pooled / L for t < L; last gives dh_{L−1} = d_pooled; 0
 *    elsewhere (padding and, for last, the earlier steps).
 * 3. The LSTM's backward through time (nn/11): dx (B,T,E).
 * 4. The embedding: embedding.grad[id] += dx[b,t] for every real step (a word used twice gets
 *    both contributions).
 *
 * @tparam T float or double
 * @param model the classifier
 * @param ws the workspace of the loss just computed
 * @throws invalid_argument when no loss was computed with this workspace
 *
 * Complexity: about twice the forward's. Example: after `params.zero_grad()`, loss, backward, the
 * store's gradients match central differences of the loss (the tests check it in double).
 */
template <class T>
void lstm_classifier_backward(const lstm_classifier<T>& model, lstm_classifier_workspace<T>& ws) {
    todo("nlp/07_text_classification", "lstm_classifier_backward");
}

/**
 * @ingroup nlp
 * @brief P(y = 1 | document) for every sequence, in batches of up to 64.
 *
 * @tparam T float or double
 * @param model the classifier
 * @param sequences token ids per document
 * @return vector (n) of probabilities (double)
 * @throws invalid_argument as lstm_classifier_forward()
 *
 * Complexity: the forward's over all documents. Example: an untrained head with weight and bias
 * 0 gives 0.5 everywhere.
 */
template <class T>
vector lstm_classifier_proba(const lstm_classifier<T>& model, const std::vector<std::vector<std::size_t>>& sequences) {
    todo("nlp/07_text_classification", "lstm_classifier_proba");
}

/**
 * @ingroup nlp
 * @brief Trains the classifier with Adam on shuffled mini-batches; returns the mean training
 * loss of every epoch.
 *
 * Each epoch draws a random order of the documents (stats::random_permutation with `gen`), cuts
 * it into batches of batch_size, and per batch: zero_grad, loss (class-weighted when
 * options.balanced, by the weights of the whole training set), backward, clip_grad_norm, Adam
 * step. The epoch's loss is the mean of the batch losses weighted by batch size.
 *
 * @tparam T float or double
 * @param model the classifier (its store gets an Adam state)
 * @param sequences token ids per document
 * @param labels 0/1, one per document (both classes when balanced)
 * @param options epochs, batch size, learning rate, clip, balanced
 * @param gen the generator
 * @return the epochs' mean losses
 * @throws shape_error, invalid_argument for mismatched or invalid inputs or options
 * @throws numerical_error when a loss is not finite
 *
 * Complexity: epochs × the forward and backward over all documents. Example: on 160 Grain
 * training articles (80 grain) cut to 16 tokens, E = H = 8, batch 16, η = 0.02, 8 epochs take
 * the mean loss from 0.67 to 0.007.
 */
template <class T>
std::vector<double> train_lstm_classifier(lstm_classifier<T>& model,
                                          const std::vector<std::vector<std::size_t>>& sequences,
                                          const index_vector& labels, const lstm_train_options& options, rng& gen) {
    todo("nlp/07_text_classification", "train_lstm_classifier");
}

}  // namespace nlp
}  // namespace llmlings

#endif  // LLMLINGS_NLP_07_TEXT_CLASSIFICATION_HPP
