// SPDX-License-Identifier: MIT
// Tests for nlp/07_text_classification. Oracles: ARFF texts parsed by hand (their values written
// out below); a corpus of 33 malformed files, each with the line and the reason the reader must
// give, and 400 seeded corruptions of a valid file that must parse or throw io_error, nothing
// else (both run under the sanitizer preset too); the confusion counts and scores of hand-worked
// predictions; the majority baseline in closed form from the label counts (547/604, F1 0);
// sklearn's balanced class weights n / (K n_c) worked by hand and from sklearn; the weighted
// logistic loss at w = 0 in closed form and its gradient against central differences; on the
// real Reuters Grain files, scikit-learn 1.2's TfidfVectorizer + LogisticRegression(C = 1,
// class_weight None and "balanced") on the same tokens (tools/golden/nlp_text_classification.py):
// the C++ fit must reach sklearn's objective and its test F1; the LSTM classifier's store against
// central differences in double, padding invariance, float against double, and learning on a
// seeded subset of Grain (loss falls, F1 above the baseline's 0). Heavy work (golden file,
// corpora, tokenising 2,158 articles) is in oracles/07_text_classification.cpp, compiled once.
#include <llmlings/testing.hpp>

#include <llmlings/nlp/07_text_classification.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "oracles/07_text_classification.hpp"

using llmlings::index_vector;
using llmlings::testing::contains;
using llmlings::testing::tolerance;
using namespace llmlings::nlp;
using namespace oracles;
using ids = std::vector<std::vector<std::size_t>>;

namespace {

std::string grain_path(const char* split) {
    return llmlings::data::default_data_dir() + "/ReutersGrain-" + split + ".arff";
}

// Expects parse_arff(text) to throw io_error whose message names parse_arff, the line and the fragment.
void check_rejects(const malformed_arff& m) {
    INFO("corpus file '" << m.name << "'");
    try {
        parse_arff(m.text);
        FAIL_CHECK("parse_arff accepted it");
    } catch (const llmlings::io_error& e) {
        const std::string what = e.what();
        CHECK_THAT(what, contains("parse_arff: line " + std::to_string(m.line) + ": "));
        CHECK_THAT(what, contains(m.fragment));
    }
}

// A small double model and a ragged batch: an empty document, a repeated word, padding.
struct small_case {
    lstm_classifier<double> model;
    ids batch{{2, 3, 2, 4}, {}, {5}, {1, 6, 6}};
    index_vector labels = labels_of({1, 0, 1, 0});
    std::vector<double> weights{0.75, 2.5};
};

small_case make_small(sequence_pooling pooling) {
    llmlings::rng gen(7);
    small_case c{make_lstm_classifier<double>(7, 3, 4, pooling, gen)};
    return c;
}

}  // namespace

// ---- ARFF -----------------------------------------------------------------------------------------

TEST_CASE("parse_arff reads quotes escapes comments and all three attribute types", "[nlp][07_text_classification]") {
    const arff_data d = parse_arff(valid_arff_text());
    CHECK(d.relation == "tiny news");
    REQUIRE(d.attributes.size() == 3);
    CHECK(d.attributes[0].name == "Text");
    CHECK(d.attributes[0].type == arff_type::string);
    CHECK(d.attributes[1].name == "score");
    CHECK(d.attributes[1].type == arff_type::numeric);
    CHECK(d.attributes[2].name == "class-att");
    CHECK(d.attributes[2].type == arff_type::nominal);
    CHECK(d.attributes[2].values == std::vector<std::string>{"0", "1"});
    REQUIRE(d.rows.size() == 4);
    // 'WHEAT prices rose\nin Chicago' -> a real line feed; "It\'s a \"quote\" and 10\% off"
    CHECK(d.rows[0] == std::vector<std::string>{"WHEAT prices rose\nin Chicago", "3.5", "1"});
    CHECK(d.rows[1] == std::vector<std::string>{"It's a \"quote\" and 10% off", "-2", "0"});
    // leading blanks, \t, blanks around the comma, a comment and a Windows \r after the row
    CHECK(d.rows[2] == std::vector<std::string>{"tab\there", "1e3", "1"});
    CHECK(d.rows[3] == std::vector<std::string>{"", "0", "0"});
    // a header alone has no rows; @DATA in capitals
    CHECK(parse_arff("@relation x\n@ATTRIBUTE t string\n@DATA\n").rows.empty());
}

