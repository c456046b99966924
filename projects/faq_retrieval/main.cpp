// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Capstone of the nlp module: a retrieval chatbot over the Debian FAQ — ask a question, get
 * the FAQ section that answers it, by TF-IDF and by word embeddings, with hit@1 and hit@5 measured.
 *
 * The setup: the FAQ (debian-faq, ~110 sections "N.M. Question" + answer) is the collection. Only
 * the answers are indexed; each section's own question is held out and asked as a query, and the
 * retrieval is right when the first (hit@1) or one of the first five (hit@5) sections found is the
 * one the question belongs to. The mean reciprocal rank (MRR, the mean of 1/rank of the right
 * section) sums up the whole ranking.
 * 1. tokens (nlp/01): words; or words without stop words (tm's English list), Porter-stemmed;
 * 2. TF-IDF (nlp/03) over the answers, tf raw or sublinear, sklearn's smoothed idf, L2-normalised,
 *    cosine search;
 * 3. word embeddings: GloVe (nlp/05) trained on the answers' stemmed tokens; a text's vector is the
 *    idf-weighted mean of its words' vectors; exact cosine search (nlp/12);
 * 4. a hybrid: the TF-IDF cosine plus half the embedding cosine;
 * 5. the table of hit@1, hit@5 and MRR, a bar chart of hit@1 and hit@5, and three questions with
 *    what each method finds;
 * 6. with --ask, an interactive prompt: type a question, get the three best sections (TF-IDF).
 *
 * Usage: project_faq_retrieval [OUTPUT_DIR] [--quick] [--ask]
 *   --quick  fewer GloVe epochs (the selftest's run)
 *   --ask    after the report, answer questions typed on standard input (an empty line ends)
 */
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/data.hpp>
#include <llmlings/nlp/01_tokenization.hpp>
#include <llmlings/nlp/03_tfidf.hpp>
#include <llmlings/nlp/05_glove.hpp>
#include <llmlings/nlp/12_vector_search.hpp>
#include <llmlings/plot.hpp>

namespace nlp = llmlings::nlp;
namespace plot = llmlings::plot;
using llmlings::data::faq_entry;

namespace {

using token_lists = std::vector<std::vector<std::string>>;

/// Lowercased words (nlp::tokenize); with `stem`, stop words removed and the rest Porter-stemmed.
std::vector<std::string> tokens_of(const std::string& text, bool stem, const std::unordered_set<std::string>& stop) {
    std::vector<std::string> words = nlp::tokenize(text);
    if (!stem) return words;
    std::vector<std::string> out;
    for (const std::string& w : nlp::remove_stopwords(words, stop)) {
        std::string s = nlp::porter_stem(w);
        if (!s.empty()) out.push_back(std::move(s));  // Porter takes "s" to ""
    }
    return out;
}

/// scores[q][d]: how well document d answers question q (larger is better).
using score_table = std::vector<std::vector<double>>;

/// The rank (1 = first) of document `right` among the scores, ties counted against it.
std::size_t rank_of(const std::vector<double>& scores, std::size_t right) {
    std::size_t rank = 1;
    for (std::size_t d = 0; d < scores.size(); ++d)
        if (d != right && scores[d] >= scores[right]) ++rank;
    return rank;
}

struct quality {
    double hit1 = 0, hit5 = 0, mrr = 0;
};

/// Question q belongs to section q: hit@1, hit@5 and the mean reciprocal rank.
quality evaluate(const score_table& scores) {
    quality r;
    for (std::size_t q = 0; q < scores.size(); ++q) {
        const std::size_t rank = rank_of(scores[q], q);
        r.hit1 += rank == 1;
        r.hit5 += rank <= 5;
        r.mrr += 1.0 / static_cast<double>(rank);
    }
    const double n = static_cast<double>(scores.size());
    return {r.hit1 / n, r.hit5 / n, r.mrr / n};
}

/// TF-IDF scores: the cosine of every question with every answer (nlp::search over all of them).
score_table tfidf_scores(const token_lists& answers, const token_lists& questions, nlp::tf_weighting tf) {
    const nlp::tfidf_model model = nlp::make_tfidf(nlp::fit_term_vocabulary(answers), {tf});
    const std::vector<nlp::sparse_vector> index = nlp::tfidf_vectors(model, answers);
    score_table scores(questions.size(), std::vector<double>(answers.size(), 0.0));
    for (std::size_t q = 0; q < questions.size(); ++q)
        for (const nlp::search_hit& hit : nlp::search(model, index, questions[q], answers.size()))
            scores[q][hit.document] = hit.score;
    return scores;
}

/// Word vectors trained by GloVe on the answers, and a way to embed any token list with them.
struct embedder {
    nlp::glove_vocabulary vocab;
    llmlings::matrix_of<float> vectors;  // (V, D): W + W̃, each row scaled to unit length
    std::vector<double> idf;             // idf of each vocabulary word over the answers

    /// The idf-weighted mean of the unit vectors of the known words, scaled to unit length (zero
    /// when no word is known).
    llmlings::vector_of<float> embed(const std::vector<std::string>& tokens) const {
        const std::size_t dim = vectors.shape()[1];
        std::vector<double> sum(dim, 0.0);
        for (const std::string& t : tokens) {
            const auto it = vocab.ids.find(t);
            if (it == vocab.ids.end()) continue;
            for (std::size_t j = 0; j < dim; ++j) sum[j] += idf[it->second] * vectors(it->second, j);
        }
        double norm = 0;
        for (const double s : sum) norm += s * s;
        norm = std::sqrt(norm);
        auto v = llmlings::vector_of<float>::from_shape({dim});
        for (std::size_t j = 0; j < dim; ++j) v(j) = norm > 0 ? static_cast<float>(sum[j] / norm) : 0.0f;
        return v;
    }
};

embedder train_embeddings(const token_lists& answers, std::size_t epochs, llmlings::rng& gen) {
    embedder e;
    e.vocab = nlp::build_glove_vocabulary(answers, 2);
    const std::vector<nlp::cooccurrence> triples = nlp::count_cooccurrences(e.vocab, answers, 10);
    const std::size_t v = e.vocab.words.size(), dim = 50;
    std::cout << "  GloVe: " << v << " words seen at least twice, " << triples.size()
              << " co-occurring pairs, D = " << dim << ", " << epochs << " epochs of AdaGrad\n";
    llmlings::parameter_store<float> store;
    nlp::glove_model<float> model = nlp::make_glove(store, "glove", v, dim);
    nlp::init_glove(model, gen);
    nlp::glove_trainer<float> trainer = nlp::make_glove_trainer(model);
    double loss = 0;
    for (std::size_t epoch = 1; epoch <= epochs; ++epoch) {
        loss = nlp::glove_train_epoch(trainer, triples, gen);
        if (epoch == 1) std::cout << "  GloVe loss after epoch 1: " << loss << "\n";
    }
    std::cout << "  GloVe loss after epoch " << epochs << ": " << loss << "\n";
    e.vectors = nlp::glove_vectors(model);
    for (std::size_t i = 0; i < v; ++i) {
        double n = 0;
        for (std::size_t j = 0; j < dim; ++j) n += double(e.vectors(i, j)) * e.vectors(i, j);
        n = std::sqrt(n);
        for (std::size_t j = 0; j < dim; ++j) e.vectors(i, j) = n > 0 ? float(e.vectors(i, j) / n) : 0.0f;
    }
    // the idf of each vocabulary word over the answers (nlp/03's smoothed variant)
    const nlp::term_vocabulary terms = nlp::fit_term_vocabulary(answers);
    const std::vector<double> term_idf =
        nlp::inverse_document_frequency(terms, nlp::idf_weighting::smooth_log_plus_one);
    e.idf.assign(v, 1.0);
    for (std::size_t i = 0; i < v; ++i)
        if (const auto j = nlp::term_index(terms, e.vocab.words[i])) e.idf[i] = term_idf[*j];
    return e;
}

/// Embedding scores: the cosine of every question's vector with every answer's (exact search, nlp/12).
score_table embedding_scores(const embedder& e, const token_lists& answers, const token_lists& questions) {
    const std::size_t dim = e.vectors.shape()[1];
    llmlings::matrix_of<float> docs({answers.size(), dim});
    for (std::size_t d = 0; d < answers.size(); ++d) {
        const auto v = e.embed(answers[d]);
        for (std::size_t j = 0; j < dim; ++j) docs(d, j) = v(j);
    }
    score_table scores(questions.size(), std::vector<double>(answers.size(), 0.0));
    for (std::size_t q = 0; q < questions.size(); ++q)
        for (const auto& hit :
             nlp::exact_search(docs, e.embed(questions[q]), answers.size(), nlp::search_metric::cosine))
            scores[q][hit.index] = hit.score;
    return scores;
}

score_table hybrid(const score_table& a, const score_table& b, double weight_b) {
    score_table s = a;
    for (std::size_t q = 0; q < s.size(); ++q)
        for (std::size_t d = 0; d < s[q].size(); ++d) s[q][d] += weight_b * b[q][d];
    return s;
}

/// The indices of the `k` largest scores, best first (ties: the lower index).
std::vector<std::size_t> top(const std::vector<double>& scores, std::size_t k) {
    std::vector<std::size_t> order(scores.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    k = std::min(k, order.size());
    std::partial_sort(
        order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
        [&](std::size_t x, std::size_t y) { return scores[x] > scores[y] || (scores[x] == scores[y] && x < y); });
    order.resize(k);
    return order;
}

std::string shorten(const std::string& s, std::size_t n) {
    return s.size() <= n ? s : s.substr(0, n - 3) + "...";
}

int run(int argc, char** argv) {
    const auto start = std::chrono::steady_clock::now();
    std::filesystem::path out_dir = "build/projects-output";
    bool quick = false, ask = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--quick")
            quick = true;
        else if (arg == "--ask")
            ask = true;
        else if (!arg.empty() && arg[0] != '-')
            out_dir = arg;
        else
            throw llmlings::invalid_argument(
                "project_faq_retrieval",
                "unknown option '" + arg + "' (usage: project_faq_retrieval [OUTPUT_DIR] [--quick] [--ask])");
    }
    std::filesystem::create_directories(out_dir);
    const bool draw = plot::available();
    if (!draw)
        std::cout << "note: gnuplot is not installed, so no PNG is drawn (the .dat and .gp files are written);\n"
                     "      install it with: sudo apt-get install gnuplot-nox\n";
    llmlings::rng gen(11);

    const std::vector<faq_entry> faq = llmlings::data::load_debian_faq();
    const auto stop = llmlings::data::load_stopwords("english");
    std::size_t answer_words = 0;
    token_lists answers_words, questions_words, answers_stem, questions_stem;
    for (const faq_entry& e : faq) {
        answers_words.push_back(tokens_of(e.answer, false, stop));
        questions_words.push_back(tokens_of(e.question, false, stop));
        answers_stem.push_back(tokens_of(e.answer, true, stop));
        questions_stem.push_back(tokens_of(e.question, true, stop));
        answer_words += answers_words.back().size();
    }
    std::cout << "FAQ retrieval (nlp/01, 03, 05, 12) over the Debian FAQ: " << faq.size() << " sections, "
              << answer_words << " words of answers" << (quick ? "  [--quick: fewer GloVe epochs]" : "") << "\n"
              << "Each section's own question is held out and asked; the right answer is its section.\n\n";

    struct method {
        std::string name;
        std::string label;  // short, for the chart
        score_table scores;
    };
    std::vector<method> methods;
    methods.push_back({"TF-IDF, words", "words", tfidf_scores(answers_words, questions_words, nlp::tf_weighting::raw)});
    methods.push_back(
        {"TF-IDF, stemmed", "stemmed", tfidf_scores(answers_stem, questions_stem, nlp::tf_weighting::raw)});
    methods.push_back({"TF-IDF, stemmed, sublinear tf", "sublinear",
                       tfidf_scores(answers_stem, questions_stem, nlp::tf_weighting::sublinear)});
    const embedder glove = train_embeddings(answers_stem, quick ? 5 : 40, gen);
    methods.push_back({"GloVe, idf-weighted mean", "GloVe", embedding_scores(glove, answers_stem, questions_stem)});
    methods.push_back({"hybrid: TF-IDF + 0.5 GloVe", "hybrid", hybrid(methods[2].scores, methods[3].scores, 0.5)});

    std::cout << "\n  " << std::left << std::setw(32) << "method" << std::right << std::setw(8) << "hit@1"
              << std::setw(8) << "hit@5" << std::setw(8) << "MRR"
              << "\n";
    std::vector<std::string> labels;
    auto values = llmlings::vector::from_shape({2 * methods.size()});
    std::size_t slot = 0;
    for (const method& m : methods) {
        const quality r = evaluate(m.scores);
        std::cout << "  " << std::left << std::setw(32) << m.name << std::right << std::fixed << std::setprecision(3)
                  << std::setw(8) << r.hit1 << std::setw(8) << r.hit5 << std::setw(8) << r.mrr << "\n"
                  << std::defaultfloat;
        labels.push_back(m.label + " @1");
        values(slot++) = r.hit1;
        labels.push_back(m.label + " @5");
        values(slot++) = r.hit5;
    }
    std::cout << "  (random ranking: hit@1 " << std::setprecision(3) << 1.0 / faq.size() << ", hit@5 "
              << 5.0 / faq.size() << ")\n";

    std::cout << "\nThree questions and the first section each method finds (* = right):\n";
    for (const std::size_t q : {std::size_t{1}, faq.size() / 2, faq.size() - 3}) {
        std::cout << "  Q " << faq[q].number << " \"" << shorten(faq[q].question, 70) << "\"\n";
        for (const method& m : methods) {
            const std::size_t best = top(m.scores[q], 1)[0];
            std::cout << "    " << std::left << std::setw(32) << m.name << std::right << (best == q ? "* " : "  ")
                      << faq[best].number << " " << shorten(faq[best].question, 50) << "\n";
        }
    }

    plot::options o;
    o.run_gnuplot = draw;
    o.title = "Debian FAQ: held-out questions answered by the right section";
    o.ylabel = "share of questions";
    o.width = 1300;
    const std::string picture = plot::bar_chart((out_dir / "faq_retrieval.png").string(), labels, values, o);
    std::cout << "\n  " << (draw ? "picture: " : "gnuplot script and data, to draw later (.png -> .gp): ") << picture
              << "\n";
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "  done in " << std::setprecision(3) << seconds << " s\n";

    if (ask) {
        // TF-IDF over stemmed words, raw tf: the best MRR above (GloVe trained on the FAQ's 23k words
        // alone knows too little English to help)
        const nlp::tfidf_model model = nlp::make_tfidf(nlp::fit_term_vocabulary(answers_stem));
        const std::vector<nlp::sparse_vector> index = nlp::tfidf_vectors(model, answers_stem);
        std::cout << "\nAsk the Debian FAQ (TF-IDF, stemmed; an empty line ends):\n";
        std::string line;
        while (std::cout << "> " << std::flush && std::getline(std::cin, line) && !line.empty()) {
            const std::vector<nlp::search_hit> hits = nlp::search(model, index, tokens_of(line, true, stop), 3);
            if (hits.empty() || hits[0].score == 0.0) std::cout << "  (no word of the question is in the FAQ)\n";
            for (const nlp::search_hit& hit : hits) {
                if (hit.score == 0.0) break;
                const faq_entry& e = faq[hit.document];
                std::cout << "  " << e.number << " " << e.question << "  (cosine " << std::setprecision(3) << hit.score
                          << ")\n      " << shorten(e.answer.substr(0, e.answer.find('\n')), 300) << "\n";
            }
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "project_faq_retrieval: " << e.what() << "\n";
        return 1;
    }
}
