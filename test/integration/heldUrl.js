// @ts-check
// A loopback URL whose answer is held back until released: what the stand-in's save_url fetches while Dropbox
// would still be downloading. Plain JS, as the node's lint rules (no node: imports, no timers) are for node code.
const { createServer } = require('node:http');

/** Starts the server; `url` answers `body` once `release()` is called. @param {string} body */
async function startHeldUrl(body) {
	/** @type {() => void} */
	let release = () => {};
	const held = new Promise((resolve) => (release = () => resolve(undefined)));
	const server = createServer((_request, response) => void held.then(() => response.end(body)));
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${address.port}/report.txt`,
		release,
		async stop() {
			release();
			server.closeAllConnections();
			await new Promise((resolve) => server.close(() => resolve(undefined)));
		},
	};
}

/** Resolves once `condition()` holds, checking every 20 ms for at most `ms`. @param {() => boolean} condition */
async function until(condition, ms = 2000) {
	for (let waited = 0; !condition() && waited < ms; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
}

module.exports = { startHeldUrl, until };
