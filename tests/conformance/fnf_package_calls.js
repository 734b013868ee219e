// Calls fnf actions with Alibaba Cloud's generated Node.js package for fnf 2019-03-15
// (@alicloud/fnf-2019-03-15 1.x): its own method for each action (createFlow, deleteFlow, ...), which
// checks the parameters it requires and picks the HTTP method itself (POST for writes, pop-core's
// GET for the rest, DeleteFlow and DeleteSchedule included).
// An action the package has no method for (StartSyncExecution, newer than 1.x) goes through the
// package client's own request(), which every method calls, with the HTTP method given.
// Input: one JSON argument {endpoint, accessKeyId, accessKeySecret, calls: [{method, params}]}, or
// {action, httpMethod, params} for such an action. The calls run one after another. Output: one
// JSON line, an array with a result per call, {"ok": true, "response": {...}} or
// {"ok": false, "code", "message"}.
'use strict';
const Client = require('@alicloud/fnf-2019-03-15');

async function main() {
  const input = JSON.parse(process.argv[2]);
  const client = new Client({
    accessKeyId: input.accessKeyId,
    accessKeySecret: input.accessKeySecret,
    endpoint: input.endpoint,
  });
  const results = [];
  for (const call of input.calls) {
    if (call.action) {
      try {
        const response = await client.request(call.action, call.params, {method: call.httpMethod, timeout: 60000});
        results.push({ok: true, response});
      } catch (err) {
        results.push({ok: false, code: err.code || err.name, message: err.message});
      }
      continue;
    }
    if (typeof client[call.method] !== 'function') {
      results.push({ok: false, code: 'NoSuchMethod', message: call.method});
      continue;
    }
    try {
      const response = await client[call.method](call.params, {timeout: 60000});
      results.push({ok: true, response});
    } catch (err) {
      results.push({ok: false, code: err.code || err.name, message: err.message});
    }
  }
  console.log(JSON.stringify(results));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
