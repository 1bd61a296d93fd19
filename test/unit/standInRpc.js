// @ts-check
// One rpc call to an in-process stand-in over plain HTTP with the Dropbox host in the Host header (fetch may not
// set Host), failing the way n8n's request helpers do (`response.status` / `response.data`). For .ts tests, whose
// lint does not allow node:http.
'use strict';

const http = require('node:http');

/**
 * @param {number} port @param {string} token @param {string} url  https://api.dropboxapi.com/2/<route>
 * @param {unknown} body  a JSON string or a value
 * @returns {Promise<any>}
 */
function standInRpc(port, token, url, body) {
	const { pathname, host } = new URL(url);
	const data = typeof body === 'string' ? body : JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const req = http.request(
			{ host: '127.0.0.1', port, path: pathname, method: 'POST', agent: false, headers: { Host: host, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } },
			(res) => {
				/** @type {Buffer[]} */
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					if (res.statusCode === 200) resolve(JSON.parse(text));
					else reject(Object.assign(new Error(text), { response: { status: res.statusCode, headers: {}, data: text } }));
				});
			},
		);
		req.on('error', reject);
		req.end(data);
	});
}

module.exports = { standInRpc };
