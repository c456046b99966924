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

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
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

inline const json& member(const json& object, const char* key, const char* where) {
    const auto it = object.find(key);
    if (it == object.end()) throw protocol_error(400, std::string(where) + " has no \"" + key + "\"");
    return *it;
}

/// A JSON number as a finite float, or a protocol_error naming the element.
inline float pixel_of(const json& v, std::size_t index) {
    if (!v.is_number())
        throw protocol_error(
            400, "input data element " + std::to_string(index) + " is " + v.type_name() + ", expected a number");
    const double d = v.get<double>();
    if (!std::isfinite(d) || std::fabs(d) > static_cast<double>(std::numeric_limits<float>::max()))
        throw protocol_error(400, "input data element " + std::to_string(index) + " is outside the FP32 range");
    return static_cast<float>(d);
}

/// Appends the elements of `data`, nested exactly as `shape` from `axis` on, or flat.
inline void flatten(const json& data, const std::vector<std::size_t>& shape, std::size_t axis,
                    std::vector<float>& out) {
    if (!data.is_array()) throw protocol_error(400, "input data must be an array");
    if (axis == shape.size()) throw protocol_error(400, "input data is nested deeper than its shape");
    if (data.size() != shape[axis])
        throw protocol_error(400, "input data has " + std::to_string(data.size()) + " elements along axis " +
                                      std::to_string(axis) + ", the shape says " + std::to_string(shape[axis]));
    for (const json& v : data) {
        if (axis + 1 < shape.size()) {
            flatten(v, shape, axis + 1, out);
        } else {
            out.push_back(pixel_of(v, out.size()));
        }
    }
}

}  // namespace detail

/**
 * Parses and validates the body of `POST /v2/models/{name}/infer` for a model of signature `sig`:
 * one input named sig.input, datatype "FP32", shape [B, 1, H, W] or [B, H·W] with 1 ≤ B ≤
 * sig.max_batch, data flat (B·H·W numbers) or nested as the shape, every value a finite FP32;
 * "outputs", when present, names only "logits" and "class"; "id", when present, is a string.
 * Throws protocol_error(400, …) for anything else, including a body that is not JSON.
 */
inline infer_request parse_infer_request(std::string_view body, const model_signature& sig) {
    using detail::json;
    json doc;
    try {
        doc = json::parse(body.begin(), body.end());
    } catch (const json::exception& e) {
        throw protocol_error(400, std::string("the body is not JSON: ") + e.what());
    }
    if (!doc.is_object()) throw protocol_error(400, "the body must be a JSON object");
    infer_request r;
    if (const auto id = doc.find("id"); id != doc.end()) {
        if (!id->is_string()) throw protocol_error(400, "\"id\" must be a string");
        r.id = id->get<std::string>();
    }
    const json& inputs = detail::member(doc, "inputs", "the request");
    if (!inputs.is_array() || inputs.size() != 1)
        throw protocol_error(400, "\"inputs\" must be an array of one tensor, \"" + sig.input + "\"");
    const json& input = inputs[0];
    if (!input.is_object()) throw protocol_error(400, "an input must be a JSON object");
    const json& name = detail::member(input, "name", "the input");
    if (!name.is_string() || name.get<std::string>() != sig.input)
        throw protocol_error(400, "unknown input " + name.dump() + "; this model's input is \"" + sig.input + "\"");
    const json& datatype = detail::member(input, "datatype", "the input");
    if (!datatype.is_string() || datatype.get<std::string>() != "FP32")
        throw protocol_error(400, "input datatype " + datatype.dump() + " is not supported; expected \"FP32\"");
    const json& shape_json = detail::member(input, "shape", "the input");
    if (!shape_json.is_array() || (shape_json.size() != 4 && shape_json.size() != 2))
        throw protocol_error(400, "input shape must be [B, 1, H, W] or [B, H*W]");
    std::vector<std::size_t> shape;
    for (const json& d : shape_json) {
        if (!d.is_number_integer() || d.get<std::int64_t>() < 0)
            throw protocol_error(400, "input shape " + shape_json.dump() + " must hold non-negative integers");
        shape.push_back(static_cast<std::size_t>(d.get<std::int64_t>()));
    }
    const std::size_t pixels = sig.height * sig.width;
    const bool image_shape = shape.size() == 4 && shape[1] == 1 && shape[2] == sig.height && shape[3] == sig.width;
    const bool flat_shape = shape.size() == 2 && shape[1] == pixels;
    if (!image_shape && !flat_shape)
        throw protocol_error(400, "input shape " + shape_json.dump() + " does not fit [B, 1, " +
                                      std::to_string(sig.height) + ", " + std::to_string(sig.width) + "] or [B, " +
                                      std::to_string(pixels) + "]");
    if (shape[0] == 0 || shape[0] > sig.max_batch)
        throw protocol_error(
            400, "batch size " + std::to_string(shape[0]) + " is outside 1.." + std::to_string(sig.max_batch));
    r.batch = shape[0];
    const json& data = detail::member(input, "data", "the input");
    if (!data.is_array()) throw protocol_error(400, "input data must be an array");
    r.pixels.reserve(r.batch * pixels);
    if (!data.empty() && data[0].is_array()) {
        detail::flatten(data, shape, 0, r.pixels);  // nested as the shape
    } else {
        if (data.size() != r.batch * pixels)
            throw protocol_error(400, "input data has " + std::to_string(data.size()) + " values; shape " +
                                          shape_json.dump() + " needs " + std::to_string(r.batch * pixels));
        for (const json& v : data) r.pixels.push_back(detail::pixel_of(v, r.pixels.size()));
    }
    if (const auto outputs = doc.find("outputs"); outputs != doc.end()) {
        if (!outputs->is_array() || outputs->empty())
            throw protocol_error(400, "\"outputs\" must be a non-empty array of {\"name\": …}");
        r.want_logits = r.want_class = false;
        for (const json& o : *outputs) {
            const auto n = o.is_object() ? o.find("name") : o.end();
            if (!o.is_object() || n == o.end() || !n->is_string())
                throw protocol_error(400, "each requested output must be {\"name\": \"logits\" or \"class\"}");
            if (*n == "logits")
                r.want_logits = true;
            else if (*n == "class")
                r.want_class = true;
            else
                throw protocol_error(400,
                                     "unknown output " + n->dump() + "; this model returns \"logits\" and \"class\"");
        }
    }
    return r;
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