TEST_CASE("parse_arff rejects every file of the malformed corpus naming the line and the reason",
          "[nlp][07_text_classification]") {
    const auto& corpus = malformed_arff_corpus();
    REQUIRE(corpus.size() >= 30);
    for (const malformed_arff& m : corpus) check_rejects(m);
}

TEST_CASE("parse_arff parses or throws io_error on 400 corrupted files and never anything else",
          "[nlp][07_text_classification]") {
    std::size_t parsed = 0, rejected = 0;
    for (const std::string& text : corrupted_arff_texts(400, 2024)) {
        try {
            const arff_data d = parse_arff(text);
            for (const auto& row : d.rows) REQUIRE(row.size() == d.attributes.size());
            ++parsed;
        } catch (const llmlings::io_error& e) {
            REQUIRE_THAT(std::string(e.what()), llmlings::testing::starts_with("parse_arff: line "));
            ++rejected;
        }
    }
    INFO(parsed << " parsed, " << rejected << " rejected");
    CHECK(parsed > 0);  // some corruptions (inside a text, a comment) leave a valid file
    CHECK(rejected > 100);
}

TEST_CASE("read_arff names the path and line of a malformed file and a missing one", "[nlp][07_text_classification]") {
    const scratch_files dir("nlp07");  // removed with the file however the case ends
    dir.write("malformed.arff", "@relation r\n@attribute t string\n@attribute c {0,1}\n@data\n'fine',1\n'broken,0\n");
    const std::string path = dir.file("malformed.arff");
    try {
        read_arff(path);
        FAIL_CHECK("read_arff accepted a malformed file");
    } catch (const llmlings::io_error& e) {
        CHECK_THAT(std::string(e.what()), contains("read_arff: " + path + ":6: unterminated quoted value"));
    }
    CHECK_THROWS_AS(read_arff("no/such/file.arff"), llmlings::io_error);
    CHECK_THROWS_WITH(read_arff("no/such/file.arff"), contains("./llmlings data"));
}

TEST_CASE("arff_text_labels takes the string attribute and the last nominal one as the class",
          "[nlp][07_text_classification]") {
    const labelled_texts t = arff_text_labels(parse_arff(valid_arff_text()));
    CHECK(t.class_names == std::vector<std::string>{"0", "1"});
    CHECK(t.texts.size() == 4);
    CHECK(t.texts[1] == "It's a \"quote\" and 10% off");
    CHECK(same_labels(t.labels, labels_of({1, 0, 1, 0})));
    // class values index their list: {yes,no} makes "no" class 1
    const labelled_texts yn =
        arff_text_labels(parse_arff("@relation r\n@attribute c0 {yes,no}\n@attribute t string\n"
                                    "@attribute c {yes,no}\n@data\nno,'a',no\nyes,'b',yes\n"));
    CHECK(same_labels(yn.labels, labels_of({1, 0})));
    CHECK(yn.texts == std::vector<std::string>{"a", "b"});
    CHECK_THROWS_AS(arff_text_labels(parse_arff("@relation r\n@attribute t string\n@data\n'a'\n")),
                    llmlings::invalid_argument);  // no class attribute
    CHECK_THROWS_AS(arff_text_labels(parse_arff("@relation r\n@attribute a string\n@attribute b string\n"
                                                "@attribute c {0,1}\n@data\n'a','b',0\n")),
                    llmlings::invalid_argument);  // two texts
}

