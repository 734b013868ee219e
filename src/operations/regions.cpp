#include "operations/regions.hpp"

#include "operations/parameter_writer.hpp"

namespace cloudflow::detail {

Result<ParameterList> DescribeRegions::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.qualifier("AcceptLanguage", r.accept_language);
    return std::move(w).done();
}

void DescribeRegions::decode(JsonReader& in, response_type& out)
{
    in.required("RequestId", out.request_id);
    in.object("Regions", [&](JsonReader& regions) {
        regions.objects("Region", out.regions, [](JsonReader& region, Region& r) {
            region.required("RegionId", r.region_id);
            region.optional("LocalName", r.local_name);
            region.optional("RegionEndpoint", r.region_endpoint);
        });
    });
}
static_assert(Operation<DescribeRegions>);

}  // namespace cloudflow::detail
