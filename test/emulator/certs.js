// @ts-check
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');

/** The names the stand-in answers for under TLS. */
const SERVER_NAMES = ['api.dropboxapi.com', 'content.dropboxapi.com', 'notify.dropboxapi.com', 'www.dropbox.com', 'localhost'];

/**
 * A throwaway certificate authority and a server certificate it signed for the Dropbox host names,
 * made with the openssl command line tool. Trust `caPem` (or NODE_EXTRA_CA_CERTS=caPath) in the client.
 *
 * @param {string} dir  where the PEM files go (created if missing)
 * @returns {{ caPath: string, caPem: string, key: string, cert: string, keyPath: string, certPath: string }}
 */
function makeTestCertificates(dir) {
	fs.mkdirSync(dir, { recursive: true });
	/** @param {string} name */
	const file = (name) => path.join(dir, name);
	/** @param {string[]} args */
	const openssl = (args) => {
		try {
			execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
		} catch (error) {
			const e = /** @type {NodeJS.ErrnoException & { stderr?: Buffer }} */ (error);
			if (e.code === 'ENOENT') throw new Error('makeTestCertificates needs the openssl command line tool: install openssl (e.g. apt-get install openssl)');
			throw new Error(`openssl ${args[0]} failed: ${e.stderr?.toString() ?? e.message}`);
		}
	};
	const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

	openssl(['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '30',
		'-subj', '/CN=Dropbox Stand-in Test CA',
		'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
	openssl(['req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=api.dropboxapi.com']);
	fs.writeFileSync(
		file('server.ext'),
		[
			'basicConstraints=CA:FALSE',
			'keyUsage=critical,digitalSignature,keyEncipherment',
			'extendedKeyUsage=serverAuth',
			`subjectAltName=${[...SERVER_NAMES.map((n) => `DNS:${n}`), 'IP:127.0.0.1'].join(',')}`,
		].join('\n'),
	);
	openssl(['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
		'-set_serial', `0x${crypto.randomBytes(8).toString('hex')}`, '-days', '30', '-extfile', file('server.ext'), '-out', file('server.pem')]);

	return {
		caPath: file('ca.pem'),
		caPem: fs.readFileSync(file('ca.pem'), 'utf8'),
		key: fs.readFileSync(file('server.key'), 'utf8'),
		cert: fs.readFileSync(file('server.pem'), 'utf8'),
		keyPath: file('server.key'),
		certPath: file('server.pem'),
	};
}

module.exports = { makeTestCertificates, SERVER_NAMES };
