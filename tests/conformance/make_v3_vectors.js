// Produces tests/unit/data/v3_vectors.json: V3 (ACS3-HMAC-SHA256) signatures computed by
// Alibaba Cloud's official @alicloud/openapi-util (getAuthorization) on fixed inputs. The unit
// tests check cloudflow-cpp's sign_acs3 against them.
//
// Run: npm ci --prefix tests/conformance && node tests/conformance/make_v3_vectors.js
'use strict';
const crypto = require('crypto');
const path = require('path');
const fs = require('fs');
const OpenApiUtil = require('@alicloud/openapi-util').default;

const sha256 = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
const form = (params) =>
  Object.keys(params).sort().map((k) => `${OpenApiUtil.getEncodeParam(k)}=${OpenApiUtil.getEncodeParam(params[k])}`)
    .join('&');

function vector(name, method, query, body, extraHeaders, accessKeyId, accessKeySecret) {
  const headers = Object.assign({
    'host': 'cn-hangzhou.fnf.aliyuncs.com',
    'x-acs-action': 'StartSyncExecution',
    'x-acs-version': '2019-03-15',
    'x-acs-date': '2024-01-01T00:00:00Z',
    'x-acs-signature-nonce': 'fixed-nonce-' + name,
    'x-acs-content-sha256': sha256(body),
  }, body ? {'content-type': 'application/x-www-form-urlencoded'} : {}, extraHeaders);
  const request = {pathname: '/', method, query, headers};
  const authorization =
    OpenApiUtil.getAuthorization(request, 'ACS3-HMAC-SHA256', sha256(body), accessKeyId, accessKeySecret);
  return {name, method, query, body, headers, accessKeyId, accessKeySecret, authorization};
}

const utf8Input = {FlowName: 'my_flow', ExecutionName: 'exec-1', Input: '{"msg":"你好 +a/b *~ & = %"}'};
const vectors = [
  vector('post-form-utf8', 'POST', {}, form(utf8Input), {}, 'testid', 'testsecret'),
  vector('get-query-utf8', 'GET', utf8Input, '', {}, 'testid', 'testsecret'),
  vector('post-sts-token', 'POST', {}, form({FlowName: 'f'}), {'x-acs-security-token': 'sts/token+=='},
         'STS.id', 'sts-secret'),
  vector('host-with-port', 'POST', {}, form({FlowName: 'f', Qualifier: 'v1'}), {'host': '127.0.0.1:8080'},
         'testid', 'testsecret'),
];
const out = {
  generator: 'tests/conformance/make_v3_vectors.js',
  package: '@alicloud/openapi-util@' + require('@alicloud/openapi-util/package.json').version,
  vectors,
};
const file = path.join(__dirname, '..', 'unit', 'data', 'v3_vectors.json');
fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
console.log('wrote ' + file);
