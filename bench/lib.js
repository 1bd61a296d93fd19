// @ts-check
// Shared pieces of the benchmarks: the stand-in in its own process, a raw HTTPS client through the same proxy
// (the baseline), memory sampling, and running the built node (dist/) in n8n's real execution engine.
const { spawn } = require('node:child_process');
const http = require('node:http');
const tls = require('node:tls');
const { join } = require('node:path');

const MiB = 1024 * 1024;

/** Starts bench/standin-process.js and waits for its ready line. */
async function startStandInProcess() {
	const child = spawn(process.execPath, ['--max-old-space-size=8192', join(__dirname, 'standin-process.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
	const ready = await new Promise((resolve, reject) => {
		let buffer = '';
		child.stdout.on('data', (chunk) => {
			buffer += chunk;
			const newline = buffer.indexOf('\n');
			if (newline >= 0) resolve(JSON.parse(buffer.slice(0, newline)));
		});
		child.once('exit', (code) => reject(new Error(`the stand-in process exited (${code})`)));
	});
	return { ...ready, stop: () => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); }) };
}

/**
 * One raw HTTPS request to a Dropbox host through the CONNECT proxy, as a plain client would send it.
 * @param {{ proxyUrl: string, caPem: string }} target
 * @param {{ host: string, path: string, headers: Record<string, string>, body?: Buffer, onData?: (chunk: Buffer) => void }} request
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, text: string }>}
 */
function rawRequest(target, request) {
	const proxy = new URL(target.proxyUrl);
	return new Promise((resolve, reject) => {
		const connect = http.request({ host: proxy.hostname, port: proxy.port, method: 'CONNECT', path: `${request.host}:443` });
		connect.once('connect', (_res, socket) => {
			const secure = tls.connect({ socket, servername: request.host, ca: target.caPem });
			const req = http.request(
				{ createConnection: () => secure, host: request.host, path: request.path, method: 'POST', headers: { Host: request.host, ...request.headers } },
				(res) => {
					const chunks = [];
					res.on('data', (chunk) => (request.onData ? request.onData(chunk) : chunks.push(chunk)));
					res.on('end', () => {
						secure.end();
						resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
					});
				},
			);
			req.once('error', reject);
			req.end(request.body);
		});
		connect.once('error', reject);
		connect.end();
	});
}

/** Samples the resident set size while `work` runs; returns its result and the peak above the starting point. */
async function measure(work) {
	if (global.gc) global.gc();
	const baseline = process.memoryUsage().rss;
	let peak = baseline;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
	const started = process.hrtime.bigint();
	try {
		const result = await work();
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		peak = Math.max(peak, process.memoryUsage().rss);
		return { result, seconds, peakAboveBaseline: peak - baseline };
	} finally {
		clearInterval(timer);
	}
}

const fmt = {
	mib: (bytes) => `${(bytes / MiB).toFixed(1)} MiB`,
	rate: (bytes, seconds) => `${(bytes / MiB / seconds).toFixed(0)} MiB/s`,
	ratio: (x) => x.toFixed(2),
};

module.exports = { MiB, startStandInProcess, rawRequest, measure, fmt };
