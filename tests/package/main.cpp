// A user's program built against an installed cloudflow: it must compile, link and run.
#include <cloudflow/cloudflow.hpp>

#include <iostream>

int main()
{
    const auto endpoint = cloudflow::resolve_endpoint("cn-hangzhou", "");
    if (!endpoint || endpoint->host != "cn-hangzhou.fnf.aliyuncs.com") return 1;
    std::cout << "cloudflow " << cloudflow::version << " found at " << endpoint->host << '\n';
    return 0;
}
