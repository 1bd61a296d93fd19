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
 * `link` shapes every tunnel to the stand-in like a connection to a distant Dropbox: `latencyMs` is the round trip
 * (each direction's bytes arrive half of it later), `bytesPerSecond` caps each connection in each direction
 * (0: no cap). Settings apply to tunnels opened after a change (`setLink`). Real Dropbox connections are
 * latency-bound: a single TCP stream's throughput is its window over the round trip, which the cap stands for.
 *
 * @param {{ standInPort: number, port?: number, link?: Link }} options
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void>, setLink: (link: Link) => void, link: Link }>}
 */
async function startDropboxProxy({ standInPort, port = 0, link: initialLink = {} }) {
	/** @type {Link} */
	let link = { ...initialLink };
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
				const shaped = to.port === standInPort && ((link.latencyMs ?? 0) > 0 || (link.bytesPerSecond ?? 0) > 0);
				if (shaped) {
					shapedPipe(upstream, clientSocket, link);
					shapedPipe(clientSocket, upstream, link);
				} else {
					upstream.pipe(clientSocket);
					clientSocket.pipe(upstream);
				}
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
		get link() {
			return { ...link };
		},
		setLink: (next) => {
			link = { ...next };
		},
		stop: () =>
			new Promise((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}

/**
 * @typedef {{ latencyMs?: number, bytesPerSecond?: number }} Link  a tunnel's round trip and per-direction cap
 */

/** What one direction of a tunnel may have waiting before its source is paused. */
const SHAPED_QUEUE_BYTES = 256 * 1024;

/**
 * Copies `from` to `to` as a link with a one-way delay of latencyMs / 2 and at most bytesPerSecond: each piece
 * leaves once the link has sent the bytes before it (at the capped rate) and has then travelled the delay.
 * The source is paused while more than SHAPED_QUEUE_BYTES wait, so a slow link holds back the sender as TCP would.
 * @param {import('node:stream').Duplex} from @param {import('node:stream').Duplex} to @param {Link} link
 */
function shapedPipe(from, to, link) {
	const delayMs = (link.latencyMs ?? 0) / 2;
	const rate = link.bytesPerSecond ?? 0;
	/** Pieces in order with the time each may leave (one timer for the head: timers alone could reorder them). */
	/** @type {{ piece: Buffer, at: number }[]} */
	const queue = [];
	let linkFreeAt = 0;
	let waiting = 0;
	let ended = false;
	/** @type {NodeJS.Timeout | undefined} */
	let timer;
	const resumeIfRoom = () => {
		if (from.isPaused() && waiting <= SHAPED_QUEUE_BYTES && to.writableLength <= SHAPED_QUEUE_BYTES) from.resume();
	};
	const pump = () => {
		timer = undefined;
		const now = performance.now();
		while (queue.length && queue[0].at <= now) {
			const { piece } = /** @type {{ piece: Buffer }} */ (queue.shift());
			waiting -= piece.length;
			if (!to.destroyed) to.write(piece);
		}
		if (queue.length) timer = setTimeout(pump, Math.max(1, queue[0].at - now));
		else if (ended && !to.destroyed) to.end();
		resumeIfRoom();
	};
	to.on('drain', resumeIfRoom);
	from.on('data', (/** @type {Buffer} */ piece) => {
		const now = performance.now();
		linkFreeAt = Math.max(now, linkFreeAt) + (rate > 0 ? (piece.length / rate) * 1000 : 0);
		queue.push({ piece, at: linkFreeAt + delayMs });
		waiting += piece.length;
		if (waiting > SHAPED_QUEUE_BYTES) from.pause();
		timer ??= setTimeout(pump, Math.max(0, queue[0].at - now));
	});
	from.on('end', () => {
		ended = true;
		if (!queue.length && !timer && !to.destroyed) to.end();
	});
	to.on('close', () => {
		if (timer) clearTimeout(timer);
	});
}

module.exports = { startDropboxProxy };
