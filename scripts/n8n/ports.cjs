// Ports on 127.0.0.1: the one n8n must get, and free ones for n8n's task brokers and the e2e suite.
'use strict';
const net = require('node:net');
const { StartError } = require('./common.cjs');

/**
 * Resolves when `port` on 127.0.0.1 can be bound; rejects with a StartError naming `what` otherwise.
 * @param {number} port @param {string} what
 */
async function assertPortFree(port, what) {
	const server = net.createServer();
	try {
		await /** @type {Promise<void>} */ (
			new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen({ port, host: '127.0.0.1', exclusive: true }, resolve);
			})
		);
	} catch (error) {
		if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
			throw new StartError(
				`Port ${port} on 127.0.0.1 (${what}) is ${error.code === 'EACCES' ? 'not allowed' : 'already in use'}. ` +
					'Stop whatever listens there (another n8n?) or choose another port, e.g. `npm start -- --port 5688`.',
			);
		}
		throw error;
	} finally {
		await /** @type {Promise<void>} */ (new Promise((resolve) => server.close(() => resolve())));
	}
}

/** A port on 127.0.0.1 that was free a moment ago. @returns {Promise<number>} */
async function freePort() {
	const server = net.createServer();
	await /** @type {Promise<void>} */ (
		new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen({ port: 0, host: '127.0.0.1' }, resolve);
		})
	);
	const { port } = /** @type {net.AddressInfo} */ (server.address());
	await /** @type {Promise<void>} */ (new Promise((resolve) => server.close(() => resolve())));
	return port;
}

module.exports = { assertPortFree, freePort };
