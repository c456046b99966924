// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief Capstone of the peft module's quantisation: the KJV char-GPT saved with its linear
 * weights in NF4 and in int8, in safetensors files of a stated layout, loaded back for generation;
 * size on disk and loss against float32; damaged files refused with a typed error.
 *
 * What it does:
 * 1. the base: projects/char_gpt's checkpoint (OUTPUT_DIR/char_gpt.safetensors or --base FILE;
 *    trained here with char_gpt's recipe when missing; --quick: a small base trained for seconds);
 * 2. writes quantized_gpt.nf4.safetensors and quantized_gpt.int8.safetensors: every linear weight
 *    of every block quantised (peft/05's NF4, blocks of 64, double-quantised scales; peft/04's
 *    absmax int8 per output channel), every other tensor in float32;
 * 3. reads each file back into a float GPT (the weights dequantised), and prints the sizes on
 *    disk, the KJV held-out loss of each against float32, and a sample of each (transformer/07,
 *    KV cache);
 * 4. damages copies of the NF4 file (a scale missing, packing that disagrees with the shape, a
 *    block size in the metadata that is not the codes', the file cut short, sizes in the metadata
 *    that are not the tensors') and shows that each is refused with a typed error, never read as
 *    garbage nor allocated for.
 *
 * The layout (the metadata's "layout" says "llmlings-quantized-gpt-1"): the metadata holds the
 * GPT's sizes and "quantization" = "nf4" or "int8". A float tensor keeps its transformer/05 name
 * and dtype F32. A quantised weight W (O, I) named N is stored as:
 *   NF4:  N.nf4 U8 (O, I/2): two 4-bit codes per byte, value 2i in the high nibble (peft/05);
 *         N.absmax_codes I8 (O·I/64): each block's scale, int8 (double quantisation);
 *         N.absmax_scales F32 (⌈blocks/256⌉): the int8 codes' scales, one per 256 blocks;
 *         N.absmax_mean F32 (): the mean taken out of the block scales before that;
 *         metadata "nf4_block" = 64.
 *   int8: N.int8 I8 (O, I) and N.scales F32 (O): row o is scales[o]·codes (peft/04, per channel).
 *
 * Files in OUTPUT_DIR: quantized_gpt.nf4.safetensors, quantized_gpt.int8.safetensors,
 * quantized_gpt_sizes.png (.dat/.gp), and char_gpt.safetensors when the base was trained here.
 *
 * Usage: project_quantized_gpt [OUTPUT_DIR] [--quick] [--base FILE]
 */
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/data/kjv.hpp>
#include <llmlings/peft/04_quantization.hpp>
#include <llmlings/peft/05_nf4.hpp>
#include <llmlings/plot.hpp>
#include <llmlings/transformer/07_sampling.hpp>
#include <llmlings/transformer/10_safetensors.hpp>

#include "../char_gpt_base.hpp"
#include "../project.hpp"

namespace peft = llmlings::peft;
namespace plot = llmlings::plot;
namespace tr = llmlings::transformer;
namespace projects = llmlings::projects;
using projects::format;
using projects::seconds_since;

namespace {

constexpr const char* program = "project_quantized_gpt";
constexpr const char* layout_name = "llmlings-quantized-gpt-1";
constexpr std::size_t nf4_block = 64;

/// One tensor to write: its name, safetensors dtype, shape and little-endian bytes.
struct raw_tensor {
    std::string name, dtype;
    std::vector<std::size_t> shape;
    std::string bytes;
};

template <class V>
std::string bytes_of(const V* values, std::size_t count) {
    return std::string(reinterpret_cast<const char*>(values), count * sizeof(V));  // x86-64: little-endian
}

/// JSON text of a string made of printable ASCII (the names and metadata written here).
std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char ch : text) {
        if (ch == '"' || ch == '\\') out += '\\';
        out += ch;
    }
    return out + "\"";
}

/// A safetensors file of raw tensors: 8 bytes N, the JSON header padded to 8, the bytes.
std::string safetensors_file(const std::vector<raw_tensor>& tensors, const std::map<std::string, std::string>& meta) {
    std::string header = "{\"__metadata__\":{";
    for (const auto& kv : meta)
        header += (header.back() == '{' ? "" : ",") + quoted(kv.first) + ":" + quoted(kv.second);
    header += "}";
    std::size_t offset = 0;
    for (const raw_tensor& t : tensors) {
        std::string shape;
        for (std::size_t d : t.shape) shape += (shape.empty() ? "" : ",") + std::to_string(d);
        header += "," + quoted(t.name) + ":{\"dtype\":\"" + t.dtype + "\",\"shape\":[" + shape +
                  "],\"data_offsets\":[" + std::to_string(offset) + "," + std::to_string(offset + t.bytes.size()) +
                  "]}";
        offset += t.bytes.size();
    }
    header += "}";
    header.append((8 - header.size() % 8) % 8, ' ');
    std::string out;
    for (int i = 0; i < 8; ++i) out += static_cast<char>((header.size() >> (8 * i)) & 0xFF);
    out += header;
    for (const raw_tensor& t : tensors) out += t.bytes;
    return out;
}

/// The names of a block's four linear weights.
std::vector<std::string> linear_weights(std::size_t layers) {
    std::vector<std::string> out;
    for (std::size_t l = 0; l < layers; ++l)
        for (const char* w : {".attn.qkv.weight", ".attn.proj.weight", ".mlp.fc.weight", ".mlp.proj.weight"})
            out.push_back("blocks." + std::to_string(l) + w);
    return out;
}

std::map<std::string, std::string> metadata(const tr::gpt_config& c, const std::string& quantization) {
    return {{"format", "llmlings char_gpt"},
            {"layout", layout_name},
            {"quantization", quantization},
            {"nf4_block", std::to_string(nf4_block)},
            {"vocab_size", std::to_string(c.vocab_size)},
            {"block_size", std::to_string(c.block_size)},
            {"layers", std::to_string(c.layers)},
            {"heads", std::to_string(c.heads)},
            {"channels", std::to_string(c.channels)}};
}

/// The GPT as a quantised file: its linear weights in NF4 or int8, the rest in float32.
std::string quantized_file(const tr::gpt_model<float>& gpt, const std::string& quantization) {
    const std::vector<std::string> linear = linear_weights(gpt.config.layers);
    std::vector<raw_tensor> tensors;
    for (const llmlings::parameter<float>& p : gpt.params) {
        const std::vector<std::size_t> shape = p.shape();
        if (std::find(linear.begin(), linear.end(), p.name()) == linear.end()) {
            tensors.push_back({p.name(), "F32", shape, bytes_of(p.data(), p.size())});
            continue;
        }
        const std::size_t O = shape[0], I = shape[1];
        const auto w = llmlings::view_of<2>(static_cast<const float*>(p.data()), O * I, {O, I});
        if (quantization == "nf4") {
            const peft::nf4_tensor<float> q = peft::quantize_nf4<float>(w, nf4_block, true);
            tensors.push_back({p.name() + ".nf4", "U8", {O, I / 2}, bytes_of(q.packed.data(), q.packed.size())});
            tensors.push_back({p.name() + ".absmax_codes",
                               "I8",
                               {q.absmax_codes.size()},
                               bytes_of(q.absmax_codes.data(), q.absmax_codes.size())});
            tensors.push_back({p.name() + ".absmax_scales",
                               "F32",
                               {q.absmax_scales.size()},
                               bytes_of(q.absmax_scales.data(), q.absmax_scales.size())});
            tensors.push_back({p.name() + ".absmax_mean", "F32", {}, bytes_of(&q.absmax_mean, 1)});
        } else {
            peft::quant_layout per_channel;
            per_channel.granularity = peft::quant_granularity::per_channel;
            const peft::int8_absmax<float> q = peft::quantize_absmax<float>(w, per_channel);
            tensors.push_back({p.name() + ".int8", "I8", {O, I}, bytes_of(q.q.data(), q.q.size())});
            tensors.push_back({p.name() + ".scales", "F32", {O}, bytes_of(q.scales.data(), q.scales.size())});
        }
    }
    return safetensors_file(tensors, metadata(gpt.config, quantization));
}

/// Reads a quantised file back into a float GPT (the linear weights dequantised). Every entry is
/// checked against the layout: its dtype, its shape against the GPT's sizes, the block size; the
/// dequantisers check the codes against the scales. @throws io_error, shape_error, invalid_argument
tr::gpt_model<float> load_quantized(const std::string& bytes) {
    const char* fn = "load_quantized";
    const tr::safetensors_header header = tr::parse_safetensors_header(bytes);
    const auto meta = [&](const char* key) -> std::string {
        const auto it = header.metadata.find(key);
        if (it == header.metadata.end())
            throw llmlings::io_error(fn,
                                     std::string("the metadata has no '") + key + "': not a " + layout_name + " file");
        return it->second;
    };
    if (meta("layout") != layout_name)
        throw llmlings::io_error(fn, "layout '" + meta("layout") + "' is not " + layout_name);
    const std::string quantization = meta("quantization");
    if (quantization != "nf4" && quantization != "int8")
        throw llmlings::io_error(fn, "quantization '" + quantization + "' is neither nf4 nor int8");
    if (meta("nf4_block") != std::to_string(nf4_block))
        throw llmlings::io_error(
            fn, "nf4_block " + meta("nf4_block") + " is not the layout's " + std::to_string(nf4_block));
    tr::gpt_config c;
    const auto size = [&](const char* key) {
        const std::string v = meta(key);
        if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos)
            throw llmlings::io_error(fn, std::string("metadata '") + key + "' = '" + v + "' is not a size");
        return static_cast<std::size_t>(std::stoull(v));
    };
    c.vocab_size = size("vocab_size");
    c.block_size = size("block_size");
    c.layers = size("layers");
    c.heads = size("heads");
    c.channels = size("channels");
    std::map<std::string, const tr::safetensors_entry*> entries;
    for (const tr::safetensors_entry& e : header.tensors) entries[e.name] = &e;
    // The sizes must be the tensors' before anything is allocated for them: the parser has checked
    // the tensors against the file's length, so a metadata that claims a huge model is refused here.
    const auto has = [&](const std::string& name, const std::vector<std::size_t>& shape) {
        const auto it = entries.find(name);
        return it != entries.end() && it->second->shape == shape;
    };
    const std::string last = "blocks." + std::to_string(c.layers == 0 ? 0 : c.layers - 1) + ".ln1.weight";
    if (!has("wte.weight", {c.vocab_size, c.channels}) || !has("wpe.weight", {c.block_size, c.channels}) ||
        c.layers == 0 || !has(last, {c.channels}) ||
        entries.count("blocks." + std::to_string(c.layers) + ".ln1.weight"))
        throw llmlings::shape_error(fn, "the metadata's sizes (vocab_size " + std::to_string(c.vocab_size) +
                                            ", block_size " + std::to_string(c.block_size) + ", layers " +
                                            std::to_string(c.layers) + ", channels " + std::to_string(c.channels) +
                                            ") are not those of the file's tensors wte, wpe and blocks.*.ln1");
    tr::gpt_model<float> gpt = tr::make_gpt(llmlings::parameter_store<float>(), c);  // checks heads | channels
    const auto entry = [&](const std::string& name, const char* dtype,
                           const std::vector<std::size_t>& shape) -> const unsigned char* {
        const auto it = entries.find(name);
        if (it == entries.end()) throw llmlings::io_error(fn, "the file has no tensor '" + name + "'");
        const tr::safetensors_entry& e = *it->second;
        if (e.dtype != dtype || e.shape != shape)
            throw llmlings::shape_error(fn, "'" + name + "' is " + e.dtype + " " + llmlings::shape_str(e.shape) +
                                                ", the layout needs " + dtype + " " + llmlings::shape_str(shape));
        entries.erase(it);
        return reinterpret_cast<const unsigned char*>(bytes.data()) + header.data_start + e.begin;
    };
    const std::vector<std::string> linear = linear_weights(c.layers);
    for (const llmlings::parameter<float>& p : gpt.params) {
        const std::vector<std::size_t> shape = p.shape();
        if (std::find(linear.begin(), linear.end(), p.name()) == linear.end()) {
            std::memcpy(p.data(), entry(p.name(), "F32", shape), p.size() * sizeof(float));
            continue;
        }
        const std::size_t O = shape[0], I = shape[1];
        const auto out = p.value<2>();
        if (quantization == "nf4") {
            const std::size_t blocks = O * I / nf4_block, groups = (blocks + 255) / 256;
            peft::nf4_tensor<float> q;
            q.rows = O;
            q.cols = I;
            q.block = nf4_block;
            q.double_quantized = true;
            q.packed.resize(O * I / 2);
            std::memcpy(q.packed.data(), entry(p.name() + ".nf4", "U8", {O, I / 2}), q.packed.size());
            q.absmax_codes.resize(blocks);
            std::memcpy(q.absmax_codes.data(), entry(p.name() + ".absmax_codes", "I8", {blocks}), blocks);
            q.absmax_scales.resize(groups);
            std::memcpy(q.absmax_scales.data(), entry(p.name() + ".absmax_scales", "F32", {groups}),
                        groups * sizeof(float));
            std::memcpy(&q.absmax_mean, entry(p.name() + ".absmax_mean", "F32", {}), sizeof(float));
            peft::dequantize(q, out);
        } else {
            peft::int8_absmax<float> q;
            q.rows = O;
            q.cols = I;
            q.layout.granularity = peft::quant_granularity::per_channel;
            q.q.resize(O * I);
            std::memcpy(q.q.data(), entry(p.name() + ".int8", "I8", {O, I}), O * I);
            q.scales.resize(O);
            std::memcpy(q.scales.data(), entry(p.name() + ".scales", "F32", {O}), O * sizeof(float));
            peft::dequantize(q, out);
        }
    }
    if (!entries.empty())
        throw llmlings::io_error(fn,
                                 "the file has a tensor the layout does not know: '" + entries.begin()->first + "'");
    return gpt;
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw llmlings::io_error(program, "cannot open " + path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    if (!out) throw llmlings::io_error(program, "cannot write " + path);
}

/// `text` with `from` replaced by `to` once (same length, so the offsets stay valid); throws if absent.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    if (at == std::string::npos) throw llmlings::invalid_argument(program, "'" + from + "' is not in the file");
    return text.replace(at, from.size(), to);
}

