// Reading a service answer's JSON object into typed fields, one line per field. The first problem
// (a required member missing, a member of the wrong JSON type, a time that is not ISO 8601, a
// JSON-text member that is not JSON) is kept, and the reader's Error is then malformed_response
// naming the member, with the answer's RequestId. Later reads after a problem do nothing.
#pragma once

#include <cloudflow/error.hpp>
#include <cloudflow/model/execution_status.hpp>
#include <cloudflow/model/timestamp.hpp>
#include <cloudflow/result.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/storage_ptr.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace cloudflow::detail {

// `body` parsed as a JSON object, at most `max_depth` deep; malformed_response otherwise. The
// document lives in `storage` (default: the heap); decoders copy out what they keep into the
// default resource, so a scratch resource (ScratchJson) may hold a document read once.
Result<boost::json::value> parse_json_object(std::string_view body, std::size_t max_depth,
                                             boost::json::storage_ptr storage = {});

// A stack buffer for one answer's parsed document: a typical answer needs no heap allocation.
class ScratchJson {
public:
    ScratchJson() : resource_(buffer_, sizeof buffer_) {}
    ScratchJson(const ScratchJson&) = delete;
    ScratchJson& operator=(const ScratchJson&) = delete;
    boost::json::storage_ptr storage() noexcept { return &resource_; }

private:
    alignas(16) unsigned char buffer_[4096];
    boost::json::monotonic_resource resource_;
};

class JsonReader {
public:
    // `object` must outlive the reader. `max_depth` bounds the JSON-text members it parses.
    JsonReader(const boost::json::object& object, std::size_t max_depth);

    // A string member that must be present (it may be empty).
    void required(std::string_view key, std::string& out);
    // A string member that may be absent or null; an empty string counts as absent.
    void optional(std::string_view key, std::optional<std::string>& out);
    // A string member that may be absent or null (`out` is then left as it is).
    void optional(std::string_view key, std::string& out);
    // Required: the status text, kept, and the enum it names (unknown for a new status).
    void status(std::string_view key, ExecutionStatus& status, std::string& text);
    // Optional: a string member holding JSON text (Input, Output), parsed.
    void json_text(std::string_view key, std::optional<boost::json::value>& out);
    // Optional: a string member holding an ISO 8601 time.
    void time(std::string_view key, std::optional<Timestamp>& out);
    // An integral JSON number that fits in 64 bits; absent or null leaves `out` as it is, unless
    // `required`.
    void integer(std::string_view key, std::int64_t& out, bool required = false);
    void integer(std::string_view key, std::optional<std::int64_t>& out);
    // A JSON number, or a string holding a decimal number (ListFlowAliases sends Weight so).
    void number(std::string_view key, double& out, bool required = false);
    void number(std::string_view key, std::optional<double>& out);
    // A JSON boolean.
    void boolean(std::string_view key, bool& out, bool required = false);

    // A nested object, read by `read(JsonReader&)`; absent or null is a problem only when
    // `required`. Problems inside name their path ("Environment.Variables[0].Name").
    template <class Read>
    void object(std::string_view key, Read&& read, bool required = false)
    {
        const boost::json::object* o = typed_member<boost::json::object>(key, "an object");
        if (o == nullptr) {
            if (required && ok()) fail("the response has no " + path(key));
            return;
        }
        JsonReader nested(*o, *this, path(key) + ".");
        read(nested);
        adopt(nested);
    }

    // Optional: an array of objects, each read into a new element of `out` by `read(JsonReader&, T&)`.
    template <class T, class Read>
    void objects(std::string_view key, std::vector<T>& out, Read&& read)
    {
        const boost::json::array* a = typed_member<boost::json::array>(key, "an array");
        if (a == nullptr) return;
        out.reserve(out.size() + a->size());
        for (std::size_t i = 0; i < a->size() && ok(); ++i) {
            const std::string item = path(key) + "[" + std::to_string(i) + "]";
            const boost::json::object* o = (*a)[i].if_object();
            if (o == nullptr) return fail("the response field " + item + " is not an object");
            JsonReader nested(*o, *this, item + ".");
            T value{};
            read(nested, value);
            adopt(nested);
            if (ok()) out.push_back(std::move(value));
        }
    }

    // A view of the document's RequestId (empty without one): valid while the document is.
    std::string_view request_id() const noexcept { return request_id_; }
    const boost::json::object& object() const noexcept { return object_; }
    bool ok() const noexcept { return !error_; }
    // The first problem, or nullopt.
    const std::optional<Error>& error() const noexcept { return error_; }

private:
    // A reader of an object nested in `parent`'s, whose members are named `prefix` + key.
    JsonReader(const boost::json::object& object, const JsonReader& parent, std::string prefix);

    // The member, nullptr when absent or null (a problem when `required`).
    const boost::json::value* member(std::string_view key, bool required);
    // The member's string, nullptr when absent or null; a mistyped member is a problem.
    const boost::json::string* string_member(std::string_view key);
    // The member as J (object, array), nullptr when absent or null; a mistyped member is a problem.
    template <class J>
    const J* typed_member(std::string_view key, std::string_view what)
    {
        if (error_) return nullptr;
        const boost::json::value* v = object_.if_contains(key);
        if (v == nullptr || v->is_null()) return nullptr;
        const J* typed = nullptr;
        if constexpr (std::is_same_v<J, boost::json::object>)
            typed = v->if_object();
        else
            typed = v->if_array();
        if (typed != nullptr) return typed;
        fail("the response field " + path(key) + " is not " + std::string(what));
        return nullptr;
    }
    std::string path(std::string_view key) const { return prefix_ + std::string(key); }
    void fail(std::string message);
    void adopt(const JsonReader& nested);

    const boost::json::object& object_;
    std::size_t max_depth_;
    std::string prefix_;
    std::string_view request_id_;
    std::optional<Error> error_;
};

}  // namespace cloudflow::detail