TEST_CASE("read_arff reads Reuters Grain with 57 positives in 604 test articles", "[nlp][07_text_classification]") {
    if (!have_data({"ReutersGrain-train.arff", "ReutersGrain-test.arff"})) return;
    const grain_golden& g = grain_golden_values();
    const arff_data train = read_arff(grain_path("train"));
    CHECK(train.attributes.size() == 2);
    CHECK(train.relation.rfind("Reuters-21578 Grain ModApte Train", 0) == 0);
    const labelled_texts tr = arff_text_labels(train);
    const labelled_texts te = arff_text_labels(read_arff(grain_path("test")));
    CHECK(tr.texts.size() == g.n_train);               // 1,554
    CHECK(te.texts.size() == g.n_test);                // 604
    CHECK(label_sum(tr.labels) == g.positives_train);  // 103
    CHECK(label_sum(te.labels) == 57);
    // the escapes undone: the first article holds real line feeds, no "\n" pairs
    CHECK(tr.texts[0].rfind("BAHIA COCOA REVIEW", 0) == 0);
    CHECK(tr.texts[0].find('\n') != std::string::npos);
    CHECK(tr.texts[0].find("\\n") == std::string::npos);
    // the same tokens as the golden script's independent reader and tokenizer
    const auto tokens = tokenize_all(tr.texts);
    std::size_t total = 0;
    for (const auto& t : tokens) total += t.size();
    CHECK(tokens[0].size() == g.first_document_tokens);
    CHECK(total == g.training_tokens);
}

// ---- Metrics and class weights ---------------------------------------------------------------------

TEST_CASE("binary_classification_report counts a hand-worked case", "[nlp][07_text_classification]") {
    // y_true 1 1 1 0 0 0 0 0, y_pred 1 0 1 1 0 0 0 0: TP 2, FN 1, FP 1, TN 4
    const binary_report r =
        binary_classification_report(labels_of({1, 1, 1, 0, 0, 0, 0, 0}), labels_of({1, 0, 1, 1, 0, 0, 0, 0}));
    CHECK(r.true_positives == 2);
    CHECK(r.false_negatives == 1);
    CHECK(r.false_positives == 1);
    CHECK(r.true_negatives == 4);
    const tolerance exact{1e-15, 0.0};
    CHECK_CLOSE_AT(r.accuracy, 6.0 / 8.0, exact);
    CHECK_CLOSE_AT(r.precision, 2.0 / 3.0, exact);
    CHECK_CLOSE_AT(r.recall, 2.0 / 3.0, exact);
    CHECK_CLOSE_AT(r.f1, 2.0 / 3.0, exact);
    // P = 1/4, R = 1/1: F1 = 2 * 1/4 / (5/4) = 0.4
    const binary_report s = binary_classification_report(labels_of({1, 0, 0, 0}), labels_of({1, 1, 1, 1}));
    CHECK_CLOSE_AT(s.precision, 0.25, exact);
    CHECK_CLOSE_AT(s.recall, 1.0, exact);
    CHECK_CLOSE_AT(s.f1, 0.4, exact);
    // nothing predicted positive, nothing positive: the zero_division = 0 convention
    const binary_report z = binary_classification_report(labels_of({0, 0}), labels_of({0, 0}));
    CHECK(z.precision == 0.0);
    CHECK(z.recall == 0.0);
    CHECK(z.f1 == 0.0);
    CHECK(z.accuracy == 1.0);
    CHECK_THROWS_AS(binary_classification_report(labels_of({0, 1}), labels_of({0})), llmlings::shape_error);
    CHECK_THROWS_AS(binary_classification_report(labels_of({0, 2}), labels_of({0, 1})), llmlings::invalid_argument);
    CHECK_THROWS_AS(binary_classification_report(labels_of({}), labels_of({})), llmlings::invalid_argument);
}

