// @ts-check
'use strict';

const { text } = require('./answers');

/**
 * A whole (small) request body. Only for JSON and form bodies; upload bytes are streamed by their routes.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} [limit]
 * @returns {Promise<Buffer>}
 */
function readBody(req, limit = 16 * 1024 * 1024) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		req.on('data', (/** @type {Buffer} */ chunk) => {
			size += chunk.length;
			if (size > limit) {
				req.destroy();
				reject(text(413, 'Request body too large'));
			} else chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/**
 * Read and discard a body (a request answered without its bytes must still be read to the end
 * before its connection can carry the next request).
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<void>}
 */
function drain(req) {
	return new Promise((resolve) => {
		if (req.readableEnded) return resolve();
		req.on('end', resolve).on('error', () => resolve()).resume();
	});
}

/** @param {Buffer} raw */
function parseJson(raw) {
	const s = raw.toString('utf8').trim();
	return s === '' ? {} : JSON.parse(s);
}

module.exports = { readBody, drain, parseJson };
