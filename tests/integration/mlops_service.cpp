// SPDX-License-Identifier: MIT
// Tests of the MLOps capstone's pieces that need no network (projects/mlops): the v2 inference
// protocol's request parser and responses, fuzzed (every truncation and thousands of seeded byte
// mutations of valid requests must either parse or be refused with a protocol_error carrying a
// 4xx status; the sanitize build runs this under ASan and UBSan), and the file-based registry
// (numbered versions never overwritten, stages replayed from the event log through mlops/04's
// rules, one version in Production, damaged artifacts refused).
#include <llmlings/testing.hpp>

#include <unistd.h>

#include <cmath>
#include <limits>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <llmlings/core/random.hpp>

#include "../../projects/mlops/registry.hpp"
#include "../../projects/mlops/v2_protocol.hpp"

using namespace mlops_service;
using llmlings::testing::contains;

namespace {

model_signature signature() {
    model_signature s;
    s.name = "fashion_cnn";
    s.version = "3";
    s.classes = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                 "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    s.max_batch = 4;
    return s;
}

/// A valid request for `batch` images whose pixel k of image b is (b * 784 + k) % 256 / 255.
std::string request(std::size_t batch, bool nested, const std::string& extra = "") {
    std::string data = "[";
    for (std::size_t b = 0; b < batch; ++b) {
        if (nested) data += (b ? ",[[" : "[[");
        for (std::size_t row = 0; row < 28; ++row) {
            if (nested) data += row ? ",[" : "[";
            for (std::size_t col = 0; col < 28; ++col) {
                const std::size_t k = b * 784 + row * 28 + col;
                if (!nested && k > 0) data += ",";
                if (nested && col > 0) data += ",";
                data += std::to_string(static_cast<double>(k % 256) / 255.0);
            }
            if (nested) data += "]";
        }
        if (nested) data += "]]";
    }
    data += "]";
    const std::string shape =
        nested ? "[" + std::to_string(batch) + ",1,28,28]" : "[" + std::to_string(batch) + ",784]";
    return R"({"id":"r1","inputs":[{"name":"image","shape":)" + shape + R"(,"datatype":"FP32","data":)" + data + "}]" +
           extra + "}";
}

int status_of(const std::string& body) {
    try {
        parse_infer_request(body, signature());
        return 200;
    } catch (const protocol_error& e) {
        return e.status();
    }
}

std::string message_of(const std::string& body) {
    try {
        parse_infer_request(body, signature());
        return "";
    } catch (const protocol_error& e) {
        return e.what();
    }
}

fs::path fresh_directory(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("llmlings-mlops-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

version_record record(const std::string& weights) {
    version_record r;
    r.model = "fashion_cnn";
    r.params = {{"seed", 1}};
    r.metrics = {{"accuracy", 0.9}};
    r.data = "sha256:" + std::string(64, '0');
    r.code = "test";
    r.weights = weights;
    r.card = weights;
    r.predictions = weights;
    return r;
}

// The reference the fast reader is compared with: the first version of the parser, which builds
// nlohmann-json's tree and walks it (kept here as the test's oracle).
namespace dom {

using json = nlohmann::json;

const json& member(const json& object, const char* key, const char* where) {
    const auto it = object.find(key);
    if (it == object.end()) throw protocol_error(400, std::string(where) + " has no \"" + key + "\"");
    return *it;
}

float pixel_of(const json& v, std::size_t index) {
    if (!v.is_number()) throw protocol_error(400, "input data element " + std::to_string(index) + " is not a number");
    const double d = v.get<double>();
    if (!std::isfinite(d) || std::fabs(d) > static_cast<double>(std::numeric_limits<float>::max()))
        throw protocol_error(400, "input data element " + std::to_string(index) + " is outside the FP32 range");
    return static_cast<float>(d);
}

void flatten(const json& data, const std::vector<std::size_t>& shape, std::size_t axis, std::vector<float>& out) {
    if (!data.is_array()) throw protocol_error(400, "input data must be an array");
    if (axis == shape.size()) throw protocol_error(400, "input data is nested deeper than its shape");
    if (data.size() != shape[axis]) throw protocol_error(400, "input data has the wrong length along an axis");
    for (const json& v : data) {
        if (axis + 1 < shape.size())
            flatten(v, shape, axis + 1, out);
        else
            out.push_back(pixel_of(v, out.size()));
    }
}

infer_request parse(std::string_view body, const model_signature& sig) {
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
    const json& inputs = member(doc, "inputs", "the request");
    if (!inputs.is_array() || inputs.size() != 1)
        throw protocol_error(400, "\"inputs\" must be an array of one tensor, \"" + sig.input + "\"");
    const json& input = inputs[0];
    if (!input.is_object()) throw protocol_error(400, "an input must be a JSON object");
    const json& name = member(input, "name", "the input");
    if (!name.is_string() || name.get<std::string>() != sig.input)
        throw protocol_error(400, "unknown input " + name.dump() + "; this model's input is \"" + sig.input + "\"");
    const json& datatype = member(input, "datatype", "the input");
    if (!datatype.is_string() || datatype.get<std::string>() != "FP32")
        throw protocol_error(400, "input datatype " + datatype.dump() + " is not supported; expected \"FP32\"");
    const json& shape_json = member(input, "shape", "the input");
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
    const json& data = member(input, "data", "the input");
    if (!data.is_array()) throw protocol_error(400, "input data must be an array");
    r.pixels.reserve(r.batch * pixels);
    if (!data.empty() && data[0].is_array()) {
        flatten(data, shape, 0, r.pixels);  // nested as the shape
    } else {
        if (data.size() != r.batch * pixels)
            throw protocol_error(400, "input data has " + std::to_string(data.size()) + " values; shape " +
                                          shape_json.dump() + " needs " + std::to_string(r.batch * pixels));
        for (const json& v : data) r.pixels.push_back(pixel_of(v, r.pixels.size()));
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

}  // namespace dom

}  // namespace

TEST_CASE("a v2 infer request parses flat or nested and keeps the pixels in row-major order", "[integration][mlops]") {
    for (bool nested : {false, true}) {
        const infer_request r = parse_infer_request(request(2, nested), signature());
        CHECK(r.id == "r1");
        CHECK(r.batch == 2);
        REQUIRE(r.pixels.size() == 2 * 784);
        for (std::size_t k = 0; k < r.pixels.size(); k += 97)
            CHECK(std::fabs(r.pixels[k] - static_cast<double>(k % 256) / 255.0) < 1e-6);  // 6 decimals written
        CHECK(r.want_logits);
        CHECK(r.want_class);
    }
    const infer_request only_class =
        parse_infer_request(request(1, false, R"(,"outputs":[{"name":"class"}])"), signature());
    CHECK_FALSE(only_class.want_logits);
    CHECK(only_class.want_class);
}

TEST_CASE("the fast reader and the tree-walking reference read varied requests alike", "[integration][mlops]") {
    std::string pixels = "[";
    for (int k = 0; k < 784; ++k)
        pixels += (k ? "," : "") + std::string(k % 3 == 0 ? "1e-2" : k % 3 == 1 ? "-0.5E+0" : "7");
    pixels += "]";
    const std::vector<std::string> bodies = {
        "\xEF\xBB\xBF {\"parameters\": {\"a\": [1, {\"b\": null}], \"c\": true}, \"outputs\": [{\"name\": \"logits\", "
        "\"parameters\": {}}], \"inputs\": [ {\"data\": " +
            pixels +
            ", \"shape\": [1, 784], \"parameters\": {\"x\": \"y\"}, \"datatype\": \"FP32\", \"name\": \"image\"} ], "
            "\"id\": \"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\n\"}\r\n",
        request(3, true, R"(,"outputs":[{"name":"class"},{"name":"logits"}])"),
        request(4, false),
    };
    for (const std::string& body : bodies) {
        const infer_request r = parse_infer_request(body, signature());
        const infer_request d = dom::parse(body, signature());
        CHECK(r.id == d.id);
        CHECK(r.batch == d.batch);
        CHECK(r.pixels == d.pixels);
        CHECK(r.want_logits == d.want_logits);
        CHECK(r.want_class == d.want_class);
    }
    CHECK(parse_infer_request(bodies[0], signature()).id == "caf\xC3\xA9 \xF0\x9F\x98\x80 \"q\" \n");
    CHECK_THAT(message_of("{\"id\": \"\\ud800\", \"inputs\": []}"), contains("surrogate"));
    CHECK_THAT(message_of("{\"id\": \"\xC0\xAF\", \"inputs\": []}"), contains("UTF-8"));
    CHECK_THAT(message_of(request(1, false) + "x"), contains("after the object"));
    CHECK_THAT(message_of(R"({"inputs":[{"name":"image","shape":[1,784],"datatype":"FP32","data":[01]}]})"),
               contains("not JSON"));
}

TEST_CASE("the infer response carries logits and the argmax class as the protocol's tensors", "[integration][mlops]") {
    const infer_request r = parse_infer_request(request(2, false), signature());
    std::vector<float> logits(20, 0.0f);
    logits[7] = 3.0f;       // image 0: Sneaker
    logits[10 + 9] = 1.0f;  // image 1: Ankle boot
    const nlohmann::json j = nlohmann::json::parse(infer_response(signature(), r, logits.data()));
    CHECK(j.at("model_name") == "fashion_cnn");
    CHECK(j.at("model_version") == "3");
    CHECK(j.at("id") == "r1");
    REQUIRE(j.at("outputs").size() == 2);
    CHECK(j.at("outputs")[0].at("name") == "logits");
    CHECK(j.at("outputs")[0].at("shape") == nlohmann::json({2, 10}));
    CHECK(j.at("outputs")[0].at("data").size() == 20);
    CHECK(j.at("outputs")[1].at("datatype") == "INT64");
    CHECK(j.at("outputs")[1].at("data") == nlohmann::json({7, 9}));
    const nlohmann::json meta = nlohmann::json::parse(model_metadata(signature()));
    CHECK(meta.at("inputs")[0].at("shape") == nlohmann::json({-1, 1, 28, 28}));
    CHECK(nlohmann::json::parse(error_body("bad \xff byte")).at("error").get<std::string>().find("bad") == 0);
}

TEST_CASE("malformed or invalid infer requests are refused with 400 and a reason", "[integration][mlops]") {
    CHECK(status_of("") == 400);
    CHECK_THAT(message_of("{\"inputs\": ["), contains("not JSON"));
    CHECK_THAT(message_of("[]"), contains("JSON object"));
    CHECK_THAT(message_of("{}"), contains("no \"inputs\""));
    CHECK_THAT(message_of(R"({"inputs":[]})"), contains("array of one tensor"));
    CHECK_THAT(message_of(R"({"id":7,"inputs":[]})"), contains("\"id\" must be a string"));
    CHECK_THAT(message_of(R"({"inputs":[{"name":"pixels","shape":[1,784],"datatype":"FP32","data":[]}]})"),
               contains("unknown input"));
    CHECK_THAT(message_of(R"({"inputs":[{"name":"image","shape":[1,784],"datatype":"INT8","data":[]}]})"),
               contains("not supported"));
    CHECK_THAT(message_of(R"({"inputs":[{"name":"image","shape":[1,3,28,28],"datatype":"FP32","data":[]}]})"),
               contains("does not fit"));
    CHECK_THAT(message_of(R"({"inputs":[{"name":"image","shape":[-1,784],"datatype":"FP32","data":[]}]})"),
               contains("non-negative"));
    CHECK_THAT(message_of(R"({"inputs":[{"name":"image","shape":[5,784],"datatype":"FP32","data":[]}]})"),
               contains("batch size 5 is outside 1..4"));
    CHECK_THAT(message_of(R"({"inputs":[{"name":"image","shape":[0,784],"datatype":"FP32","data":[]}]})"),
               contains("batch size 0"));
    CHECK_THAT(message_of(R"({"inputs":[{"name":"image","shape":[1,784],"datatype":"FP32","data":[0.5]}]})"),
               contains("has 1 values"));
    std::string nan = request(1, false);
    nan.replace(nan.find("\"data\":[") + 8, 8, "\"NaN\"");  // the first value, "0.000000"
    CHECK(status_of(nan) == 400);
    std::string huge = request(1, false);
    huge.replace(huge.find("\"data\":[") + 8, 8, "1e39");  // beyond FP32
    CHECK_THAT(message_of(huge), contains("FP32 range"));
    CHECK_THAT(message_of(request(1, false, R"(,"outputs":[{"name":"probabilities"}])")), contains("unknown output"));
    CHECK_THAT(message_of(request(1, false, R"(,"outputs":[])")), contains("non-empty"));
    std::string deep = request(1, true);
    deep.replace(deep.find("\"data\":[") + 8, 0, "[");
    deep.insert(deep.rfind("]}]"), "]");
    CHECK(status_of(deep) == 400);
}

TEST_CASE("fuzzed infer requests either parse or are refused with a 4xx status", "[integration][mlops]") {
    const std::vector<std::string> seeds = {request(1, false), request(2, true, R"(,"outputs":[{"name":"logits"}])")};
    std::size_t parsed = 0, refused = 0;
    auto attempt = [&](const std::string& body) {
        try {
            const infer_request r = parse_infer_request(body, signature());
            CHECK(r.pixels.size() == r.batch * 784);
            ++parsed;
            // what the fast reader accepts, the tree-walking reference accepts, with the same result
            const infer_request d = dom::parse(body, signature());
            CHECK(d.id == r.id);
            CHECK(d.batch == r.batch);
            CHECK(d.pixels == r.pixels);
            CHECK(d.want_logits == r.want_logits);
            CHECK(d.want_class == r.want_class);
        } catch (const protocol_error& e) {
            CHECK(e.status() >= 400);
            CHECK(e.status() < 500);
            ++refused;
        }
    };
    for (const std::string& s : seeds) {
        for (std::size_t n = 0; n <= s.size(); n += (n < 200 || s.size() - n < 200) ? 1 : 97) attempt(s.substr(0, n));
    }
    llmlings::rng gen(2026);
    const char replacements[] = {'\0', '\xff', '[', ']', '{', '}', '"', ',', ':', '-', '9', 'e', '.', '\\', ' '};
    for (int i = 0; i < 3000; ++i) {
        std::string s = seeds[i % 2];
        const int edits = 1 + static_cast<int>(llmlings::uniform_index(4, gen));
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = llmlings::uniform_index(s.size(), gen);
            switch (llmlings::uniform_index(3, gen)) {
                case 0:
                    s[at] = replacements[llmlings::uniform_index(sizeof replacements, gen)];
                    break;
                case 1:
                    s.erase(at, 1 + llmlings::uniform_index(8, gen));
                    break;
                default:
                    s.insert(at, 1, replacements[llmlings::uniform_index(sizeof replacements, gen)]);
            }
        }
        attempt(s);
    }
    CHECK(parsed > 0);
    CHECK(refused > 3000);
}

TEST_CASE("the registry numbers versions, never overwrites one, and replays stages", "[integration][mlops]") {
    const fs::path root = fresh_directory("registry");
    const registry reg(root);
    const std::string a = reg.put("weights of the first model");
    const std::string b = reg.put("weights of the second model");
    CHECK(reg.put("weights of the first model") == a);  // content-addressed: one copy
    CHECK(reg.register_version(record(a)) == 1);
    CHECK(reg.register_version(record(b)) == 2);
    const std::string first = [&] {
        std::ifstream in(root / "models/fashion_cnn/versions/0001.json");
        return std::string(std::istreambuf_iterator<char>(in), {});
    }();
    CHECK(reg.register_version(record(a)) == 3);  // the same artifact again is a new version
    {
        std::ifstream in(root / "models/fashion_cnn/versions/0001.json");
        CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == first);
    }
    CHECK_FALSE(reg.production("fashion_cnn"));
    reg.move("fashion_cnn", 1, mlops::stage::staging, "test");
    reg.move("fashion_cnn", 1, mlops::stage::production, "test");
    CHECK(reg.production("fashion_cnn")->record.version == 1);
    CHECK_THROWS_AS(reg.move("fashion_cnn", 2, mlops::stage::production, "skips staging"), llmlings::invalid_argument);
    reg.move("fashion_cnn", 2, mlops::stage::staging, "test");
    reg.move("fashion_cnn", 2, mlops::stage::production, "test");
    const std::vector<version_state> v = reg.versions("fashion_cnn");
    REQUIRE(v.size() == 3);
    CHECK(v[0].stage == mlops::stage::archived);
    CHECK(v[1].stage == mlops::stage::production);
    CHECK(v[2].stage == mlops::stage::none);
    CHECK(v[1].record.weights == b);
    CHECK(v[1].record.metrics.at("accuracy") == 0.9);
    CHECK(reg.get(b) == "weights of the second model");
    // one byte of an artifact changed: reading it is refused
    const fs::path object = mlops::artifact_path(reg.store(), b);
    std::fstream(object, std::ios::in | std::ios::out | std::ios::binary).put('W');
    CHECK_THROWS_AS(reg.get(b), llmlings::io_error);
    fs::remove_all(root);
}