TEST_CASE("majority_baseline looks good in accuracy and scores an F1 of 0 on Grain", "[nlp][07_text_classification]") {
    // train 0 0 1 -> guess 0; test 1 0 0 0 -> 3/4 right, no positive found
    const binary_report r = majority_baseline(labels_of({0, 0, 1}), labels_of({1, 0, 0, 0}));
    CHECK(r.accuracy == 0.75);
    CHECK(r.f1 == 0.0);
    CHECK(r.true_negatives == 3);
    // a tie goes to class 0; a majority of 1 predicts 1 everywhere
    CHECK(majority_baseline(labels_of({0, 1}), labels_of({1, 1})).accuracy == 0.0);
    CHECK(majority_baseline(labels_of({1, 1, 0}), labels_of({1, 0})).recall == 1.0);
    CHECK_THROWS_AS(majority_baseline(labels_of({}), labels_of({1})), llmlings::invalid_argument);
    if (!have_data({"ReutersGrain-train.arff", "ReutersGrain-test.arff"})) return;
    const labelled_texts tr = arff_text_labels(read_arff(grain_path("train")));
    const labelled_texts te = arff_text_labels(read_arff(grain_path("test")));
    const binary_report g = majority_baseline(tr.labels, te.labels);
    // closed form from the label counts: 547 negatives of 604, nothing found
    CHECK(g.accuracy == 547.0 / 604.0);
    CHECK(g.true_negatives == 547);
    CHECK(g.false_negatives == 57);
    CHECK(g.f1 == 0.0);
    CHECK(g.recall == 0.0);
}

TEST_CASE("balanced_class_weights is n over K times the class count", "[nlp][07_text_classification]") {
    // 0 0 0 1: n = 4, K = 2 -> 4/(2*3), 4/(2*1)
    const std::vector<double> w = balanced_class_weights(labels_of({0, 0, 0, 1}));
    REQUIRE(w.size() == 2);
    CHECK_CLOSE_AT(w[0], 2.0 / 3.0, (tolerance{1e-15, 0.0}));
    CHECK_CLOSE_AT(w[1], 2.0, (tolerance{1e-15, 0.0}));
    // three classes: 0 1 1 2 2 2 -> 6/3, 6/6, 6/9
    const std::vector<double> w3 = balanced_class_weights(labels_of({2, 1, 2, 0, 1, 2}), 3);
    CHECK_CLOSE_AT(w3[0], 2.0, (tolerance{1e-15, 0.0}));
    CHECK_CLOSE_AT(w3[1], 1.0, (tolerance{1e-15, 0.0}));
    CHECK_CLOSE_AT(w3[2], 6.0 / 9.0, (tolerance{1e-15, 0.0}));
    // sklearn's compute_class_weight("balanced") on Grain's 1,451 / 103 training labels
    const grain_golden& g = grain_golden_values();
    index_vector grain = zero_labels(g.n_train);
    for (std::size_t i = 0; i < g.positives_train; ++i) grain.data()[i * 7] = 1;  // grain(7 i)
    const std::vector<double> gw = balanced_class_weights(grain);
    CHECK_CLOSE_AT(gw[0], g.class_weights[0], (tolerance{1e-15, 0.0}));
    CHECK_CLOSE_AT(gw[1], g.class_weights[1], (tolerance{1e-15, 0.0}));
    CHECK_THROWS_AS(balanced_class_weights(labels_of({0, 0})), llmlings::invalid_argument);  // class 1 empty
    CHECK_THROWS_AS(balanced_class_weights(labels_of({0, 3})), llmlings::invalid_argument);
    CHECK_THROWS_AS(balanced_class_weights(labels_of({})), llmlings::invalid_argument);
}

// ---- TF-IDF + logistic regression -------------------------------------------------------------------

