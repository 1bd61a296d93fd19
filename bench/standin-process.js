// @ts-check
// Runs the Dropbox stand-in (TLS) and its CONNECT proxy in a process of their own, so a benchmark measures the
// memory of the client side only. Prints one JSON line { port, proxyUrl, caPem, tokens } when ready; stops on SIGTERM
// or when its stdin ends (the parent keeps it open, so a parent that dies does not leave a stand-in behind).
// `--latency-ms N` and `--link-mibps M` make the proxy shape every tunnel like a distant Dropbox (round trip, and a
// cap per connection and direction; see test/emulator/proxy.js).
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const { startDropboxStandIn, makeTestCertificates, startDropboxProxy } = require('../test/emulator');

async function main() {
	const dir = mkdtempSync(join(tmpdir(), 'dropbox-suite-bench-'));
	const certs = makeTestCertificates(dir);
	const standIn = await startDropboxStandIn({ tls: { key: certs.key, cert: certs.cert } });
	const flag = (/** @type {string} */ name) => {
		const at = process.argv.indexOf(name);
		return at >= 0 ? Number(process.argv[at + 1]) : 0;
	};
	const link = { latencyMs: flag('--latency-ms'), bytesPerSecond: flag('--link-mibps') * 1024 * 1024 };
	const proxy = await startDropboxProxy({ standInPort: standIn.port, link });
	const tokens = standIn.issueTokens({ scopes: 'all' });
	process.stdout.write(JSON.stringify({ port: standIn.port, proxyUrl: proxy.url, caPem: certs.caPem, tokens }) + '\n');
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await proxy.stop();
		await standIn.stop();
		rmSync(dir, { recursive: true, force: true });
		process.exit(0);
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
	// The parent holds our stdin open: when it ends (the parent exited, even by a crash), stop too.
	process.stdin.on('end', stop);
	process.stdin.on('error', stop);
	process.stdin.resume();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
