// @ts-check
// Runs the Dropbox stand-in (TLS) and its CONNECT proxy in a process of their own, so a benchmark measures the
// memory of the client side only. Prints one JSON line { port, proxyUrl, caPem } when ready; stops on SIGTERM.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const { startDropboxStandIn, makeTestCertificates, startDropboxProxy } = require('../test/emulator');

async function main() {
	const dir = mkdtempSync(join(tmpdir(), 'dropbox-suite-bench-'));
	const certs = makeTestCertificates(dir);
	const standIn = await startDropboxStandIn({ tls: { key: certs.key, cert: certs.cert } });
	const proxy = await startDropboxProxy({ standInPort: standIn.port });
	const tokens = standIn.issueTokens({ scopes: 'all' });
	process.stdout.write(JSON.stringify({ port: standIn.port, proxyUrl: proxy.url, caPem: certs.caPem, tokens }) + '\n');
	const stop = async () => {
		await proxy.stop();
		await standIn.stop();
		rmSync(dir, { recursive: true, force: true });
		process.exit(0);
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