TEST_CASE("weighted_logistic_loss is log 2 times the mean weight at zero and its gradient matches differences",
          "[nlp][07_text_classification]") {
    const std::vector<sparse_vector> rows = {{{0, 2}, {1.0, -0.5}}, {{1}, {2.0}}, {}, {{0, 1, 2}, {0.3, 0.1, -1.0}}};
    const index_vector y = labels_of({1, 0, 0, 1});
    const std::vector<double> w{0.5, 3.0};
    llmlings::ml::linear_model zero{filled(3, 0.0), 0.0};
    // every logit 0: each term is s_i log 2; mean of s = (3 + 0.5 + 0.5 + 3)/4 = 1.75
    CHECK_CLOSE_AT(weighted_logistic_loss(zero, rows, y, w), 1.75 * std::log(2.0), (tolerance{1e-15, 0.0}));
    CHECK_CLOSE_AT(weighted_logistic_loss(zero, rows, y), std::log(2.0), (tolerance{1e-15, 0.0}));
    // hand-worked gradient at 0: errors s_i (1/2 - y_i) / 4 = -3/8, 1/16, 1/16, -3/8
    const llmlings::ml::linear_model g0 = weighted_logistic_gradient(zero, rows, y, w);
    const tolerance exact{1e-15, 1e-16};
    CHECK_CLOSE_AT(element(g0.weights, 0), -3.0 / 8.0 * 1.0 - 3.0 / 8.0 * 0.3, exact);
    CHECK_CLOSE_AT(element(g0.weights, 1), 1.0 / 16.0 * 2.0 - 3.0 / 8.0 * 0.1, exact);
    CHECK_CLOSE_AT(element(g0.weights, 2), -3.0 / 8.0 * -0.5 - 3.0 / 8.0 * -1.0, exact);
    CHECK_CLOSE_AT(g0.bias, -3.0 / 8.0 + 1.0 / 16.0 + 1.0 / 16.0 - 3.0 / 8.0, exact);
    // at another point, with l2: central differences (h = 1e-6, errors ~1e-10)
    const llmlings::ml::linear_model m{vector_from({0.3, -0.7, 1.1}), 0.2};
    const double l2 = 0.3;
    const llmlings::ml::linear_model g = weighted_logistic_gradient(m, rows, y, w, l2);
    for (std::size_t j = 0; j <= 3; ++j) {
        llmlings::ml::linear_model plus = m, minus = m;
        double* p = j < 3 ? plus.weights.data() + j : &plus.bias;
        double* q = j < 3 ? minus.weights.data() + j : &minus.bias;
        *p += 1e-6;
        *q -= 1e-6;
        const double numeric =
            (weighted_logistic_loss(plus, rows, y, w, l2) - weighted_logistic_loss(minus, rows, y, w, l2)) / 2e-6;
        INFO("parameter " << j);
        CHECK_CLOSE_AT(j < 3 ? element(g.weights, j) : g.bias, numeric, (tolerance{1e-7, 1e-9}));
    }
    CHECK_THROWS_AS(weighted_logistic_loss(zero, rows, labels_of({1, 0})), llmlings::shape_error);
    CHECK_THROWS_AS(weighted_logistic_loss(zero, {{{3}, {1.0}}}, labels_of({1})), llmlings::shape_error);
    CHECK_THROWS_AS(weighted_logistic_gradient(zero, rows, y, {1.0, -1.0}), llmlings::invalid_argument);
    CHECK_THROWS_AS(weighted_logistic_gradient(zero, rows, y, {1.0}), llmlings::shape_error);
}

TEST_CASE("fit_weighted_logistic follows Nesterov steps by hand and rejects bad options",
          "[nlp][07_text_classification]") {
    // one row x = {0: 1}, y = 1, weights {1, 1}, l2 = 0, alpha = 1, mu = 0.5.
    // epoch 1: z = 0, error = (1/2 - 1)/1 = -1/2; g = (-1/2, -1/2); v = g; theta -= 1 * (g + 0.5 g) -> (0.75, 0.75)
    // epoch 2: z = 1.5, e = sigma(1.5) - 1; v = 0.5 v + e; theta -= e + 0.5 v
    text_logistic_options o;
    o.learning_rate = 1.0;
    o.momentum = 0.5;
    o.epochs = 1;
    const std::vector<sparse_vector> rows = {{{0}, {1.0}}};
    const llmlings::ml::linear_model one = fit_weighted_logistic(rows, 2, labels_of({1}), {}, o);
    CHECK_CLOSE_AT(element(one.weights, 0), 0.75, (tolerance{1e-15, 0.0}));
    CHECK(element(one.weights, 1) == 0.0);
    CHECK_CLOSE_AT(one.bias, 0.75, (tolerance{1e-15, 0.0}));
    o.epochs = 2;
    const llmlings::ml::linear_model two = fit_weighted_logistic(rows, 2, labels_of({1}), {}, o);
    const double e = 1.0 / (1.0 + std::exp(-1.5)) - 1.0, v = 0.5 * -0.5 + e;
    CHECK_CLOSE_AT(element(two.weights, 0), 0.75 - (e + 0.5 * v), (tolerance{1e-14, 0.0}));
    CHECK_CLOSE_AT(two.bias, 0.75 - (e + 0.5 * v), (tolerance{1e-14, 0.0}));
    o.momentum = 1.0;
    CHECK_THROWS_AS(fit_weighted_logistic(rows, 2, labels_of({1}), {}, o), llmlings::invalid_argument);
    o.momentum = 0.0;
    o.learning_rate = std::nan("");
    CHECK_THROWS_AS(fit_weighted_logistic(rows, 2, labels_of({1}), {}, o), llmlings::invalid_argument);
    CHECK_THROWS_AS(fit_weighted_logistic(rows, 0, labels_of({1})), llmlings::invalid_argument);
    CHECK_THROWS_AS(fit_weighted_logistic({}, 2, labels_of({})), llmlings::invalid_argument);
}