int run(int argc, char** argv) {
    const auto start = std::chrono::steady_clock::now();
    std::filesystem::path out_dir = "build/projects-output";
    std::string base_path;
    bool quick = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--quick")
            quick = true;
        else if (arg == "--base" && i + 1 < argc)
            base_path = argv[++i];
        else if (!arg.empty() && arg[0] == '-')
            throw llmlings::invalid_argument(
                program,
                "unknown option '" + arg + "' (usage: project_quantized_gpt [OUTPUT_DIR] [--quick] [--base FILE])");
        else
            out_dir = arg;
    }
    std::filesystem::create_directories(out_dir);
    const bool draw = plot::available();
    std::cout << "The KJV char-GPT with NF4 and int8 weights: files, sizes, loss, samples (peft/04, 05)"
              << (quick ? "  [--quick: a small base]" : "") << "\n\n";
    const projects::corpus kjv = projects::make_corpus("KJV", llmlings::data::kjv_text(llmlings::data::load_kjv()));

    // 1. The base.
    if (base_path.empty()) base_path = (out_dir / "char_gpt.safetensors").string();
    if (quick) {
        tr::gpt_config small;
        small.block_size = 32;
        small.layers = 2;
        small.heads = 2;
        small.channels = 64;
        base_path = (out_dir / "quantized_quick_base.safetensors").string();
        std::cout << "base: a small GPT trained here on the KJV for 150 steps\n";
        projects::train_base(kjv, small, 150, base_path);
    } else if (!std::filesystem::exists(base_path)) {
        std::cout << "base: " << base_path
                  << " does not exist: training it with projects/char_gpt's recipe (3000 steps; `./llmlings project "
                     "char_gpt` trains it the same way)\n";
        projects::train_base(kjv, tr::gpt_config{}, 3000, base_path);
    }
    const tr::gpt_config config = projects::config_of(base_path);
    tr::gpt_model<float> base = tr::make_gpt(llmlings::parameter_store<float>(), config);
    tr::load_safetensors(base_path, base.params);
    std::size_t linear_numbers = 0;
    for (const std::string& name : linear_weights(config.layers)) linear_numbers += base.params.find(name).size();
    std::cout << format("base: %s, %zu numbers, %zu of them in the blocks' linear weights (quantised)\n\n",
                        base_path.c_str(), base.params.numel(), linear_numbers);

    // 2. The files; 3. read back, size, loss, sample.
    const std::string float_path = (out_dir / "quantized_gpt.f32.safetensors").string();
    tr::save_safetensors(float_path, base.params, metadata(config, "none"));
    const std::size_t windows = quick ? 32 : 512, T = config.block_size;
    struct row {
        std::string name;
        std::size_t bytes = 0;
        double loss = 0.0, seconds = 0.0;
        std::string sample;
    };
    std::vector<row> rows;
    const auto evaluate = [&](const std::string& name, const std::string& path, const tr::gpt_model<float>& model,
                              double load_seconds) {
        tr::gpt_workspace<float> ws;
        row r;
        r.name = name;
        r.bytes = std::filesystem::file_size(path);
        r.seconds = load_seconds;
        r.loss = projects::held_out_loss(
            [&](const tr::token_ids& ids) -> const llmlings::matrix_of<float>& {
                return tr::gpt_forward(model, ids, ws);
            },
            kjv, T, windows, 16);
        const std::string prompt = "And God said";
        tr::token_ids ids = tr::token_ids::from_shape({1, prompt.size()});
        for (std::size_t t = 0; t < prompt.size(); ++t) ids(0, t) = static_cast<unsigned char>(prompt[t]);
        tr::generate_options g;
        g.max_new_tokens = quick ? 60 : 200;
        g.sampling.temperature = 0.8;
        llmlings::rng gen(5);
        const tr::token_ids out = tr::generate(model, ids, g, gen);
        r.sample = prompt;
        for (std::size_t t = prompt.size(); t < out.shape()[1]; ++t) r.sample += static_cast<char>(out(0, t));
        rows.push_back(r);
    };
    evaluate("float32", float_path, base, 0.0);
    for (const std::string quantization : {"int8", "nf4"}) {
        const std::string path = (out_dir / ("quantized_gpt." + quantization + ".safetensors")).string();
        write_bytes(path, quantized_file(base, quantization));
        const auto t0 = std::chrono::steady_clock::now();
        const tr::gpt_model<float> loaded = load_quantized(read_bytes(path));
        evaluate(quantization == "nf4" ? "NF4 (double-quantised scales)" : "int8 (absmax per channel)", path, loaded,
                 seconds_since(t0));
    }
    std::cout
        << "| weights | file | bytes on disk | of float32 | bits per linear weight | KJV loss | Δ loss | load s |\n"
        << "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    const double other_bytes = static_cast<double>((base.params.numel() - linear_numbers) * 4);
    for (const row& r : rows) {
        const double linear_bits =
            8.0 * (static_cast<double>(r.bytes) - other_bytes) / static_cast<double>(linear_numbers);
        std::cout << format("| %s | %s | %zu | %.1f %% | %.2f | %.4f | %+.4f | %.3f |\n", r.name.c_str(),
                            r.name == "float32" ? "quantized_gpt.f32.safetensors"
                            : r.name[0] == 'N'  ? "quantized_gpt.nf4.safetensors"
                                                : "quantized_gpt.int8.safetensors",
                            r.bytes, 100.0 * static_cast<double>(r.bytes) / static_cast<double>(rows[0].bytes),
                            linear_bits, r.loss, r.loss - rows[0].loss, r.seconds);
    }
    std::cout << format(
        "\n(KJV held-out loss over %zu fixed windows of %zu bytes, nats per byte; bits per linear "
        "weight: the file less the float tensors, header included, over the %zu quantised numbers)\n",
        windows, T, linear_numbers);
    std::cout << "\nsamples (temperature 0.8, KV cache):\n";
    for (const row& r : rows) std::cout << "\n" << r.name << ":\n" << r.sample << "\n";

    // 4. Damaged files.
    std::cout << "\ndamaged copies of the NF4 file, each refused:\n";
    const std::string nf4 = read_bytes((out_dir / "quantized_gpt.nf4.safetensors").string());
    const std::string first = "blocks.0.attn.qkv.weight";
    const std::size_t C = config.channels;
    const std::vector<std::pair<std::string, std::string>> damaged = {
        {"the block size in the metadata is not the codes' (32 for 64)",
         replaced(nf4, "\"nf4_block\":\"64\"", "\"nf4_block\":\"32\"")},
        {"the packing disagrees with the shape (the header gives the codes 3C/2 x C/2 bytes, the data 3C x C/2)",
         replaced(nf4, "\"shape\":[" + std::to_string(3 * C) + "," + std::to_string(C / 2) + "]",
                  "\"shape\":[" + std::to_string(3 * C / 2) + "," + std::to_string(C / 2) + "]")},
        {"a scale tensor renamed (the layout misses it)",
         replaced(nf4, first + ".absmax_scales", first + ".absmax_scaleZ")},
        {"the file cut short", nf4.substr(0, nf4.size() - 100)},
        {"the metadata claims 9 blocks (the same length: the header parses)",
         replaced(nf4, "\"layers\":\"" + std::to_string(config.layers) + "\"", "\"layers\":\"9\"")},
    };
    std::size_t refused = 0;
    for (const auto& d : damaged) {
        try {
            load_quantized(d.second);
            std::cout << "  NOT REFUSED: " << d.first << "\n";
        } catch (const llmlings::error& e) {
            ++refused;
            std::cout << "  " << d.first << ":\n    " << e.what() << "\n";
        }
    }
    if (refused != damaged.size())
        throw llmlings::invalid_argument(program, "a damaged file was read without an error");

    // The sizes as a picture.
    llmlings::vector xs = xt::empty<double>({rows.size()}), ys = xs;
    for (std::size_t i = 0; i < rows.size(); ++i)
        xs(i) = static_cast<double>(i + 1), ys(i) = static_cast<double>(rows[i].bytes) / 1e6;
    plot::options o;
    o.run_gnuplot = draw;
    o.title = "the char-GPT on disk: float32, int8, NF4";
    o.xlabel = "1 float32, 2 int8, 3 NF4";
    o.ylabel = "MB";
    const std::string picture =
        plot::line_plot((out_dir / "quantized_gpt_sizes.png").string(), xs, {{"file size", ys}}, o);
    std::cout << "\n"
              << (draw ? "picture: " : "gnuplot script and data: ") << picture << "\n"
              << format("done in %.1f s\n", seconds_since(start));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return llmlings::projects::run_main(program, run, argc, argv);
}
