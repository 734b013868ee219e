#include <cloudflow/http/http.hpp>
#include <cloudflow/http/redact.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;

TEST_CASE("redact: the signature and the security token of a V1 GET are redacted", "[redact]")
{
    const std::string url = "https://cn-hangzhou.fnf.aliyuncs.com/?AccessKeyId=LTAI-id&Action=DescribeExecution"
                            "&SecurityToken=STS%2Btoken%3D&Signature=abc%2Fdef%3D&SignatureMethod=HMAC-SHA1"
                            "&SignatureNonce=n-1&Version=2019-03-15";
    CHECK(redact_url(url) == "https://cn-hangzhou.fnf.aliyuncs.com/?AccessKeyId=LTAI-id&Action=DescribeExecution"
                             "&SecurityToken=redacted&Signature=redacted&SignatureMethod=HMAC-SHA1"
                             "&SignatureNonce=n-1&Version=2019-03-15");
    // Redacting twice changes nothing: LoggingObserver redacts AttemptEnd::url, which the client
    // redacted already.
    CHECK(redact_url(redact_url(url)) == redact_url(url));
    CHECK(redact_url(redact_url("http://user:pass@host/?a=1")) == "http://user:redacted@host/?a=1");
}

TEST_CASE("redact: every secret parameter whatever its case or encoding and a password", "[redact]")
{
    CHECK(redact_url("/?x-acs-security-token=t&X-Acs-Security-Token=t&authorization=ACS3%20x&AccessKeySecret=s") ==
          "/?x-acs-security-token=redacted&X-Acs-Security-Token=redacted&authorization=redacted"
          "&AccessKeySecret=redacted");
    CHECK(redact_url("/?Signatur%65=s&Security%54oken=t&signature=u") ==
          "/?Signatur%65=redacted&Security%54oken=redacted&signature=redacted");
    CHECK(redact_url("http://user:pass@127.0.0.1:3128/?a=1") == "http://user:redacted@127.0.0.1:3128/?a=1");
    CHECK(redact_url("http://user@host/") == "http://user@host/");
}

TEST_CASE("redact: what holds no secret is kept as it is", "[redact]")
{
    CHECK(redact_url("https://cn-hangzhou.fnf.aliyuncs.com/") == "https://cn-hangzhou.fnf.aliyuncs.com/");
    CHECK(redact_url("/") == "/");
    CHECK(redact_url("") == "");
    CHECK(redact_url("/?") == "/?");
    CHECK(redact_url("/?a&&b=&Signature&SignatureVersion=1.0#Signature=x") ==
          "/?a&&b=&Signature&SignatureVersion=1.0#Signature=x");
    CHECK(redact_url("/?Signature=%") == "/?Signature=redacted");
    CHECK(redact_url("/?%=1&%4=2") == "/?%=1&%4=2");
}

TEST_CASE("redact: request_url is the scheme, the Host header and the target", "[redact]")
{
    HttpRequest r;
    r.scheme = "http";
    r.host = "127.0.0.1";
    r.port = 8080;
    r.target = "/?Action=X";
    CHECK(request_url(r) == "http://127.0.0.1:8080/?Action=X");
    r.scheme = "https";
    r.host = "::1";
    r.port = 443;
    r.target = "/";
    CHECK(request_url(r) == "https://[::1]/");
}
