// Each operation's coroutine, compiled once, beside the engine: one for each of operations/all.hpp's list.
#include "client/call_definition.hpp"

namespace cloudflow::detail {

#define CLOUDFLOW_CALL(Op)                                                                                             \
    template boost::asio::awaitable<Result<Op::response_type>> call<Op>(std::shared_ptr<ClientImpl>, Op::request_type, \
                                                                        CallOptions, CallThread);
CLOUDFLOW_FOR_EACH_OPERATION(CLOUDFLOW_CALL)
#undef CLOUDFLOW_CALL

}  // namespace cloudflow::detail
