#include "state/store.hpp"

#include <chrono>
#include <cstdio>
#include <functional>
#include <random>

namespace cloudflow::local {
namespace {

std::uint64_t mix(std::uint64_t x)
{
    // splitmix64's finaliser: every input bit changes about half the output bits.
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

std::string hex64(std::uint64_t v)
{
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(v));
    return buffer;
}

std::optional<std::uint64_t> parse_hex64(std::string_view text)
{
    if (text.size() != 16) return std::nullopt;
    std::uint64_t v = 0;
    for (const char c : text) {
        const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (digit < 0) return std::nullopt;
        v = v << 4 | static_cast<std::uint64_t>(digit);
    }
    return v;
}

}  // namespace

Store::Store(StoreLimits limits, const FlowClock& clock) : limits_(limits), clock_(clock), secret_(random64()) {}

std::uint64_t Store::random64()
{
    // Tokens must not be guessable from earlier ones, so not the seeded generator.
    std::random_device device;
    return static_cast<std::uint64_t>(device()) << 32 | device();
}

std::shared_ptr<Execution> Store::find(std::string_view flow, std::string_view name) const
{
    const auto f = flows_.find(std::string(flow));
    if (f == flows_.end()) return nullptr;
    const auto e = f->second.by_name.find(std::string(name));
    return e == f->second.by_name.end() ? nullptr : e->second;
}

std::shared_ptr<Execution> Store::add(std::string flow, std::string name)
{
    auto execution = std::make_shared<Execution>();
    execution->flow = std::move(flow);
    execution->name = std::move(name);
    execution->serial = next_serial_++;
    execution->started = clock_.now();
    FlowExecutions& f = flows_[execution->flow];
    f.by_name[execution->name] = execution;
    f.by_serial[execution->serial] = execution;
    by_serial_[execution->serial] = execution;
    ++running_;
    return execution;
}

void Store::finished(Execution& execution)
{
    --running_;
    finished_order_.push_back(flows_[execution.flow].by_name[execution.name]);
    while (finished_order_.size() > limits_.max_finished) {
        const std::shared_ptr<Execution> old = finished_order_.front().lock();
        finished_order_.pop_front();
        if (old) forget(old);
    }
}

void Store::forget(const std::shared_ptr<Execution>& execution)
{
    const auto f = flows_.find(execution->flow);
    if (f == flows_.end()) return;
    const auto e = f->second.by_name.find(execution->name);
    if (e == f->second.by_name.end() || e->second != execution) return;  // forgotten already
    f->second.by_name.erase(e);
    f->second.by_serial.erase(execution->serial);
    by_serial_.erase(execution->serial);
    for (const auto& token : execution->tokens) tokens_.erase(token);
    if (f->second.by_name.empty()) flows_.erase(f);
}

void Store::forget_flow(std::string_view flow)
{
    const auto f = flows_.find(std::string(flow));
    if (f == flows_.end()) return;
    std::vector<std::shared_ptr<Execution>> all;
    for (const auto& [serial, execution] : f->second.by_serial) all.push_back(execution);
    for (const auto& execution : all) forget(execution);
    std::erase_if(finished_order_, [&](const std::weak_ptr<Execution>& w) {
        const auto e = w.lock();
        return !e || e->flow == flow;
    });
}

std::int64_t Store::record(Execution& execution, std::string_view type, std::string_view step,
                           std::int64_t scheduled_by, std::string detail)
{
    HistoryEvent event{static_cast<std::int64_t>(execution.events.size()) + 1,
                       scheduled_by,
                       std::string(step),
                       std::string(type),
                       clock_.now(),
                       std::move(detail)};
    execution.history_bytes += event.detail.size();
    execution.events.push_back(std::move(event));
    return execution.events.back().id;
}

bool Store::history_full(const Execution& execution) const
{
    return execution.events.size() + 5 > limits_.max_events || execution.history_bytes >= limits_.max_history_bytes;
}

std::string Store::issue_token(Execution& execution)
{
    std::string token;
    for (int i = 0; i < 4; ++i) token += hex64(random64());
    tokens_[token] = flows_[execution.flow].by_name[execution.name];
    execution.tokens.push_back(token);
    return token;
}

std::shared_ptr<Execution> Store::token_owner(std::string_view token) const
{
    const auto it = tokens_.find(std::string(token));
    return it == tokens_.end() ? nullptr : it->second.lock();
}

const std::map<std::uint64_t, std::shared_ptr<Execution>>& Store::executions(std::string_view flow) const
{
    static const std::map<std::uint64_t, std::shared_ptr<Execution>> none;
    const auto f = flows_.find(std::string(flow));
    return f == flows_.end() ? none : f->second.by_serial;
}

std::uint64_t Store::mac(std::string_view scope, std::uint64_t position) const
{
    return mix(mix(secret_ ^ std::hash<std::string_view>{}(scope)) ^ position);
}

std::string Store::page_token(std::string_view scope, std::uint64_t position) const
{
    return hex64(position) + hex64(mac(scope, position));
}

std::optional<std::uint64_t> Store::read_page_token(std::string_view scope, std::string_view token) const
{
    if (token.size() != 32) return std::nullopt;
    const auto position = parse_hex64(token.substr(0, 16));
    const auto check = parse_hex64(token.substr(16));
    if (!position || !check || *check != mac(scope, *position)) return std::nullopt;
    return position;
}

std::string Store::random_hex(std::size_t digits)
{
    std::string out;
    while (out.size() < digits) out += hex64(random64());
    out.resize(digits);
    return out;
}

std::string Store::fresh_name(std::string_view flow)
{
    for (;;) {
        const std::uint64_t a = random64(), b = random64();
        char buffer[40];
        // The first hex digit is a-f: a name must start with a letter.
        std::snprintf(buffer, sizeof buffer, "%08llx-%04llx-4%03llx-%04llx-%012llx",
                      static_cast<unsigned long long>((a >> 32) | 0xa0000000ULL) % 0x100000000ULL,
                      static_cast<unsigned long long>((a >> 16) & 0xffff), static_cast<unsigned long long>(a & 0xfff),
                      static_cast<unsigned long long>(0x8000 | ((b >> 48) & 0x3fff)),
                      static_cast<unsigned long long>(b & 0xffffffffffffULL));
        if (!find(flow, buffer)) return buffer;
    }
}

}  // namespace cloudflow::local
