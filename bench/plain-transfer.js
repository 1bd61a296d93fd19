// @ts-check
// The plain client of bench/n8n-transfer.js, in a process of its own: one upload or download of a file through
// the stand-in's proxy, the way a careful hand-written client moves it: the upload in the same upload-session
// requests as the node (chunks of the same size, read from disk into one reused Buffer; no hashing, no retries),
// the download piped into a file with a write stream (as n8n's filesystem binary store writes one).
//
//   node bench/plain-transfer.js '<json: { mode, file, path, chunkBytes, proxyUrl, caPath, token, outFile }>'
//
// Prints one JSON line: { seconds, bytes } (the time of the transfer alone, from the first request to the end).
'use strict';

const fs = require('node:fs');
const { plainCall, rawRequest } = require('./lib');

async function main() {
	const job = JSON.parse(process.argv[2]);
	const target = { proxyUrl: job.proxyUrl, caPem: fs.readFileSync(job.caPath, 'utf8'), port: 0, tokens: { access_token: job.token } };
	const started = performance.now();
	let bytes = 0;
	if (job.mode === 'upload') {
		const size = fs.statSync(job.file).size;
		const fd = fs.openSync(job.file, 'r');
		const chunk = Buffer.allocUnsafe(Math.min(job.chunkBytes, Math.max(size, 1)));
		const read = () => chunk.subarray(0, fs.readSync(fd, chunk, 0, chunk.length, bytes));
		const commit = { path: job.path, mode: 'overwrite' };
		if (size <= job.chunkBytes) {
			const data = read();
			await plainCall(target, 'files/upload', commit, data);
			bytes += data.length;
		} else {
			let data = read();
			const { session_id } = await plainCall(target, 'files/upload_session/start', { close: false }, data);
			bytes += data.length;
			while (size - bytes > job.chunkBytes) {
				data = read();
				await plainCall(target, 'files/upload_session/append_v2', { cursor: { session_id, offset: bytes }, close: false }, data);
				bytes += data.length;
			}
			const offset = bytes;
			data = read();
			bytes += data.length;
			await plainCall(target, 'files/upload_session/finish', { cursor: { session_id, offset }, commit }, data);
		}
		fs.closeSync(fd);
	} else {
		const sink = fs.createWriteStream(job.outFile);
		const answer = await rawRequest(target, {
			host: 'content.dropboxapi.com',
			path: '/2/files/download',
			headers: { Authorization: `Bearer ${job.token}`, 'Dropbox-API-Arg': JSON.stringify({ path: job.path }) },
			sink,
		});
		if (answer.status !== 200) throw new Error(`files/download: ${answer.status} ${answer.text}`);
		bytes = fs.statSync(job.outFile).size;
		fs.rmSync(job.outFile, { force: true });
	}
	const seconds = (performance.now() - started) / 1000;
	process.stdout.write(`${JSON.stringify({ seconds, bytes })}\n`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
