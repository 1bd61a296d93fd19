// @ts-check
'use strict';

const http = require('node:http');
const net = require('node:net');
const { HOSTS } = require('./route-table');

/** @type {string[]} */
const STAND_IN_HOSTS = Object.values(HOSTS);
const isDropbox = (/** @type {string} */ name) => /(^|\.)dropbox(api)?\.com$/.test(name);

/**
 * An HTTP proxy on 127.0.0.1 that lets an unchanged client (a real n8n with HTTPS_PROXY set) reach the
 * stand-in under the real Dropbox host names: CONNECT to api/content/notify.dropboxapi.com is piped to
 * the stand-in's TLS port, so the client's TLS session (trusting the test CA) ends at the stand-in.
 * Any other host is tunnelled where it asked to go, except other Dropbox domains, which are refused:
 * nothing meant for Dropbox ever leaves this machine.
 *
 * @param {{ standInPort: number, port?: number }} options
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void> }>}
 */
async function startDropboxProxy({ standInPort, port = 0 }) {
	/** @type {Set<import('node:stream').Duplex>} */
	const sockets = new Set();
	/** @template {import('node:stream').Duplex} S @param {S} socket @returns {S} */
	const track = (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		return socket;
	};

	/** Where a CONNECT goes; null: refused. @param {string} host @param {number} targetPort */
	const destination = (host, targetPort) => {
		const name = host.toLowerCase().replace(/\.$/, '');
		if (STAND_IN_HOSTS.includes(name)) return { host: '127.0.0.1', port: standInPort };
		return isDropbox(name) ? null : { host, port: targetPort };
	};

	const server = http.createServer((req, res) => {
		// A plain-http proxy request names an absolute URL.
		let target;
		try {
			target = new URL(req.url ?? '');
		} catch {
			res.writeHead(400).end('This is a proxy: send an absolute http:// URL or CONNECT');
			return;
		}
		if (target.protocol !== 'http:' || isDropbox(target.hostname.toLowerCase())) {
			res.writeHead(403).end(`Refusing to proxy ${req.url}: Dropbox is reached over CONNECT (https) only`);
			return;
		}
		const upstream = http.request({ host: target.hostname, port: Number(target.port || 80), method: req.method, path: `${target.pathname}${target.search}`, headers: req.headers }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', (error) => {
			if (!res.headersSent) res.writeHead(502).end(`proxy: ${error.message}`);
			else res.destroy();
		});
		req.pipe(upstream);
	});

	server.on('connection', track);
	server.on('connect', (req, clientSocket, head) => {
		track(clientSocket);
		const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(req.url ?? '');
		const to = m ? destination(m[1], Number(m[2])) : null;
		if (!to) {
			clientSocket.end(`HTTP/1.1 ${m ? '403 Forbidden' : '400 Bad Request'}\r\nConnection: close\r\n\r\n`);
			return;
		}
		let open = false;
		const upstream = track(
			net.connect(to.port, to.host, () => {
				open = true;
				clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
				if (head.length) upstream.write(head);
				upstream.pipe(clientSocket);
				clientSocket.pipe(upstream);
			}),
		);
		upstream.on('error', () => (open ? clientSocket.destroy() : clientSocket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n')));
		clientSocket.on('error', () => upstream.destroy());
		clientSocket.on('close', () => upstream.destroy());
	});

	await new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve(undefined)));
	const actual = /** @type {net.AddressInfo} */ (server.address()).port;
	return {
		url: `http://127.0.0.1:${actual}`,
		port: actual,
		stop: () =>
			new Promise((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startDropboxProxy };
