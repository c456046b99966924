// SPDX-License-Identifier: MIT
// Oracles of tests/nlp/07_text_classification.cpp: the golden-file reader, the malformed-ARFF
// corpus written by hand from Weka's format description, seeded corruptions, nlp/01's tokenizer;
// no code of the topic under test.
#include "07_text_classification.hpp"

#include <algorithm>
#include <numeric>

#include <llmlings/nlp/01_tokenization.hpp>
#include <llmlings/stats/03_sampling.hpp>
#include <llmlings/testing.hpp>

namespace oracles {

const grain_golden& grain_golden_values() {
    static const grain_golden g = [] {
        using llmlings::testing::golden_file;
        const golden_file f = golden_file::load(llmlings::testing::golden_path("nlp/07_text_classification.txt"));
        const auto n = [&](const char* name, std::size_t i) { return static_cast<std::size_t>(f.array(name)(i)); };
        const auto flat = [&](const char* name) {
            const auto& a = f.array(name);
            return std::vector<double>(a.begin(), a.end());
        };
        grain_golden out;
        out.n_train = n("counts", 0);
        out.positives_train = n("counts", 1);
        out.n_test = n("counts", 2);
        out.positives_test = n("counts", 3);
        out.training_tokens = n("counts", 4);
        out.first_document_tokens = n("counts", 5);
        out.vocabulary = n("features", 0);
        out.nonzeros = n("features", 1);
        out.class_weights = flat("class_weights");
        out.objective_unweighted = f.array("objective_unweighted")(0);
        out.objective_balanced = f.array("objective_balanced")(0);
        out.report_unweighted = flat("report_unweighted");
        out.report_balanced = flat("report_balanced");
        return out;
    }();
    return g;
}

namespace {
const char* const header = "@relation r\n@attribute text string\n@attribute class {0,1}\n@data\n";  // lines 1-4
}  // namespace

const std::vector<malformed_arff>& malformed_arff_corpus() {
    static const std::vector<malformed_arff> corpus = {
        {"empty text", "", 0, "no @relation"},
        {"only comments", "% nothing\n\n%@relation r\n", 3, "no @relation"},
        {"data before relation", "@data\n", 1, "expected @relation first"},
        {"relation without name", "@relation\n", 1, "expected a name after @relation"},
        {"two relations", "@relation a\n@relation b\n", 2, "a second @relation"},
        {"text after relation name", "@relation a b\n", 1, "unexpected text after the relation name"},
        {"unknown keyword", "@relation r\n@atribute t string\n", 2, "expected @attribute or @data"},
        {"attribute without name", "@relation r\n@attribute\n", 2, "expected an attribute name"},
        {"attribute without type", "@relation r\n@attribute t\n", 2, "expected the type"},
        {"date attribute", "@relation r\n@attribute d date\n", 2, "found 'date'"},
        {"empty nominal list", "@relation r\n@attribute c {}\n", 2, "lists no value"},
        {"unterminated nominal list", "@relation r\n@attribute c {0,1\n", 2, "expected ',' or '}'"},
        {"nominal list with a hole", "@relation r\n@attribute c {0,,1}\n", 2, "expected a nominal value"},
        {"repeated nominal value", "@relation r\n@attribute c {0,1,0}\n", 2, "listed twice"},
        {"text after the type", "@relation r\n@attribute t string extra\n", 2, "unexpected text after the type"},
        {"duplicate attribute", "@relation r\n@attribute a string\n@attribute a numeric\n", 3, "declared twice"},
        {"data without attributes", "@relation r\n@data\n", 2, "@data before any @attribute"},
        {"no data section", "@relation r\n@attribute t string\n", 2, "ends before @data"},
        {"text after data", "@relation r\n@attribute t string\n@data x\n", 3, "unexpected text after @data"},
        {"unterminated quote", std::string(header) + "'abc,1\n", 5, "unterminated quoted value"},
        {"quote closed on the next line", std::string(header) + "'ab\ncd',1\n", 5, "unterminated quoted value"},
        {"unknown escape", std::string(header) + "'a\\qb',1\n", 5, "unknown escape '\\q'"},
        {"backslash at the end", std::string(header) + "'ab\\", 5, "backslash ends the line"},
        {"too few values", std::string(header) + "'ok',0\n'only text'\n", 6, "expected ',' and 2 values"},
        {"too many values", std::string(header) + "'a',0,1\n", 5, "found more"},
        {"empty value", std::string(header) + "'a',\n", 5, "expected a value for attribute 'class'"},
        {"missing value", std::string(header) + "'a',?\n", 5, "missing values"},
        {"nominal value not listed", std::string(header) + "'a',2\n", 5, "not one of the values"},
        {"sparse row", std::string(header) + "{0 'a', 1 1}\n", 5, "sparse rows"},
        {"numeric junk", "@relation r\n@attribute x numeric\n@data\n1.5x\n", 4, "expected a finite number"},
        {"numeric nan", "@relation r\n@attribute x real\n@data\nnan\n", 4, "expected a finite number"},
        {"unquoted words", std::string(header) + "two words,1\n", 5, "expected ',' and 2 values"},
        {"garbage bytes", "\x01\x02\xff\n", 1, "expected @relation first"},
    };
    return corpus;
}

const std::string& valid_arff_text() {
    static const std::string text =
        "% Reuters-like test relation\n"
        "@RELATION 'tiny news'\n"
        "\n"
        "@attribute Text string\n"
        "@attribute score NUMERIC % a comment after the type\n"
        "@attribute class-att {0,1}\n"
        "\n"
        "@data\n"
        "'WHEAT prices rose\\nin Chicago',3.5,1\n"
        "\"It\\'s a \\\"quote\\\" and 10\\% off\",-2,0\n"
        "  'tab\\there',1e3 , 1 % trailing comment\r\n"
        "'',0,0\n";
    return text;
}

std::vector<std::string> corrupted_arff_texts(std::size_t count, std::uint64_t seed) {
    llmlings::rng gen(seed);
    const std::string& base = valid_arff_text();
    const std::string alphabet = "'\"\\,{}%?@ \n\r\t0aZ\x80";
    std::vector<std::string> out;
    for (std::size_t k = 0; k < count; ++k) {
        std::string s = base;
        const std::size_t edits = 1 + gen() % 3;
        for (std::size_t e = 0; e < edits && !s.empty(); ++e) {
            const std::size_t at = gen() % s.size();
            switch (gen() % 4) {
                case 0:
                    s[at] = alphabet[gen() % alphabet.size()];
                    break;
                case 1:
                    s.erase(at, 1 + gen() % 4);
                    break;
                case 2:
                    s.insert(at, 1, alphabet[gen() % alphabet.size()]);
                    break;
                default:
                    s.resize(at);
                    break;
            }
        }
        out.push_back(s);
    }
    return out;
}

std::vector<std::vector<std::string>> tokenize_all(const std::vector<std::string>& texts) {
    std::vector<std::vector<std::string>> out;
    out.reserve(texts.size());
    for (const std::string& t : texts) out.push_back(llmlings::nlp::tokenize(t));
    return out;
}

bool have_data(std::initializer_list<const char*> files) {
    return llmlings::testing::have_real_data(files);
}

std::vector<llmlings::nlp::sparse_vector> tfidf_rows(const llmlings::nlp::tfidf_model& model,
                                                     const std::vector<std::vector<std::string>>& documents) {
    return llmlings::nlp::tfidf_vectors(model, documents);
}

std::vector<std::size_t> seeded_subset(const index_vector& labels, std::size_t size, std::uint64_t seed) {
    llmlings::rng gen(seed);
    std::vector<std::size_t> positives, negatives;
    for (std::size_t i = 0; i < labels.size(); ++i) (labels[i] == 1 ? positives : negatives).push_back(i);
    llmlings::stats::shuffle(positives, gen);
    llmlings::stats::shuffle(negatives, gen);
    std::vector<std::size_t> out(positives.begin(), positives.begin() + std::min(positives.size(), size / 2));
    for (std::size_t i = 0; out.size() < size && i < negatives.size(); ++i) out.push_back(negatives[i]);
    llmlings::stats::shuffle(out, gen);
    return out;
}

std::size_t label_sum(const index_vector& labels) {
    return std::accumulate(labels.begin(), labels.end(), std::size_t{0});
}

bool same_labels(const index_vector& a, const index_vector& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace oracles
