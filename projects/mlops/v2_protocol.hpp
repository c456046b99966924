// SPDX-License-Identifier: MIT
/**
 * @file
 * @brief The v2 inference protocol (the "Open Inference Protocol" that KServe, NVIDIA Triton and
 * Seldon MLServer share) for the capstone's image classifier: parsing and validating an infer
 * request, and writing the responses, as plain functions of strings (no network here, so the
 * parser can be tested and fuzzed on its own).
 *
 * Endpoints the server maps onto these (server.hpp):
 *
 *     GET  /v2/health/live                       200 while the process runs
 *     GET  /v2/health/ready                      200 when a model is loaded, 503 otherwise
 *     GET  /v2                                   server metadata
 *     GET  /v2/models/{name}[/versions/{v}]      model metadata: inputs, outputs, versions
 *     GET  /v2/models/{name}[/versions/{v}]/ready
 *     POST /v2/models/{name}[/versions/{v}]/infer
 *
 * An infer request, as the protocol writes it (the data flat in row-major order, or nested as the
 * shape):
 *
 *     {"id": "42",
 *      "inputs": [{"name": "image", "shape": [2, 1, 28, 28], "datatype": "FP32", "data": [0.0, …]}],
 *      "outputs": [{"name": "class"}]}
 *
 * and its response:
 *
 *     {"model_name": "fashion_cnn", "model_version": "3", "id": "42",
 *      "outputs": [{"name": "class", "shape": [2], "datatype": "INT64", "data": [9, 2]}]}
 *
 * Without "outputs" both outputs are returned: "logits" (FP32, [B, 10]) and "class" (INT64, [B]).
 * Every defect of a request is a protocol_error with an HTTP status (400 for a malformed or
 * invalid body, 404 for an unknown model or version) and a message; the server answers it as
 * the protocol's error object `{"error": "…"}`. Nothing in a request can make the parser do more
 * than a fixed amount of work per byte: nesting is bounded by the input's rank, sizes by the
 * batch limit, and the body by the server's payload limit.
 */
