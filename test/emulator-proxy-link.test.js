// @ts-check
// The proxy's link shaping (latency and a per-connection cap): bytes arrive intact and in order both ways, the
// tunnel ends cleanly, and settings apply to tunnels opened after setLink. Nothing here is timed.
const net = require('node:net');

const { startDropboxProxy } = require('./emulator/proxy');

/** An echo server standing in for the stand-in's port. */
async function echoServer() {
	const server = net.createServer((socket) => socket.pipe(socket));
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	return { server, port: /** @type {net.AddressInfo} */ (server.address()).port };
}

/**
 * Opens a tunnel to api.dropboxapi.com through the proxy, sends `data`, half-closes, and collects the echo.
 * @param {number} proxyPort @param {Buffer} data @returns {Promise<Buffer>}
 */
function echoThrough(proxyPort, data) {
	return new Promise((resolve, reject) => {
		const socket = net.connect(proxyPort, '127.0.0.1');
		/** @type {Buffer[]} */
		const chunks = [];
		let header = Buffer.alloc(0);
		let open = false;
		socket.on('data', (chunk) => {
			if (open) return void chunks.push(chunk);
			header = Buffer.concat([header, chunk]);
			const end = header.indexOf('\r\n\r\n');
			if (end < 0) return;
			open = true;
			if (header.length > end + 4) chunks.push(header.subarray(end + 4));
			socket.end(data);
		});
		socket.on('end', () => resolve(Buffer.concat(chunks)));
		socket.on('error', reject);
		socket.write('CONNECT api.dropboxapi.com:443 HTTP/1.1\r\nHost: api.dropboxapi.com:443\r\n\r\n');
	});
}

describe('proxy link shaping', () => {
	/** @type {net.Server} */
	let server;
	/** @type {Awaited<ReturnType<typeof startDropboxProxy>>} */
	let proxy;
	beforeAll(async () => {
		const echo = await echoServer();
		server = echo.server;
		proxy = await startDropboxProxy({ standInPort: echo.port, link: { latencyMs: 4, bytesPerSecond: 64 * 1024 * 1024 } });
	});
	afterAll(async () => {
		await proxy.stop();
		await new Promise((resolve) => server.close(() => resolve(undefined)));
	});

	it('carries 3 MiB both ways intact and in order through a shaped tunnel', async () => {
		const data = Buffer.from(Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 31 + (i >> 9)) % 256));
		const echoed = await echoThrough(proxy.port, data);
		expect(echoed.length).toBe(data.length);
		expect(echoed.equals(data)).toBe(true);
	});

	it('shows its settings and takes new ones for later tunnels', async () => {
		expect(proxy.link).toEqual({ latencyMs: 4, bytesPerSecond: 64 * 1024 * 1024 });
		proxy.setLink({});
		expect(proxy.link).toEqual({});
		const data = Buffer.from('unshaped');
		expect((await echoThrough(proxy.port, data)).toString()).toBe('unshaped');
	});
});