TEST_CASE("tfidf with logistic regression reaches scikit-learn's optimum and F1 on Grain",
          "[nlp][07_text_classification]") {
    if (!have_data({"ReutersGrain-train.arff", "ReutersGrain-test.arff"})) return;
    const grain_golden& g = grain_golden_values();
    const labelled_texts tr = arff_text_labels(read_arff(grain_path("train")));
    const labelled_texts te = arff_text_labels(read_arff(grain_path("test")));
    const auto train = tokenize_all(tr.texts), test = tokenize_all(te.texts);
    const double n = static_cast<double>(train.size());
    for (const bool balanced : {false, true}) {
        tfidf_classifier_options o;
        o.balanced = balanced;
        const tfidf_classifier clf = fit_tfidf_classifier(train, tr.labels, o);
        REQUIRE(clf.tfidf.vocabulary.terms.size() == g.vocabulary);
        // the objective at the C++ solution, in sklearn's mean form (lambda = 1/n): never below
        // sklearn's optimum beyond rounding, and within 1e-4 of it after 300 Nesterov epochs
        const double objective =
            weighted_logistic_loss(clf.model, tfidf_rows(clf.tfidf, train), tr.labels, clf.class_weights, 1.0 / n);
        const double best = balanced ? g.objective_balanced : g.objective_unweighted;
        INFO((balanced ? "balanced" : "unweighted") << ": objective " << objective << ", sklearn " << best);
        CHECK(objective >= best * (1.0 - 1e-9));
        CHECK(objective <= best * (1.0 + 1e-4));
        const binary_report r = binary_classification_report(te.labels, tfidf_classifier_predict(clf, test));
        const std::vector<double>& want = balanced ? g.report_balanced : g.report_unweighted;
        INFO("F1 " << r.f1 << " (sklearn " << want[7] << "), precision " << r.precision << ", recall " << r.recall);
        // at the same optimum, at most one or two articles near the threshold may flip (0.02 each)
        CHECK(std::fabs(r.f1 - want[7]) <= 0.03);
        CHECK(std::fabs(r.accuracy - want[4]) <= 0.005);
        if (balanced) {
            CHECK(r.f1 > 0.7);  // sklearn: 0.783; the unweighted model: 0.459
            CHECK(clf.class_weights == g.class_weights);
        } else {
            CHECK(r.f1 < 0.6);                  // the imbalance trap: high accuracy, few grain articles found
            CHECK(r.accuracy > 547.0 / 604.0);  // still above the majority guess in accuracy
        }
    }
}

// ---- Embeddings + LSTM ------------------------------------------------------------------------------

