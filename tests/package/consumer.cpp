// A user's program built against cloudflow as it is delivered (an install tree, the Debian package,
// FetchContent): it must compile, link and run, and its headers and library must agree.
#include <cloudflow/cloudflow.hpp>

#include <iostream>

int main()
{
    if (cloudflow::version() != CLOUDFLOW_VERSION_STRING) {
        std::cerr << "headers " << CLOUDFLOW_VERSION_STRING << " but library " << cloudflow::version() << '\n';
        return 1;
    }
    const auto endpoint = cloudflow::resolve_endpoint("cn-hangzhou", "");
    if (!endpoint || endpoint->host != "cn-hangzhou.fnf.aliyuncs.com") return 1;
    std::cout << "cloudflow " << cloudflow::version() << " found at " << endpoint->host << '\n';
    return 0;
}