#ifndef LLMLINGS_PROJECTS_MLOPS_V2_PROTOCOL_HPP
#define LLMLINGS_PROJECTS_MLOPS_V2_PROTOCOL_HPP

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlops_service {

/// A request the server refuses: the HTTP status to answer with and why.
class protocol_error : public std::runtime_error {
public:
    protocol_error(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
    int status() const noexcept { return status_; }

private:
    int status_;
};

/// What a served model takes and returns (from its model card).
struct model_signature {
    std::string name;             ///< "fashion_cnn"
    std::string version;          ///< "3"
    std::string input = "image";  ///< the input tensor's name
    std::size_t height = 28, width = 28;
    std::vector<std::string> classes;  ///< one name per output logit
    std::size_t max_batch = 64;        ///< images per request at most
};

/// A validated infer request: B images of height × width pixels, as floats.
struct infer_request {
    std::string id;             ///< echoed in the response ("" when the request had none)
    std::size_t batch = 0;      ///< B
    std::vector<float> pixels;  ///< B × height × width, row-major
    bool want_logits = true;    ///< "logits" requested (or no "outputs" given)
    bool want_class = true;     ///< "class" requested (or no "outputs" given)
};

namespace detail {

using json = nlohmann::json;

/// The checks after the request is read, shared by the readers: the shape against the model,
/// the batch limit; returns B.
inline std::size_t check_shape(const std::vector<std::size_t>& shape, const std::string& shape_text,
                               const model_signature& sig) {
    const std::size_t pixels = sig.height * sig.width;
    const bool image_shape = shape.size() == 4 && shape[1] == 1 && shape[2] == sig.height && shape[3] == sig.width;
    const bool flat_shape = shape.size() == 2 && shape[1] == pixels;
    if (!image_shape && !flat_shape)
        throw protocol_error(400, "input shape " + shape_text + " does not fit [B, 1, " + std::to_string(sig.height) +
                                      ", " + std::to_string(sig.width) + "] or [B, " + std::to_string(pixels) + "]");
    if (shape[0] == 0 || shape[0] > sig.max_batch)
        throw protocol_error(
            400, "batch size " + std::to_string(shape[0]) + " is outside 1.." + std::to_string(sig.max_batch));
    return shape[0];
}

/**
 * A strict reader of one infer request, in one pass over the bytes: the JSON grammar of RFC 8259
 * (strings with their escapes and UTF-8 checked — by nlohmann-json where a string is more than
 * printable ASCII —, numbers as the grammar writes them, nothing after the value), nesting
 * bounded, and the input's data read straight into floats with std::from_chars (six times faster
 * than building nlohmann-json's tree of the body and walking it: bench/mlops_request.cpp). Every
 * defect is a protocol_error(400).
 */
class request_reader {
public:
    request_reader(std::string_view text, const model_signature& sig)
        : at_(text.data()), end_(text.data() + text.size()), sig_(sig) {}

    infer_request read() {
        infer_request r;
        bool have_inputs = false;
        if (end_ - at_ >= 3 && std::memcmp(at_, "\xEF\xBB\xBF", 3) == 0)
            at_ += 3;  // a UTF-8 byte order mark, as nlohmann-json
        ws();
        if (at_ == end_) fail("the body is not JSON: it is empty");
        if (*at_ != '{') fail("the body must be a JSON object");
        ++at_;
        std::string key;
        for (bool first = true; next_member(first, key); first = false) {
            if (key == "id") {
                if (peek() != '"') fail("\"id\" must be a string");
                r.id = string();
            } else if (key == "inputs") {
                if (have_inputs) fail("\"inputs\" appears twice");
                have_inputs = true;
                inputs(r);
            } else if (key == "outputs") {
                outputs(r);
            } else {
                skip(1);  // "parameters" and anything else
            }
        }
        ws();
        if (at_ != end_) fail("the body is not JSON: bytes after the object");
        if (!have_inputs) throw protocol_error(400, "the request has no \"inputs\"");
        return r;
    }

private:
    [[noreturn]] void fail(const std::string& message) const { throw protocol_error(400, message); }
    [[noreturn]] void syntax(const char* what) const {
        fail("the body is not JSON: " + std::string(what) + " at byte " + std::to_string(offset()));
    }
    std::size_t offset() const { return static_cast<std::size_t>(at_ - begin_); }

    void ws() {
        while (at_ != end_ && (*at_ == ' ' || *at_ == '\t' || *at_ == '\n' || *at_ == '\r')) ++at_;
    }
    char peek() {
        ws();
        if (at_ == end_) syntax("unexpected end");
        return *at_;
    }
    void expect(char c) {
        if (peek() != c) syntax((std::string("expected '") + c + "'").c_str());
        ++at_;
    }

    /// The next key of an object whose '{' is read: false after its '}'.
    bool next_member(bool first, std::string& key) {
        if (peek() == '}') {
            ++at_;
            return false;
        }
        if (!first) {
            expect(',');
        }
        if (peek() != '"') syntax("expected a key");
        key = string();
        expect(':');
        ws();
        return true;
    }

    /// The next item of an array whose '[' is read: false after its ']'.
    bool next_item(bool first) {
        if (peek() == ']') {
            ++at_;
            return false;
        }
        if (!first) expect(',');
        ws();
        return true;
    }

    /// A string value (at its '"'). Its end is found here; a string of printable ASCII without
    /// escapes (every key and value a request needs) is taken as it is, any other is decoded and
    /// checked (escapes, surrogate pairs, well-formed UTF-8, no control characters) by nlohmann-json.
    std::string string() {
        const char* first = at_++;
        bool plain = true;
        for (;;) {
            if (at_ == end_) syntax("an unterminated string");
            const unsigned char c = static_cast<unsigned char>(*at_);
            if (c == '"') break;
            if (c < 0x20 || c >= 0x80) plain = false;
            if (c == '\\') {
                plain = false;
                if (++at_ == end_) syntax("an unterminated string");
            }
            ++at_;
        }
        ++at_;
        if (plain) return std::string(first + 1, at_ - 1);
        try {
            return json::parse(first, at_).get<std::string>();
        } catch (const json::parse_error& e) {
            // "… parse error at line 1, column 4: syntax error while parsing value - invalid string:
            // surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF; last read: '…'"
            std::string why = e.what();
            const std::size_t from = why.find("invalid string: "), to = why.find("; last read");
            why = from == std::string::npos || to == std::string::npos || to < from
                      ? "a bad string"
                      : "a bad string (" + why.substr(from + 16, to - from - 16) + ")";
            at_ = first + (e.byte > 0 ? e.byte - 1 : 0);
            syntax(why.c_str());
        }
    }

    /// The extent of a number as JSON writes it, or a syntax error; `integer` when it has no
    /// fraction, no exponent and no sign.
    const char* number_end(bool& integer) {
        const char* p = at_;
        integer = true;
        if (p != end_ && *p == '-') {
            ++p;
            integer = false;
        }
        if (p == end_ || *p < '0' || *p > '9') syntax("a bad number");
        if (*p == '0') {
            ++p;
        } else {
            while (p != end_ && *p >= '0' && *p <= '9') ++p;
        }
        if (p != end_ && *p == '.') {
            ++p;
            integer = false;
            if (p == end_ || *p < '0' || *p > '9') syntax("a bad number");
            while (p != end_ && *p >= '0' && *p <= '9') ++p;
        }
        if (p != end_ && (*p == 'e' || *p == 'E')) {
            ++p;
            integer = false;
            if (p != end_ && (*p == '+' || *p == '-')) ++p;
            if (p == end_ || *p < '0' || *p > '9') syntax("a bad number");
            while (p != end_ && *p >= '0' && *p <= '9') ++p;
        }
        return p;
    }

    /// Skips any value (for keys the request may carry and this server ignores).
    void skip(int depth) {
        if (depth > 64) fail("the body nests deeper than 64 levels");
        const char c = peek();
        if (c == '{') {
            ++at_;
            std::string key;
            for (bool first = true; next_member(first, key); first = false) skip(depth + 1);
        } else if (c == '[') {
            ++at_;
            for (bool first = true; next_item(first); first = false) skip(depth + 1);
        } else if (c == '"') {
            string();
        } else if (c == 't' || c == 'f' || c == 'n') {
            for (const char* word : {"true", "false", "null"}) {
                const std::size_t n = std::strlen(word);
                if (static_cast<std::size_t>(end_ - at_) >= n && std::memcmp(at_, word, n) == 0) {
                    at_ += n;
                    return;
                }
            }
            syntax("an invalid literal");
        } else {
            bool integer = false;
            at_ = number_end(integer);
        }
    }

    /// The element name of a non-number in the data, as the DOM reader words it.
    const char* kind_at() {
        const char c = peek();
        return c == '"' ? "string" : c == '{' ? "object" : c == '[' ? "array" : c == 'n' ? "null" : "boolean";
    }

    void inputs(infer_request& r) {
        if (peek() != '[') fail("\"inputs\" must be an array of one tensor, \"" + sig_.input + "\"");
        ++at_;
        std::size_t count = 0;
        for (bool first = true; next_item(first); first = false) {
            if (++count > 1) fail("\"inputs\" must be an array of one tensor, \"" + sig_.input + "\"");
            input(r);
        }
        if (count == 0) fail("\"inputs\" must be an array of one tensor, \"" + sig_.input + "\"");
    }

    void input(infer_request& r) {
        if (peek() != '{') fail("an input must be a JSON object");
        ++at_;
        bool have_name = false, have_datatype = false, have_shape = false, have_data = false;
        std::vector<std::size_t> shape;
        std::string shape_text;
        std::string key;
        for (bool first = true; next_member(first, key); first = false) {
            if (key == "name") {
                have_name = true;
                const bool is_string = peek() == '"';
                const char* start = at_;
                if (!is_string || string() != sig_.input) {
                    if (!is_string) skip(1);
                    throw protocol_error(400, "unknown input " + std::string(start, at_) +
                                                  "; this model's input is \"" + sig_.input + "\"");
                }
            } else if (key == "datatype") {
                have_datatype = true;
                const bool is_string = peek() == '"';
                const char* start = at_;
                if (!is_string || string() != "FP32") {
                    if (!is_string) skip(1);
                    throw protocol_error(
                        400, "input datatype " + std::string(start, at_) + " is not supported; expected \"FP32\"");
                }
            } else if (key == "shape") {
                have_shape = true;
                const char* start = at_;
                if (peek() != '[') fail("input shape must be [B, 1, H, W] or [B, H*W]");
                ++at_;
                bool sizes_ok = true;
                for (bool first_item = true; next_item(first_item); first_item = false) {
                    bool integer = false;
                    if (peek() == '-' || (*at_ >= '0' && *at_ <= '9')) {
                        const char* stop = number_end(integer);
                        std::size_t v = 0;
                        const auto res = std::from_chars(at_, stop, v);
                        if (!integer || res.ec != std::errc() || res.ptr != stop) sizes_ok = false;
                        shape.push_back(v);
                        at_ = stop;
                    } else {
                        skip(1);
                        sizes_ok = false;
                    }
                }
                shape_text = compact(start, at_);
                if (shape.size() != 4 && shape.size() != 2) fail("input shape must be [B, 1, H, W] or [B, H*W]");
                if (!sizes_ok) fail("input shape " + shape_text + " must hold non-negative integers");
            } else if (key == "data") {
                have_data = true;
                data(r.pixels);
            } else {
                skip(1);
            }
        }
        if (!have_name) fail("the input has no \"name\"");
        if (!have_datatype) fail("the input has no \"datatype\"");
        if (!have_shape) fail("the input has no \"shape\"");
        r.batch = check_shape(shape, shape_text, sig_);
        if (!have_data) fail("the input has no \"data\"");
        check_nesting(shape, shape_text, r);
    }

    /// The shape's text without whitespace, as the messages quote it.
    static std::string compact(const char* first, const char* last) {
        std::string out;
        for (const char* p = first; p != last; ++p)
            if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') out += *p;
        return out;
    }

    /// Reads the data array, flat or nested: the numbers into out, each array's depth and length
    /// into arrays_ (checked against the shape once it is known), at most max_batch images.
    void data(std::vector<float>& out) {
        if (peek() != '[') fail("input data must be an array");
        const std::size_t limit = sig_.max_batch * sig_.height * sig_.width;
        out.clear();
        arrays_.clear();
        leaf_depth_ = 0;
        array(out, 1, limit);
    }

    void array(std::vector<float>& out, std::size_t depth, std::size_t limit) {
        if (depth > 4) fail("input data is nested deeper than its shape");
        ++at_;  // '['
        std::size_t length = 0;
        for (bool first = true; next_item(first); first = false) {
            ++length;
            const char c = *at_;
            if (c == '[') {
                array(out, depth + 1, limit);
                continue;
            }
            if (c != '-' && (c < '0' || c > '9'))
                fail("input data element " + std::to_string(out.size()) + " is " + kind_at() + ", expected a number");
            if (leaf_depth_ == 0) leaf_depth_ = depth;
            if (leaf_depth_ != depth) fail("input data mixes numbers and arrays at different depths");
            if (out.size() == limit)
                fail("input data holds more than " + std::to_string(limit) + " values (" +
                     std::to_string(sig_.max_batch) + " images)");
            bool integer = false;
            const char* stop = number_end(integer);
            double v = 0.0;
            const auto res = std::from_chars(at_, stop, v);
            if (res.ptr != stop || (res.ec != std::errc() && res.ec != std::errc::result_out_of_range))
                syntax("a bad number");
            if (res.ec == std::errc::result_out_of_range) {
                // from_chars reports underflow too: a value that small is 0 in FP32 as well
                const double magnitude = std::strtod(std::string(at_, stop).c_str(), nullptr);
                if (std::fabs(magnitude) > 1.0)
                    fail("input data element " + std::to_string(out.size()) + " is outside the FP32 range");
                v = 0.0;
            }
            if (std::fabs(v) > static_cast<double>(std::numeric_limits<float>::max()))
                fail("input data element " + std::to_string(out.size()) + " is outside the FP32 range");
            out.push_back(static_cast<float>(v));
            at_ = stop;
        }
        arrays_.emplace_back(depth, length);
    }

    /// Flat data: one array of B·H·W numbers. Nested data: exactly the shape, numbers at its last axis.
    void check_nesting(const std::vector<std::size_t>& shape, const std::string& shape_text, const infer_request& r) {
        const std::size_t needed = r.batch * sig_.height * sig_.width;
        const bool flat = arrays_.size() == 1 && (leaf_depth_ == 1 || leaf_depth_ == 0);
        if (flat) {
            if (r.pixels.size() != needed)
                fail("input data has " + std::to_string(r.pixels.size()) + " values; shape " + shape_text + " needs " +
                     std::to_string(needed));
            return;
        }
        if (leaf_depth_ != shape.size())
            fail("input data is nested " + std::to_string(leaf_depth_) + " deep; shape " + shape_text + " has " +
                 std::to_string(shape.size()) + " axes");
        for (const auto& [depth, length] : arrays_)
            if (length != shape[depth - 1])
                fail("input data has " + std::to_string(length) + " elements along axis " + std::to_string(depth - 1) +
                     ", the shape says " + std::to_string(shape[depth - 1]));
        if (r.pixels.size() != needed)
            fail("input data has " + std::to_string(r.pixels.size()) + " values; shape " + shape_text + " needs " +
                 std::to_string(needed));
    }

    void outputs(infer_request& r) {
        if (peek() != '[') fail("\"outputs\" must be a non-empty array of {\"name\": …}");
        ++at_;
        r.want_logits = r.want_class = false;
        std::size_t count = 0;
        for (bool first = true; next_item(first); first = false) {
            ++count;
            if (peek() != '{') fail("each requested output must be {\"name\": \"logits\" or \"class\"}");
            ++at_;
            bool named = false;
            std::string key;
            for (bool first_key = true; next_member(first_key, key); first_key = false) {
                if (key != "name") {
                    skip(1);
                    continue;
                }
                if (peek() != '"') fail("each requested output must be {\"name\": \"logits\" or \"class\"}");
                named = true;
                const std::string name = string();
                if (name == "logits")
                    r.want_logits = true;
                else if (name == "class")
                    r.want_class = true;
                else
                    fail("unknown output " + json(name).dump(-1, ' ', false, json::error_handler_t::replace) +
                         "; this model returns \"logits\" and \"class\"");
            }
            if (!named) fail("each requested output must be {\"name\": \"logits\" or \"class\"}");
        }
        if (count == 0) fail("\"outputs\" must be a non-empty array of {\"name\": …}");
    }

    const char* at_;
    const char* end_;
    const char* begin_ = at_;
    const model_signature& sig_;
    std::vector<std::pair<std::size_t, std::size_t>> arrays_;  // (depth, length) of each data array
    std::size_t leaf_depth_ = 0;                               // the depth the numbers are at
};

}  // namespace detail

/**
 * Parses and validates the body of `POST /v2/models/{name}/infer` for a model of signature `sig`:
 * one input named sig.input, datatype "FP32", shape [B, 1, H, W] or [B, H·W] with 1 ≤ B ≤
 * sig.max_batch, data flat (B·H·W numbers) or nested as the shape, every value a finite FP32;
 * "outputs", when present, names only "logits" and "class"; "id", when present, is a string;
 * other keys ("parameters") are read and ignored. Throws protocol_error(400, …) for anything
 * else, including a body that is not JSON (detail::request_reader).
 */
inline infer_request parse_infer_request(std::string_view body, const model_signature& sig) {
    return detail::request_reader(body, sig).read();
}

/// The infer response for a request and its logits (B × classes, row-major).
inline std::string infer_response(const model_signature& sig, const infer_request& r, const float* logits) {
    using detail::json;
    const std::size_t classes = sig.classes.size();
    json out;
    out["model_name"] = sig.name;
    out["model_version"] = sig.version;
    if (!r.id.empty()) out["id"] = r.id;
    out["outputs"] = json::array();
    if (r.want_logits) {
        json data = json::array();
        for (std::size_t k = 0; k < r.batch * classes; ++k) data.push_back(logits[k]);
        out["outputs"].push_back(
            {{"name", "logits"}, {"shape", {r.batch, classes}}, {"datatype", "FP32"}, {"data", data}});
    }
    if (r.want_class) {
        json data = json::array();
        for (std::size_t b = 0; b < r.batch; ++b) {
            const float* row = logits + b * classes;
            std::size_t best = 0;
            for (std::size_t k = 1; k < classes; ++k)
                if (row[k] > row[best]) best = k;
            data.push_back(static_cast<std::int64_t>(best));
        }
        out["outputs"].push_back({{"name", "class"}, {"shape", {r.batch}}, {"datatype", "INT64"}, {"data", data}});
    }
    return out.dump();
}

/// The protocol's error object.
inline std::string error_body(const std::string& message) {
    return detail::json{{"error", message}}.dump(-1, ' ', false, detail::json::error_handler_t::replace);
}

/// `GET /v2/models/{name}`: the model's metadata.
inline std::string model_metadata(const model_signature& sig) {
    using detail::json;
    json out;
    out["name"] = sig.name;
    out["versions"] = {sig.version};
    out["platform"] = "llmlings";
    out["inputs"] = json::array({{{"name", sig.input},
                                  {"datatype", "FP32"},
                                  {"shape", {-1, 1, static_cast<long>(sig.height), static_cast<long>(sig.width)}}}});
    out["outputs"] =
        json::array({{{"name", "logits"}, {"datatype", "FP32"}, {"shape", {-1, static_cast<long>(sig.classes.size())}}},
                     {{"name", "class"}, {"datatype", "INT64"}, {"shape", {-1}}}});
    out["parameters"] = {{"classes", sig.classes}, {"max_batch_size", sig.max_batch}};
    return out.dump();
}

/// `GET /v2`: the server's metadata.
inline std::string server_metadata(const std::string& version) {
    return detail::json{{"name", "llmlings"}, {"version", version}, {"extensions", detail::json::array()}}.dump();
}

}  // namespace mlops_service

#endif  // LLMLINGS_PROJECTS_MLOPS_V2_PROTOCOL_HPP