TEST_CASE("build_token_vocabulary orders by count and encode_tokens maps unknown words to 1",
          "[nlp][07_text_classification]") {
    // counts: b 3, a 2, c 2, d 1 -> ids b 2, a 3, c 4, d 5 (a before c on the tie)
    const token_vocabulary v = build_token_vocabulary({{"b", "a", "b"}, {"c", "b", "d", "a", "c"}});
    CHECK(v.words == std::vector<std::string>{"<pad>", "<unk>", "b", "a", "c", "d"});
    CHECK(encode_tokens(v, {"a", "zebra", "d", "b"}) == std::vector<std::size_t>{3, 1, 5, 2});
    CHECK(encode_tokens(v, {"a", "zebra", "d", "b"}, 2) == std::vector<std::size_t>{3, 1});
    CHECK(encode_tokens(v, {}).empty());
    // min_count 2 drops d; max_size 4 keeps the markers and the two most frequent
    CHECK(build_token_vocabulary({{"b", "a", "b"}, {"c", "b", "d", "a", "c"}}, 2).words.size() == 5);
    CHECK(build_token_vocabulary({{"b", "a", "b"}, {"c", "b", "d", "a", "c"}}, 1, 4).words ==
          std::vector<std::string>{"<pad>", "<unk>", "b", "a"});
    CHECK_THROWS_AS(build_token_vocabulary({{"<pad>"}}), llmlings::invalid_argument);
    CHECK_THROWS_AS(build_token_vocabulary({{"a"}}, 0), llmlings::invalid_argument);
    CHECK_THROWS_AS(encode_tokens(token_vocabulary{}, {"a"}), llmlings::invalid_argument);
}

TEST_CASE("the lstm classifier's gradients match central differences in double for both poolings",
          "[nlp][07_text_classification]") {
    for (const sequence_pooling pooling : {sequence_pooling::mean, sequence_pooling::last}) {
        small_case c = make_small(pooling);
        CHECK(c.model.params.numel() == 7 * 3 + 4 * 4 * (3 + 4 + 2) + 4 + 1);
        lstm_classifier_workspace<double> ws;
        c.model.params.zero_grad();
        const double loss = lstm_classifier_loss(c.model, c.batch, c.labels, c.weights, ws);
        CHECK(std::isfinite(loss));
        lstm_classifier_backward(c.model, ws);
        lstm_classifier_workspace<double> probe;
        const auto reports = store_gradient_check(
            c.model.params, [&] { return lstm_classifier_loss(c.model, c.batch, c.labels, c.weights, probe); });
        INFO((pooling == sequence_pooling::mean ? "mean" : "last") << " pooling");
        // central differences in double with h = 1e-6 on a loss of ~1: an absolute noise of ~1e-10,
        // and some LSTM gradients here are ~1e-6 (forget-gate rows at the first steps), so their
        // relative error reaches ~2e-5; a wrong term (a missing 1/L, a gradient that skips the
        // padding rule) is > 1e-2.
        CHECK_STORE_GRADIENTS_AT(reports, 1e-4);
        // the padding row 0 is never read: its gradient stays 0
        for (std::size_t k = 0; k < 3; ++k) CHECK(c.model.embedding.grad_data()[k] == 0.0);
    }
}

TEST_CASE("the lstm classifier's logit of a document does not depend on padding or batch mates",
          "[nlp][07_text_classification]") {
    for (const sequence_pooling pooling : {sequence_pooling::mean, sequence_pooling::last}) {
        small_case c = make_small(pooling);
        lstm_classifier_workspace<double> ws;
        lstm_classifier_forward(c.model, c.batch, ws);
        REQUIRE(ws.logits.shape()[0] == 4);
        const std::vector<double> together{element(ws.logits, 0, 0), element(ws.logits, 1, 0), element(ws.logits, 2, 0),
                                           element(ws.logits, 3, 0)};
        for (std::size_t b = 0; b < 4; ++b) {
            lstm_classifier_forward(c.model, ids{c.batch[b]}, ws);
            INFO("document " << b);
            CHECK_CLOSE_AT(element(ws.logits, 0, 0), together[b], (tolerance{1e-14, 1e-15}));
        }
        // the empty document pools to 0: its logit is the head's bias
        CHECK_CLOSE_AT(together[1], c.model.head.bias.data()[0], (tolerance{0.0, 0.0}));
        // a proba of every document in one call
        const llmlings::vector p = lstm_classifier_proba(c.model, c.batch);
        CHECK_CLOSE_AT(element(p, 2), 1.0 / (1.0 + std::exp(-together[2])), (tolerance{1e-14, 0.0}));
    }
    small_case c = make_small(sequence_pooling::mean);
    lstm_classifier_workspace<double> ws;
    CHECK_THROWS_AS(lstm_classifier_forward(c.model, ids{{7}}, ws), llmlings::invalid_argument);  // id >= V
    CHECK_THROWS_AS(lstm_classifier_forward(c.model, ids{}, ws), llmlings::invalid_argument);
    CHECK_THROWS_AS(lstm_classifier_loss(c.model, c.batch, labels_of({1}), {}, ws), llmlings::shape_error);
    llmlings::rng gen(1);
    CHECK_THROWS_AS(make_lstm_classifier<float>(1, 3, 4, sequence_pooling::mean, gen), llmlings::invalid_argument);
}

