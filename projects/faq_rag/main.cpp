// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Capstone of the transformer module: retrieval-augmented generation (RAG) over the Debian
 * FAQ — TF-IDF retrieval (nlp/03, nlp/12) in front of a small GPT (transformer/05–07) trained from
 * scratch on the FAQ, scored by SQuAD's token F1 and exact match (nlp/11) with and without the
 * retrieved passage.
 *
 * The setup: the FAQ (debian-faq, 112 sections "N.M. Question" + answer). A section's reference
 * answer is the first sentence of its answer (cut at a word boundary to at most 120 bytes); its
 * passage is the start of its answer (at most 200 bytes, so it holds the reference). Every seventh
 * section (the 4th, 11th, …: 16 of them) is held out from GPT training; its answer stays in the
 * retrieval index. The model is asked every section's question three ways:
 *   closed-book  "Q: question\nA: "                  what the weights remember;
 *   RAG          "passage\nQ: question\nA: "          with the passage of the section that
 *                                                    TF-IDF ranks first for the question;
 *   gold         the same with the section's own passage: retrieval assumed perfect.
 * On the trained sections closed-book measures memorisation (the model was trained on those very
 * answers); the held-out sections are the case RAG is for: knowledge the weights never saw.
 *
 * What it does:
 * 1. retrieval: stemmed, stop-word-free tokens (nlp/01), TF-IDF over the answers (nlp/03, raw tf,
 *    smoothed idf, L2 rows) as a dense matrix, exact cosine search (nlp/12) with each section's
 *    question as the query; hit@1, hit@3 and hit@5 of all, trained and held-out questions;
 * 2. a tokenizer: byte-level BPE with GPT-2's pre-tokenisation (nlp/06), 1024 tokens, trained on
 *    the text of the trained sections only (or, with --bytes, the 256 bytes as char_gpt);
 * 3. training examples in the prompt's format, the answer and "\n" after "A: ": from the trained
 *    sections, one closed-book example each and one RAG example per sentence of the answer (the
 *    passage starting at that sentence, the sentence as the answer); and reading exercises from
 *    Debian's package descriptions (the description's start as the passage, "What is PACKAGE?",
 *    its first sentence as the answer): 64k texts the model cannot memorise, so that it has a
 *    reason to read the passage;
 * 4. a GPT (transformer/05, 4 blocks of 4 heads, 128 channels, float32) trained by transformer/06's
 *    step: AdamW, warm-up and cosine learning rate, clipping at 1. Every third step is a batch of
 *    closed-book examples; in the others each row is a package description (half of them) or an
 *    FAQ RAG example. One example per row, padded to the longest row; the loss on every token of an
 *    FAQ example, on the answer of a description (ignore_index elsewhere). Progress lines: step,
 *    training loss, the held-out answers' loss closed-book and with the gold passage, tokens/s;
 * 5. answering: greedy generation with the KV cache (transformer/07) after "A: ", cut at the first
 *    "\n"; token F1 and exact match against the reference after SQuAD's normalisation (lowercase
 *    words by nlp/01's tokenize, the articles a/an/the dropped; nlp/11's token_f1), mean over the
 *    questions of each group; a table, RAG split by whether retrieval found the section, and
 *    example answers side by side;
 * 6. pictures: faq_rag.png (token F1 of the three ways on trained and held-out sections, and
 *    hit@k) and faq_rag_loss.png (the training and held-out losses against the step).
 *
 * Usage: project_faq_rag [OUTPUT_DIR] [--quick] [--steps N] [--reading P] [--bytes]
 *   OUTPUT_DIR  default build/projects-output (created if missing)
 *   --quick     a smaller model, fewer steps (the selftest's run, seconds)
 *   --steps N   training steps (full run 1200)
 *   --reading P the percentage of the RAG rows that are package descriptions (default 50; 0 trains
 *               on the FAQ alone)
 *   --bytes     the 256 byte values as the vocabulary instead of the BPE
 * Same build, same seed → the same numbers (the timings aside). OpenBLAS's thread count is the
 * caller's (OPENBLAS_NUM_THREADS; the CLI sets 1).
 */
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/data.hpp>
#include <llmlings/nlp/01_tokenization.hpp>
#include <llmlings/nlp/03_tfidf.hpp>
#include <llmlings/nlp/06_bpe.hpp>
#include <llmlings/nlp/11_metrics.hpp>
#include <llmlings/nlp/12_vector_search.hpp>
#include <llmlings/plot.hpp>
#include <llmlings/transformer/06_gpt_training.hpp>
#include <llmlings/transformer/07_sampling.hpp>

#include "../project.hpp"

namespace nlp = llmlings::nlp;
namespace nn = llmlings::nn;
namespace plot = llmlings::plot;
namespace tr = llmlings::transformer;
namespace projects = llmlings::projects;
using llmlings::data::faq_entry;
using projects::format;
using projects::seconds_since;

namespace {

constexpr const char* program = "project_faq_rag";

/// The run's settings; the defaults are the full run.
struct run_config {
    tr::gpt_config model;              ///< L 4, H 4, C 128; V and P are set from the data
    bool bytes = false;                ///< the 256 bytes as the vocabulary (else BPE)
    std::size_t bpe_vocab = 1024;      ///< BPE's vocabulary: 256 bytes + merges
    std::size_t passage_bytes = 200;   ///< a passage: the start of an answer, cut at a word boundary
    std::size_t question_bytes = 100;  ///< a question is cut to this
    std::size_t answer_bytes = 120;    ///< a reference answer: the first sentence, cut to this
    std::size_t holdout_every = 7;     ///< sections 3, 10, 17, …: held out from GPT training
    std::size_t batch = 16;            ///< examples per step
    std::size_t steps = 1200;          ///< training steps: the schedule's length
    std::size_t closed_every = 3;      ///< every third step is a batch of closed-book examples
    std::size_t reading_percent = 50;  ///< in the other steps, this share of the rows are package descriptions
    double lr = 3e-3;                  ///< AdamW's peak learning rate
    double min_lr = 3e-4;              ///< the cosine's floor
    std::size_t warmup = 100;          ///< linear warm-up steps, from lr/10
    double weight_decay = 0.1;         ///< on matrices and embeddings
    double max_norm = 1.0;             ///< gradient-norm clip
    std::size_t eval_every = 100;      ///< steps between progress lines
    std::uint64_t seed = 2024;         ///< initialisation and batches
};

run_config quick_config() {
    run_config c;
    c.model.layers = 2;
    c.model.heads = 2;
    c.model.channels = 64;
    c.bpe_vocab = 512;
    c.batch = 8;
    c.steps = 150;
    c.warmup = 10;
    c.min_lr = 1e-3;
    c.eval_every = 50;
    return c;
}

// ---- text glue ----------------------------------------------------------------------------------

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// The text with runs of spaces and tabs made one space, spaces around line breaks dropped, blank
/// lines removed and both ends trimmed; with `one_line`, line breaks become spaces too.
std::string clean(const std::string& text, bool one_line) {
    std::string out;
    bool space = false, line = false;
    for (const char c : text) {
        if (c == '\n' && !one_line) {
            line = !out.empty();
            space = false;
        } else if (is_blank(c)) {
            space = !out.empty();
        } else {
            if (line)
                out += '\n';
            else if (space)
                out += ' ';
            line = space = false;
            out += c;
        }
    }
    return out;
}

/// The longest prefix of `text` of at most `limit` bytes that ends before a blank (or at the
/// end), blanks at its end dropped; the first `limit` bytes when there is no blank.
std::string cut(const std::string& text, std::size_t limit) {
    if (text.size() <= limit) return text;
    std::size_t end = limit;
    while (end > 0 && !is_blank(text[end])) --end;
    if (end == 0) {  // one long word: cut it, but not inside a UTF-8 character
        end = limit;
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    }
    while (end > 0 && is_blank(text[end - 1])) --end;
    return text.substr(0, end);
}

/// The end of the sentence that starts at `from`: after the first '.', '?' or '!' followed by a
/// blank or the end, or at the first line break, whichever comes first.
std::size_t sentence_end(const std::string& text, std::size_t from) {
    for (std::size_t i = from; i < text.size(); ++i) {
        if (text[i] == '\n') return i;
        if ((text[i] == '.' || text[i] == '?' || text[i] == '!') && (i + 1 == text.size() || is_blank(text[i + 1])))
            return i + 1;
    }
    return text.size();
}

/// Where each sentence of `text` starts.
std::vector<std::size_t> sentence_starts(const std::string& text) {
    std::vector<std::size_t> starts;
    std::size_t i = 0;
    while (i < text.size()) {
        starts.push_back(i);
        i = sentence_end(text, i);
        while (i < text.size() && is_blank(text[i])) ++i;
    }
    return starts;
}

/// SQuAD's normalisation: lowercase words (nlp/01's tokenize drops punctuation), without the
/// articles. Text that is not valid UTF-8 (a model may write half a character) is read with its
/// bytes above 0x7F as spaces.
std::vector<std::string> answer_tokens(const std::string& text) {
    std::vector<std::string> words;
    try {
        words = nlp::tokenize(text);
    } catch (const llmlings::invalid_argument&) {
        std::string ascii = text;
        for (char& c : ascii)
            if (static_cast<unsigned char>(c) >= 0x80) c = ' ';
        words = nlp::tokenize(ascii);
    }
    std::vector<std::string> out;
    for (std::string& w : words)
        if (w != "a" && w != "an" && w != "the") out.push_back(std::move(w));
    return out;
}

/// Stemmed words without stop words: what the retrieval indexes (as faq_retrieval).
std::vector<std::string> index_tokens(const std::string& text, const std::unordered_set<std::string>& stop) {
    std::vector<std::string> out;
    for (const std::string& w : nlp::remove_stopwords(nlp::tokenize(text), stop)) {
        std::string s = nlp::porter_stem(w);
        if (!s.empty()) out.push_back(std::move(s));
    }
    return out;
}

/// The text for printing: as it is when it is valid UTF-8, else with its bytes above 0x7F as '?'
/// (a model may write half a character).
std::string printable(const std::string& text) {
    try {
        nlp::decode_utf8(text);
        return text;
    } catch (const llmlings::invalid_argument&) {
        std::string ascii = text;
        for (char& c : ascii)
            if (static_cast<unsigned char>(c) >= 0x80) c = '?';
        return ascii;
    }
}

std::string shorten(const std::string& s, std::size_t n) {
    std::string one = clean(printable(s), true);
    return one.size() <= n ? one : cut(one, n - 3) + "...";
}

// ---- tokens -------------------------------------------------------------------------------------

/// The model's vocabulary: the 256 bytes, or a BPE trained by nlp/06.
struct tokenizer {
    bool bytes = true;
    nlp::bpe_tokenizer bpe;

    std::size_t size() const { return bytes ? 256 : bpe.vocab.size(); }
    std::vector<std::size_t> encode(const std::string& text) const {
        std::vector<std::size_t> out;
        if (bytes) {
            for (const char c : text) out.push_back(static_cast<unsigned char>(c));
        } else {
            for (const nlp::bpe_token t : nlp::bpe_encode(bpe, text)) out.push_back(t);
        }
        return out;
    }
    std::string decode(const std::vector<std::size_t>& ids) const {
        std::string out;
        for (const std::size_t id : ids) out += bytes ? std::string(1, static_cast<char>(id)) : bpe.vocab[id];
        return out;
    }
};

/// The newline that ends an answer: the byte 10, a token of its own in both vocabularies.
constexpr std::size_t newline = 10;

/// One section, prepared.
struct section {
    const faq_entry* entry = nullptr;
    bool held_out = false;
    std::string question;   ///< one line, cut to question_bytes
    std::string answer;     ///< its answer, cleaned (line breaks kept)
    std::string reference;  ///< the first sentence, cut to answer_bytes
    std::string passage;    ///< the start of the answer, cut to passage_bytes
};

/// A reading exercise from a package description: the passage, "What is PACKAGE?", the answer.
struct reading_exercise {
    std::string passage, question, answer;
};

/// A prompt or a training example as token ids; `answer` is where the answer starts.
struct example {
    std::vector<std::size_t> ids;
    std::size_t answer = 0;
    bool answer_loss = false;  ///< train on the answer's tokens only
};

/// "passage\nQ: question\nA: " (no passage: "Q: question\nA: "), then the answer and "\n" when given.
example make_example(const tokenizer& tok, const std::string* passage, const std::string& question,
                     const std::string* answer) {
    example e;
    auto add = [&](const std::string& text) {
        const std::vector<std::size_t> ids = tok.encode(text);
        e.ids.insert(e.ids.end(), ids.begin(), ids.end());
    };
    if (passage) {
        add(*passage);
        add("\n");
    }
    add("Q: ");
    add(question);
    add("\nA: ");
    e.answer = e.ids.size();
    if (answer) {
        add(*answer);
        e.ids.push_back(newline);
    }
    return e;
}

/// A batch of whole examples, one per row, padded to the longest: ids(b, t) = example[t], targets
/// the next token, ignore_index on the padding and, with `answers_only`, before the answer.
void fill_batch(const std::vector<const example*>& rows, bool answers_only, tr::token_ids& ids,
                tr::token_ids& targets) {
    std::size_t T = 1;
    for (const example* e : rows) T = std::max(T, e->ids.size() - 1);
    llmlings::ensure_shape(ids, {rows.size(), T});
    llmlings::ensure_shape(targets, {rows.size(), T});
    for (std::size_t b = 0; b < rows.size(); ++b) {
        const std::vector<std::size_t>& x = rows[b]->ids;
        for (std::size_t t = 0; t < T; ++t) {
            const bool real = t + 1 < x.size();
            ids(b, t) = real ? x[t] : newline;
            targets(b, t) = real && (!(answers_only || rows[b]->answer_loss) || t + 1 >= rows[b]->answer)
                                ? x[t + 1]
                                : tr::ignore_index;
        }
    }
}

/// The mean loss of the answer tokens (and their "\n") of the examples, batch by batch.
double answer_loss(const tr::gpt_model<float>& model, const std::vector<example>& examples, std::size_t batch,
                   tr::gpt_workspace<float>& ws) {
    tr::token_ids ids, targets;
    double total = 0.0;
    std::size_t counted = 0;
    for (std::size_t first = 0; first < examples.size(); first += batch) {
        std::vector<const example*> rows;
        std::size_t answer_tokens = 0;
        for (std::size_t i = first; i < std::min(first + batch, examples.size()); ++i) {
            rows.push_back(&examples[i]);
            answer_tokens += examples[i].ids.size() - examples[i].answer;
        }
        fill_batch(rows, true, ids, targets);
        const auto& logits = tr::gpt_forward(model, ids, ws);
        total += tr::gpt_cross_entropy<float>(llmlings::as_rows(logits), targets, llmlings::empty_view<float>()) *
                 static_cast<double>(answer_tokens);
        counted += answer_tokens;
    }
    return counted == 0 ? 0.0 : total / static_cast<double>(counted);
}

/// Greedy generation with the KV cache after the prompt, up to the first "\n".
std::string answer(const tr::gpt_model<float>& model, const tokenizer& tok, const example& prompt, std::size_t most,
                   llmlings::rng& gen) {
    tr::token_ids ids = tr::token_ids::from_shape({1, prompt.ids.size()});
    std::copy(prompt.ids.begin(), prompt.ids.end(), ids.data());
    tr::generate_options g;
    g.max_new_tokens = most;
    g.sampling.temperature = 0.0;
    g.stop_token = newline;  // the answer's line ends there: no tokens generated past it
    const tr::token_ids out = tr::generate(model, ids, g, gen);
    std::vector<std::size_t> produced;
    for (std::size_t t = prompt.ids.size(); t < out.shape()[1] && out(0, t) != newline; ++t)
        produced.push_back(out(0, t));
    return tok.decode(produced);
}

/// Token F1 and exact match of one answer against its reference (SQuAD's rules, nlp/11).
struct score {
    double f1 = 0.0, em = 0.0;
};

score grade(const std::string& hypothesis, const std::string& reference) {
    const std::vector<std::string> h = answer_tokens(hypothesis), r = answer_tokens(reference);
    return {nlp::token_f1({r}, h).f, h == r ? 1.0 : 0.0};
}

/// Mean F1 and EM over the sections of a group (trained or held out), and how many.
struct group_score {
    double f1 = 0.0, em = 0.0;
    std::size_t n = 0;
    void add(score s) {
        f1 += s.f1;
        em += s.em;
        ++n;
    }
    double mean_f1() const { return n == 0 ? 0.0 : f1 / static_cast<double>(n); }
    double mean_em() const { return n == 0 ? 0.0 : em / static_cast<double>(n); }
};

int run(int argc, char** argv) {
    const auto start = std::chrono::steady_clock::now();
    std::filesystem::path out_dir = "build/projects-output";
    bool quick = false, bytes = false;
    std::size_t steps = 0, reading_arg = 101;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--quick")
            quick = true;
        else if (arg == "--bytes")
            bytes = true;
        else if (arg == "--reading" && i + 1 < argc) {
            const std::string v = argv[++i];
            reading_arg = v == "0" ? 0 : projects::positive_argument(program, arg, v.c_str());
            if (reading_arg > 100)
                throw llmlings::invalid_argument(program, "--reading expects a percentage, 0 to 100");
        } else if (arg == "--steps" && i + 1 < argc)
            steps = projects::positive_argument(program, arg, argv[++i]);
        else if (!arg.empty() && arg[0] == '-')
            throw llmlings::invalid_argument(
                program, "unknown option '" + arg +
                             "' (usage: project_faq_rag [OUTPUT_DIR] [--quick] [--steps N] [--bytes] "
                             "[--reading P])");
        else
            out_dir = arg;
    }
    run_config cfg = quick ? quick_config() : run_config{};
    cfg.bytes = bytes;
    if (reading_arg <= 100) cfg.reading_percent = reading_arg;
    if (steps != 0) cfg.steps = steps;
    if (cfg.steps < 2)
        throw llmlings::invalid_argument(program, "--steps must be at least 2 (a warm-up step and one more)");
    if (cfg.warmup >= cfg.steps) cfg.warmup = std::max<std::size_t>(1, cfg.steps / 10);
    std::filesystem::create_directories(out_dir);
    const bool draw = plot::available();
    if (!draw)
        std::cout << "note: gnuplot is not installed, so no PNG is drawn (the .dat and .gp files are written);\n"
                     "      install it with: sudo apt-get install gnuplot-nox\n";
    std::cout << "RAG over the Debian FAQ: TF-IDF retrieval (nlp/03, 12) + a GPT trained on the FAQ (transformer/05-07)"
              << (quick ? "  [--quick: a small model, a short run]" : "") << "\n\n";

    // 1. The sections: question, reference answer, passage; every seventh held out.
    const std::vector<faq_entry> faq = llmlings::data::load_debian_faq();
    std::vector<section> sections(faq.size());
    std::size_t n_held = 0;
    for (std::size_t i = 0; i < faq.size(); ++i) {
        section& s = sections[i];
        s.entry = &faq[i];
        s.held_out = i % cfg.holdout_every == 3;
        n_held += s.held_out;
        s.question = cut(clean(faq[i].question, true), cfg.question_bytes);
        s.answer = clean(faq[i].answer, false);
        s.reference = cut(s.answer.substr(0, sentence_end(s.answer, 0)), cfg.answer_bytes);
        s.passage = cut(s.answer, cfg.passage_bytes);
    }
    const std::size_t n_trained = sections.size() - n_held;
    std::cout << format(
        "data: %zu sections of the FAQ; %zu trained on, %zu held out (every %zuth from the 4th: their answers\n"
        "      stay retrievable, the GPT never sees them). Reference answer: the first sentence, <= %zu bytes;\n"
        "      passage: the start of the answer, <= %zu bytes.\n\n",
        sections.size(), n_trained, n_held, cfg.holdout_every, cfg.answer_bytes, cfg.passage_bytes);

    // 2. Retrieval: TF-IDF over the answers, exact cosine search (nlp/12) with the questions.
    const auto stop = llmlings::data::load_stopwords("english");
    std::vector<std::vector<std::string>> answer_terms;
    for (const section& s : sections) answer_terms.push_back(index_tokens(s.entry->answer, stop));
    const nlp::tfidf_model tfidf = nlp::make_tfidf(nlp::fit_term_vocabulary(answer_terms));
    const std::size_t terms = tfidf.vocabulary.terms.size();
    const llmlings::matrix index = nlp::to_dense(nlp::tfidf_vectors(tfidf, answer_terms), terms);
    std::vector<std::size_t> retrieved(sections.size()), rank(sections.size());
    for (std::size_t q = 0; q < sections.size(); ++q) {
        const llmlings::matrix query =
            nlp::to_dense({nlp::tfidf_vector(tfidf, index_tokens(sections[q].entry->question, stop))}, terms);
        const llmlings::vector v = xt::row(query, 0);
        const auto hits = nlp::exact_search(index, v, 5, nlp::search_metric::cosine);
        retrieved[q] = hits[0].index;
        rank[q] = 6;  // not in the first five
        for (std::size_t k = 0; k < hits.size(); ++k)
            if (hits[k].index == q) rank[q] = k + 1;
    }
    const std::size_t ks[3] = {1, 3, 5};
    double hit_all[3] = {0, 0, 0}, hit_trained[3] = {0, 0, 0}, hit_held[3] = {0, 0, 0};
    for (std::size_t q = 0; q < sections.size(); ++q)
        for (std::size_t k = 0; k < 3; ++k)
            if (rank[q] <= ks[k]) {
                hit_all[k] += 1.0 / static_cast<double>(sections.size());
                (sections[q].held_out ? hit_held[k] : hit_trained[k]) +=
                    1.0 / static_cast<double>(sections[q].held_out ? n_held : n_trained);
            }
    std::cout << format(
                     "retrieval: TF-IDF (stemmed, no stop words; %zu terms) over the %zu answers, exact cosine "
                     "search,\neach section's question as the query\n",
                     terms, sections.size())
              << "  questions        hit@1   hit@3   hit@5\n"
              << format("  all (%3zu)       %.3f   %.3f   %.3f\n", sections.size(), hit_all[0], hit_all[1], hit_all[2])
              << format("  trained (%3zu)   %.3f   %.3f   %.3f\n", n_trained, hit_trained[0], hit_trained[1],
                        hit_trained[2])
              << format("  held out (%3zu)  %.3f   %.3f   %.3f\n\n", n_held, hit_held[0], hit_held[1], hit_held[2]);

    // 3. The tokenizer, trained on the text of the trained sections only.
    tokenizer tok;
    tok.bytes = cfg.bytes;
    if (!cfg.bytes) {
        std::string corpus;
        for (const section& s : sections)
            if (!s.held_out) corpus += s.question + "\n" + s.answer + "\n";
        const auto t0 = std::chrono::steady_clock::now();
        tok.bpe = nlp::bpe_train(corpus, cfg.bpe_vocab, nlp::bpe_split::gpt2);
        std::cout << format(
            "tokenizer: byte-level BPE (nlp/06, GPT-2's pre-tokenisation), %zu tokens, trained on the "
            "%zu bytes of the trained sections in %.1f s: %.2f bytes per token\n",
            tok.size(), corpus.size(), seconds_since(t0),
            static_cast<double>(corpus.size()) / static_cast<double>(tok.encode(corpus).size()));
    } else {
        std::cout << "tokenizer: the 256 byte values\n";
    }

    // 4. The examples: for training, closed-book and one RAG example per sentence of a trained answer;
    //    for evaluation, every section's prompts.
    std::vector<example> closed_train, rag_train, held_closed, held_gold;
    std::size_t longest_passage = 0, longest_question = 0, longest_answer = 0;
    for (const section& s : sections) {
        longest_question = std::max(longest_question, tok.encode(s.question).size());
        longest_answer = std::max(longest_answer, tok.encode(s.reference).size());
        longest_passage = std::max(longest_passage, tok.encode(s.passage).size());
        if (s.held_out) {
            held_closed.push_back(make_example(tok, nullptr, s.question, &s.reference));
            held_gold.push_back(make_example(tok, &s.passage, s.question, &s.reference));
            continue;
        }
        closed_train.push_back(make_example(tok, nullptr, s.question, &s.reference));
        for (const std::size_t from : sentence_starts(s.answer)) {
            const std::string rest = s.answer.substr(from);
            const std::string passage = cut(rest, cfg.passage_bytes);
            const std::string sentence = cut(rest.substr(0, sentence_end(rest, 0)), cfg.answer_bytes);
            longest_passage = std::max(longest_passage, tok.encode(passage).size());
            longest_answer = std::max(longest_answer, tok.encode(sentence).size());
            rag_train.push_back(make_example(tok, &passage, s.question, &sentence));
        }
    }
    const std::size_t framing = tok.encode("\nQ: ").size() + tok.encode("\nA: ").size() + 1;
    cfg.model.vocab_size = tok.size();
    cfg.model.block_size = (longest_passage + longest_question + longest_answer + framing + 7) / 8 * 8;
    // Reading exercises from Debian's package descriptions: text the model cannot memorise, so it
    // learns to read the answer off the passage (the FAQ alone is too small to teach that).
    std::vector<reading_exercise> readings;
    if (cfg.reading_percent > 0) {
        for (const auto& d : llmlings::data::with_long_description(llmlings::data::load_debian_descriptions())) {
            const std::string text = clean(d.long_description, false);
            const std::string first = cut(text.substr(0, sentence_end(text, 0)), cfg.answer_bytes);
            if (first.size() < 20) continue;
            readings.push_back(
                {cut(text, cfg.passage_bytes), cut("What is " + d.package + "?", cfg.question_bytes), first});
        }
        std::cout << format(
            "reading exercises: %zu package descriptions (Debian 12's Translation-en): the passage, "
            "\"What is PACKAGE?\", the first sentence\n",
            readings.size());
    }
    std::size_t rag_tokens = 0;
    for (const example& e : rag_train) rag_tokens += e.ids.size();
    std::cout << format(
        "examples: %zu closed-book and %zu RAG (one per sentence of a trained answer; %zu tokens)\n"
        "longest passage %zu, question %zu, answer %zu tokens: context T = %zu\n\n",
        closed_train.size(), rag_train.size(), rag_tokens, longest_passage, longest_question, longest_answer,
        cfg.model.block_size);

    // 5. The model and its training.
    llmlings::rng gen(cfg.seed);
    tr::gpt_model<float> model = tr::make_gpt(llmlings::parameter_store<float>(), cfg.model);
    tr::init_gpt(model, gen);
    nn::adamw_options adamw;
    adamw.lr = cfg.lr;
    adamw.beta1 = 0.9;
    adamw.beta2 = 0.95;
    adamw.weight_decay = cfg.weight_decay;
    nn::adam_optimizer<float> opt = nn::make_adamw(model.params, adamw);
    std::cout << format("model: GPT, %zu blocks of %zu heads, %zu channels, V = %zu, T = %zu; %zu parameters\n",
                        cfg.model.layers, cfg.model.heads, cfg.model.channels, cfg.model.vocab_size,
                        cfg.model.block_size, model.params.numel())
              << format(
                     "training: %zu steps of %zu examples (1 step in %zu closed-book, the others RAG%s), AdamW "
                     "(betas 0.9, 0.95; weight decay %.g), lr %.g -> %.g (warm-up %zu, cosine), clip %.g\n",
                     cfg.steps, cfg.batch, cfg.closed_every,
                     readings.empty() ? "" : format(", %zu %% of their rows descriptions", cfg.reading_percent).c_str(),
                     cfg.weight_decay, cfg.lr, cfg.min_lr, cfg.warmup, cfg.max_norm)
              << "progress: loss = mean training loss per token since the last line; held-out = the loss of the "
                 "held-out\nanswers' tokens closed-book and after their gold passage\n\n";
    struct curve_point {
        double step, train, closed, gold;
    };
    std::vector<curve_point> curve;
    tr::gpt_workspace<float> ws, eval_ws;
    tr::gpt_gradients<float> grads;
    tr::token_ids ids, targets;
    std::vector<const example*> rows(cfg.batch);
    std::vector<example> drawn(cfg.batch);
    const auto train_start = std::chrono::steady_clock::now();
    double loss_sum = 0.0;
    std::size_t in_sum = 0, tokens_seen = 0;
    for (std::size_t s = 1; s <= cfg.steps; ++s) {
        opt.options.lr = nn::warmup_cosine_lr(cfg.lr, s - 1, cfg.warmup, cfg.steps, cfg.min_lr, 0.1);
        const std::vector<example>& pool = s % cfg.closed_every == 0 ? closed_train : rag_train;
        for (std::size_t b = 0; b < cfg.batch; ++b) {
            const std::size_t u = &pool == &rag_train ? llmlings::uniform_index(100, gen) : 100;
            const bool read = !readings.empty() && u < cfg.reading_percent;
            if (!read) {
                rows[b] = &pool[llmlings::uniform_index(pool.size(), gen)];
                continue;
            }
            do {  // a description whose example does not fit in the context is drawn again
                const reading_exercise& r = readings[llmlings::uniform_index(readings.size(), gen)];
                drawn[b] = make_example(tok, &r.passage, r.question, &r.answer);
                drawn[b].answer_loss = true;
            } while (drawn[b].ids.size() > cfg.model.block_size + 1);
            rows[b] = &drawn[b];
        }
        fill_batch(rows, false, ids, targets);
        tokens_seen += ids.size();
        const tr::train_step_result r = tr::gpt_train_step(model, ids, targets, ws, grads, opt, cfg.max_norm);
        loss_sum += r.loss;
        ++in_sum;
        if (s % cfg.eval_every == 0 || s == cfg.steps) {
            const double closed = answer_loss(model, held_closed, cfg.batch, eval_ws);
            const double gold = answer_loss(model, held_gold, cfg.batch, eval_ws);
            const double seconds = seconds_since(train_start);
            curve.push_back({static_cast<double>(s), loss_sum / static_cast<double>(in_sum), closed, gold});
            std::cout << format(
                             "step %5zu/%zu  loss %.4f  held-out: closed-book %.3f, gold passage %.3f  lr %.2e  "
                             "%5.0f tokens/s  %6.1fs  ETA %.0fs\n",
                             s, cfg.steps, curve.back().train, closed, gold, opt.options.lr,
                             static_cast<double>(tokens_seen) / seconds, seconds,
                             seconds / static_cast<double>(s) * static_cast<double>(cfg.steps - s))
                      << std::flush;
            loss_sum = 0.0;
            in_sum = 0;
        }
    }
    std::cout << format("trained in %.1f s\n\n", seconds_since(train_start));

    // 6. Answering: closed-book, RAG (top-1 passage), gold passage.
    const std::size_t most = std::min(longest_answer + 2, cfg.model.block_size - 1);
    const auto answer_start = std::chrono::steady_clock::now();
    enum { closed_book, rag, gold, ways };
    const char* way_names[ways] = {"closed-book", "RAG (top-1 TF-IDF passage)", "gold passage"};
    group_score trained[ways], held[ways], rag_found[2], rag_missed[2];
    std::vector<std::vector<std::string>> answers(sections.size(), std::vector<std::string>(ways));
    std::vector<std::vector<score>> scores(sections.size(), std::vector<score>(ways));
    for (std::size_t q = 0; q < sections.size(); ++q) {
        const section& s = sections[q];
        const std::string* passages[ways] = {nullptr, &sections[retrieved[q]].passage, &s.passage};
        for (std::size_t w = 0; w < ways; ++w) {
            const example prompt = make_example(tok, passages[w], s.question, nullptr);
            answers[q][w] = answer(model, tok, prompt, std::min(most, cfg.model.block_size - prompt.ids.size()), gen);
            scores[q][w] = grade(answers[q][w], s.reference);
            (s.held_out ? held : trained)[w].add(scores[q][w]);
        }
        (retrieved[q] == q ? rag_found : rag_missed)[s.held_out].add(scores[q][rag]);
    }
    std::cout << format(
                     "answers: greedy, with the KV cache, up to the first newline (at most %zu tokens); %zu "
                     "prompts in %.1f s\n",
                     most, ways * sections.size(), seconds_since(answer_start))
              << "token F1 and exact match against the reference (SQuAD's normalisation: lowercase words, no "
                 "punctuation, no a/an/the)\n\n"
              << format("  %-40s %-17s %-17s\n", "", format("trained (%zu)", n_trained).c_str(),
                        format("held out (%zu)", n_held).c_str())
              << format("  %-40s %-8s %-8s %-8s %-8s\n", "", "F1", "EM", "F1", "EM");
    for (std::size_t w = 0; w < ways; ++w)
        std::cout << format("  %-40s %-8.3f %-8.3f %-8.3f %-8.3f\n", way_names[w], trained[w].mean_f1(),
                            trained[w].mean_em(), held[w].mean_f1(), held[w].mean_em());
    for (int found = 1; found >= 0; --found) {
        const group_score* g = found ? rag_found : rag_missed;
        std::cout << format(
            "  %-40s %-8s %-8.3f %-8s %-8.3f\n",
            format("  RAG, retrieval %s (%zu + %zu)", found ? "right" : "wrong", g[0].n, g[1].n).c_str(), "",
            g[0].mean_f1(), "", g[1].mean_f1());
    }
    std::cout << "  (the RAG rows split by whether TF-IDF ranked the question's own section first; F1 only)\n";

    std::cout << "\nexamples (* = held out):\n";
    std::vector<std::size_t> shown;
    for (std::size_t q = 0; q < sections.size() && shown.size() < 3; ++q)
        if (sections[q].held_out) shown.push_back(q);
    for (const std::size_t q : {std::size_t{1}, std::size_t{8}}) shown.push_back(q);
    for (const std::size_t q : shown) {
        const section& s = sections[q];
        std::cout << format("  %s%s %s\n", s.held_out ? "*" : " ", s.entry->number.c_str(),
                            shorten(s.question, 90).c_str())
                  << format("      reference:    %s\n", shorten(s.reference, 100).c_str());
        for (std::size_t w = 0; w < ways; ++w)
            std::cout << format(
                "      %-13s %s  (F1 %.2f%s)\n",
                w == closed_book ? "closed-book:"
                : w == rag       ? "RAG:"
                                 : "gold:",
                shorten(answers[q][w], 100).c_str(), scores[q][w].f1,
                w == rag ? format(", retrieved %s", sections[retrieved[q]].entry->number.c_str()).c_str() : "");
    }

    // 7. Pictures.
    std::vector<std::string> labels;
    llmlings::vector values = xt::zeros<double>({2 * ways + 3});
    const char* short_names[ways] = {"closed", "RAG", "gold"};
    std::size_t slot = 0;
    for (std::size_t g = 0; g < 2; ++g)
        for (std::size_t w = 0; w < ways; ++w) {
            labels.push_back(format("%s, %s", short_names[w], g == 0 ? "trained" : "held out"));
            values(slot++) = (g == 0 ? trained : held)[w].mean_f1();
        }
    for (std::size_t k = 0; k < 3; ++k) {
        labels.push_back(format("hit@%zu", ks[k]));
        values(slot++) = hit_all[k];
    }
    plot::options o;
    o.run_gnuplot = draw;
    o.title =
        "Debian FAQ: answer token F1 closed-book / RAG / gold passage (trained and held-out sections), "
        "and retrieval hit@k";
    o.ylabel = "mean over the questions";
    o.width = 1400;
    const std::string picture = plot::bar_chart((out_dir / "faq_rag.png").string(), labels, values, o);
    llmlings::vector xs = xt::zeros<double>({curve.size()}), train_loss = xs, closed_loss = xs, gold_loss = xs;
    for (std::size_t i = 0; i < curve.size(); ++i) {
        xs(i) = curve[i].step;
        train_loss(i) = curve[i].train;
        closed_loss(i) = curve[i].closed;
        gold_loss(i) = curve[i].gold;
    }
    plot::options l;
    l.run_gnuplot = draw;
    l.title = "FAQ GPT: training loss, and the held-out answers' loss without and with their passage";
    l.xlabel = "training step";
    l.ylabel = "cross-entropy (nats per token)";
    const std::string loss_picture = plot::line_plot((out_dir / "faq_rag_loss.png").string(), xs,
                                                     {{"training (all tokens)", train_loss},
                                                      {"held-out answers, closed-book", closed_loss},
                                                      {"held-out answers, gold passage", gold_loss}},
                                                     l);
    std::cout << "\n"
              << (draw ? "pictures: " : "gnuplot scripts and data, to draw later (.png -> .gp): ") << picture << ", "
              << loss_picture << "\n"
              << format("done in %.1f s\n", seconds_since(start));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return llmlings::projects::run_main(program, run, argc, argv);
}
