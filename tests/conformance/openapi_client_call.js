// Calls StartSyncExecution with Alibaba Cloud's official Node.js OpenAPI client
// (@alicloud/openapi-client), which signs with V3 (ACS3-HMAC-SHA256) by default.
// Input: one JSON argument {endpoint: "127.0.0.1:PORT", method, accessKeyId, accessKeySecret, params}.
// Output: one JSON line, {"ok": true, "response": {...}} or {"ok": false, "code", "message"}.
'use strict';
const OpenApi = require('@alicloud/openapi-client');
const Util = require('@alicloud/tea-util');

async function main() {
  const call = JSON.parse(process.argv[2]);
  const client = new OpenApi.default(new OpenApi.Config({
    accessKeyId: call.accessKeyId,
    accessKeySecret: call.accessKeySecret,
    endpoint: call.endpoint,
    protocol: 'HTTP',
  }));
  const params = new OpenApi.Params({
    action: 'StartSyncExecution', version: '2019-03-15', protocol: 'HTTP', pathname: '/',
    method: call.method, authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json',
  });
  const request = new OpenApi.OpenApiRequest(call.method === 'GET' ? {query: call.params} : {body: call.params});
  try {
    const response = await client.callApi(params, request, new Util.RuntimeOptions({readTimeout: 600000}));
    console.log(JSON.stringify({ok: true, response: response.body}));
  } catch (err) {
    console.log(JSON.stringify({ok: false, code: err.code, message: err.message}));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