TEMPLATE_TEST_CASE("the lstm classifier computes in float what it computes in double", "[nlp][07_text_classification]",
                   float, double) {
    llmlings::rng gen_d(11), gen_t(11);
    const auto md = make_lstm_classifier<double>(9, 4, 5, sequence_pooling::mean, gen_d);
    const auto mt = make_lstm_classifier<TestType>(9, 4, 5, sequence_pooling::mean, gen_t);
    const ids batch{{2, 8, 3, 3, 7, 1}, {4}, {5, 6}};
    const index_vector y = labels_of({1, 0, 1});
    lstm_classifier_workspace<double> wd;
    lstm_classifier_workspace<TestType> wt;
    const double ld = lstm_classifier_loss(md, batch, y, {1.0, 2.0}, wd);
    const double lt = lstm_classifier_loss(mt, batch, y, {1.0, 2.0}, wt);
    // the same initial values rounded to float; float logits agree to ~1e-6 relative
    const tolerance tol = std::is_same<TestType, float>::value ? tolerance{1e-5, 1e-6} : tolerance{1e-15, 1e-15};
    CHECK_CLOSE_AT(lt, ld, tol);
    for (std::size_t b = 0; b < 3; ++b) CHECK_CLOSE_AT(element(wt.logits, b, 0), element(wd.logits, b, 0), tol);
}

TEST_CASE("the lstm classifier learns a seeded subset of Grain beyond the majority guess",
          "[nlp][07_text_classification]") {
    if (!have_data({"ReutersGrain-train.arff"})) return;
    const labelled_texts tr = arff_text_labels(read_arff(grain_path("train")));
    const std::vector<std::size_t> pick = seeded_subset(tr.labels, 160, 3);
    std::vector<std::string> texts;
    index_vector y = zero_labels(pick.size());
    for (std::size_t i = 0; i < pick.size(); ++i) {
        texts.push_back(tr.texts[pick[i]]);
        y.data()[i] = tr.labels.data()[pick[i]];  // y(i) = labels(pick[i])
    }
    const auto tokens = tokenize_all(texts);
    const token_vocabulary v = build_token_vocabulary(tokens, 2);
    ids sequences;
    for (const auto& t : tokens) sequences.push_back(encode_tokens(v, t, 16));  // the headline and first words
    llmlings::rng gen(5);
    auto model = make_lstm_classifier<float>(v.words.size(), 8, 8, sequence_pooling::mean, gen);
    lstm_train_options o;
    o.epochs = 8;
    o.batch_size = 16;
    o.learning_rate = 0.02;
    const std::vector<double> losses = train_lstm_classifier(model, sequences, y, o, gen);
    REQUIRE(losses.size() == 8);
    INFO("losses: first " << losses.front() << ", last " << losses.back());
    CHECK(losses.back() < 0.7 * losses.front());
    const llmlings::vector p = lstm_classifier_proba(model, sequences);
    index_vector predicted = zero_labels(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) predicted.data()[i] = p.data()[i] >= 0.5 ? 1 : 0;
    const binary_report r = binary_classification_report(y, predicted);
    INFO("training F1 " << r.f1 << " (the majority guess: " << majority_baseline(y, y).f1 << ")");
    CHECK(r.f1 > 0.5);
}
