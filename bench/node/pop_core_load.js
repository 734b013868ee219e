// The official Node.js RPC client (@alicloud/pop-core, from tests/conformance/node_modules) making
// the same StartSyncExecution calls as the SDK's BM_Emulator_Sdk, against cloudflow-local, with the
// same calls in flight. Starts its own cloudflow-local (the path is the first argument).
// Prints one JSON line per concurrency: {"inflight", "calls", "calls_per_s", "cpu_us_per_call",
// "p50_us", "p99_us", "failures"}.
//
//   node bench/node/pop_core_load.js build/emulator/cloudflow-local [calls] [inflight...]
'use strict';
const path = require('path');
const {spawn} = require('child_process');
const RPCClient = require(path.join(__dirname, '../../tests/conformance/node_modules/@alicloud/pop-core')).RPCClient;

function startEmulator(program) {
  return new Promise((resolve, reject) => {
    const child = spawn(program, ['--port', '0', '--quiet', '--stop-on-stdin-close'], {stdio: ['pipe', 'pipe', 'inherit']});
    let line = '';
    child.stdout.on('data', (chunk) => {
      line += chunk.toString();
      const at = line.indexOf('\n');
      if (at >= 0) {
        const marker = ' listening on ';
        const first = line.slice(0, at);
        if (!first.includes(marker)) reject(new Error('cloudflow-local did not start: ' + first));
        resolve({child, url: first.slice(first.indexOf(marker) + marker.length)});
      }
    });
    child.on('error', reject);
  });
}

async function load(client, inflight, calls) {
  const params = {FlowName: 'demo_flow', ExecutionName: 'order-42', Input: '{"orderId":"A-10042","amount":129.5,"items":["sku-1","sku-2"]}'};
  let next = 0;
  let failures = 0;
  const latencies = [];
  const worker = async () => {
    while (next++ < calls) {
      const t0 = process.hrtime.bigint();
      try {
        const r = await client.request('StartSyncExecution', params, {method: 'POST', timeout: 60000});
        if (r.Status !== 'Succeeded') failures++;
      } catch (e) {
        failures++;
      }
      latencies.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({length: inflight}, worker));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.floor(p * (latencies.length - 1))];
  return {
    inflight, calls: latencies.length, calls_per_s: latencies.length / seconds,
    cpu_us_per_call: (cpu.user + cpu.system) / latencies.length, p50_us: at(0.5), p99_us: at(0.99), failures,
  };
}

async function main() {
  const program = process.argv[2];
  const calls = Number(process.argv[3] || 10000);
  const levels = process.argv.length > 4 ? process.argv.slice(4).map(Number) : [1, 16, 256];
  const {child, url} = await startEmulator(program);
  try {
    for (const inflight of levels) {
      const client = new RPCClient({
        accessKeyId: 'LTAI-cloudflow-local-demo', accessKeySecret: 'cloudflow-local-demo-secret',
        endpoint: url, apiVersion: '2019-03-15',
      });
      await load(client, inflight, Math.min(200, calls));  // warm up: connections, JIT
      console.log(JSON.stringify(await load(client, inflight, calls)));
    }
  } finally {
    child.stdin.end();
    child.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
