// The documentation's programs that start a cloudflow-local of their own (LocalEmulator) find this
// build's, as a user's find the installed one.
#include <cstdlib>

#ifdef DOCS_CLOUDFLOW_LOCAL
namespace {

[[maybe_unused]] const bool found = [] { return ::setenv("CLOUDFLOW_LOCAL", DOCS_CLOUDFLOW_LOCAL, 0) == 0; }();

}  // namespace
#endif
