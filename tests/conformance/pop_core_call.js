// Calls an fnf action with Alibaba Cloud's official Node.js RPC client (@alicloud/pop-core).
// Input: one JSON argument {endpoint, method, accessKeyId, accessKeySecret, params, action}
// (action: StartSyncExecution when absent).
// Output: one JSON line, {"ok": true, "response": {...}} or {"ok": false, "code", "message"}.
'use strict';
const RPCClient = require('@alicloud/pop-core').RPCClient;

async function main() {
  const call = JSON.parse(process.argv[2]);
  const client = new RPCClient({
    accessKeyId: call.accessKeyId,
    accessKeySecret: call.accessKeySecret,
    endpoint: call.endpoint,
    apiVersion: '2019-03-15',
  });
  try {
    const response = await client.request(call.action || 'StartSyncExecution', call.params, {method: call.method, timeout: 600000});
    console.log(JSON.stringify({ok: true, response}));
  } catch (err) {
    console.log(JSON.stringify({ok: false, code: err.code || err.name, message: err.message}));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
