// @ts-check
'use strict';

const http = require('node:http');

/**
 * For tests of the stand-in itself: one RPC call over plain HTTP with the api host in the Host header, answered as
 * `{ status, text, json }` whatever the status (json undefined when the body is not JSON).
 * @param {number} port
 * @returns {(route: string, arg: unknown, token: string, headers?: Record<string, string>) => Promise<{ status: number | undefined, text: string, json: any }>}
 */
function rpcClient(port) {
	return (route, arg, token, headers = {}) =>
		new Promise((resolve, reject) => {
			const body = arg === undefined ? '' : JSON.stringify(arg);
			const req = http.request(
				{
					host: '127.0.0.1',
					port,
					path: `/2/${route}`,
					method: 'POST',
					agent: false,
					headers: { Host: 'api.dropboxapi.com', Authorization: `Bearer ${token}`, ...(arg !== undefined && { 'Content-Type': 'application/json' }), ...headers },
				},
				(res) => {
					/** @type {Buffer[]} */
					const chunks = [];
					res.on('data', (chunk) => chunks.push(chunk));
					res.on('end', () => {
						const text = Buffer.concat(chunks).toString('utf8');
						let json;
						try {
							json = JSON.parse(text);
						} catch {
							json = undefined;
						}
						resolve({ status: res.statusCode, text, json });
					});
				},
			);
			req.on('error', reject);
			req.end(body);
		});
}

module.exports = { rpcClient };
