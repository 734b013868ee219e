// A Beast message's start line and header fields as one text, as Beast's serializer writes them:
// for one gathered write of the header and a body kept where it is. What the SDK's transport
// (a request) and cloudflow-local's server (an answer) share; not part of the SDK's API.
#pragma once

#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/serializer.hpp>

#include <string>

namespace cloudflow::detail {

// The header of `message` (its payload fields prepared, e.g. by prepare_payload), without the body.
template <bool isRequest, class Body, class Fields>
std::string header_text(const boost::beast::http::message<isRequest, Body, Fields>& message)
{
    std::string text;
    boost::beast::http::serializer<isRequest, Body, Fields> serializer{message};
    serializer.split(true);
    boost::system::error_code ec;
    while (!ec && !serializer.is_header_done())
        serializer.next(ec, [&](boost::system::error_code&, const auto& buffers) {
            for (const auto piece : boost::beast::buffers_range_ref(buffers))
                text.append(static_cast<const char*>(piece.data()), piece.size());
            serializer.consume(boost::beast::buffer_bytes(buffers));
        });
    return text;
}

}  // namespace cloudflow::detail
