// @ts-check
/**
 * Point n8n's real HTTP stack at local stand-ins: a test CA this process trusts, the HTTPS proxy
 * variables n8n reads on every request, and a throwaway CA + server certificate made with openssl.
 */
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const tls = require('node:tls');

/** @type {Set<string>} */
const trustedCas = new Set();
/** @type {typeof tls.createSecureContext | undefined} */
let originalCreateSecureContext;

/**
 * Make every TLS client in this process also trust `caPem`, leaving the system roots in place.
 * n8n's https agents (plain, env-proxy and CONNECT-tunnelling ones) build their own contexts
 * through tls.connect → tls.createSecureContext, so a `ca` option on some agent would not reach
 * them; wrapping the factory does. NODE_EXTRA_CA_CERTS is read only at process start.
 * Core modules are shared by every test file of a jest worker: call the returned function in
 * afterAll.
 * @param {string} caPem
 * @returns {() => void} undoes this call
 */
function trustTestCa(caPem) {
	trustedCas.add(caPem);
	if (!originalCreateSecureContext) {
		const original = tls.createSecureContext;
		originalCreateSecureContext = original;
		tls.createSecureContext = (options) => {
			const secureContext = original(options);
			// addCACert copies the shared root store before adding, so other contexts are unaffected.
			for (const pem of trustedCas) secureContext.context.addCACert(pem);
			return secureContext;
		};
	}
	return () => {
		trustedCas.delete(caPem);
		if (trustedCas.size === 0 && originalCreateSecureContext) {
			tls.createSecureContext = originalCreateSecureContext;
			originalCreateSecureContext = undefined;
		}
	};
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy'];
// proxy-from-env (used by n8n) prefers npm's own settings over https_proxy; `npm test` exports them.
const SHADOWING_VARS = ['npm_config_https_proxy', 'npm_config_proxy'];
const NO_PROXY_VARS = ['NO_PROXY', 'no_proxy', 'npm_config_no_proxy'];

/**
 * Send n8n's HTTPS requests through `proxyUrl` (n8n reads the variables per request) until the
 * returned function restores the environment. NO_PROXY entries that would exempt Dropbox hosts
 * (anything naming dropbox, and `*`) are dropped meanwhile.
 * @param {string} proxyUrl
 * @returns {() => void} restores the environment
 */
function withDropboxProxy(proxyUrl) {
	/** @type {Map<string, string | undefined>} */
	const saved = new Map();
	/**
	 * @param {string} name
	 * @param {string | undefined} value
	 */
	const set = (name, value) => {
		if (!saved.has(name)) saved.set(name, process.env[name]);
		if (value === undefined) delete process.env[name];
		else process.env[name] = value;
	};
	for (const name of PROXY_VARS) set(name, proxyUrl);
	for (const name of SHADOWING_VARS) set(name, undefined);
	for (const name of NO_PROXY_VARS) {
		const value = process.env[name];
		if (value === undefined) continue;
		const kept = value
			.split(/[,\s]+/)
			.filter((entry) => entry && entry !== '*' && !/dropbox/i.test(entry));
		set(name, kept.length ? kept.join(',') : undefined);
	}
	return () => {
		for (const [name, value] of saved) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	};
}

/**
 * A throwaway CA and a server certificate for `hostnames`, signed by it, made with the openssl CLI
 * in a new temp dir (PEM strings returned; files ca.pem, server-key.pem, server.pem in `dir`).
 * @param {string[]} hostnames the first one is also the subject's CN
 * @returns {{ dir: string, caCert: string, serverKey: string, serverCert: string }}
 */
function makeTestCertificates(hostnames) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-harness-ca-'));
	/** @param {string} name */
	const file = (name) => path.join(dir, name);
	/** @param {string[]} args */
	const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

	// prettier-ignore
	openssl(
		'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
		'-subj', '/CN=n8n harness test CA',
		'-addext', 'basicConstraints=critical,CA:TRUE',
		'-addext', 'keyUsage=critical,keyCertSign,cRLSign',
		'-keyout', file('ca-key.pem'), '-out', file('ca.pem'),
	);
	// prettier-ignore
	openssl(
		'req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${hostnames[0]}`,
		'-keyout', file('server-key.pem'), '-out', file('server.csr'),
	);
	fs.writeFileSync(
		file('server.ext'),
		[
			'basicConstraints=CA:FALSE',
			'keyUsage=digitalSignature,keyEncipherment',
			'extendedKeyUsage=serverAuth',
			`subjectAltName=${hostnames.map((h) => `DNS:${h}`).join(',')}`,
		].join('\n'),
	);
	// prettier-ignore
	openssl(
		'x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca-key.pem'),
		'-CAcreateserial', '-days', '2', '-extfile', file('server.ext'), '-out', file('server.pem'),
	);
	return {
		dir,
		caCert: fs.readFileSync(file('ca.pem'), 'utf8'),
		serverKey: fs.readFileSync(file('server-key.pem'), 'utf8'),
		serverCert: fs.readFileSync(file('server.pem'), 'utf8'),
	};
}

module.exports = { trustTestCa, withDropboxProxy, makeTestCertificates };
