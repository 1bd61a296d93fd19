// Low-level probes of the loopback proxy for the e2e suite (plain sockets, kept out of the TypeScript tests).
'use strict';
const net = require('node:net');
const os = require('node:os');
const tls = require('node:tls');

/**
 * Sends `CONNECT <target>` to the proxy and resolves with the status code of its answer; with `tlsOptions`, a
 * 200 is followed by a TLS handshake through the tunnel and the peer certificate's subject is returned too.
 * @param {number} proxyPort @param {string} target host:port
 * @param {{ ca: string, servername: string }} [tlsOptions]
 * @returns {Promise<{ status: number, authorized?: boolean, subjectAltName?: string }>}
 */
function connectThrough(proxyPort, target, tlsOptions) {
	return new Promise((resolve, reject) => {
		const socket = net.connect(proxyPort, '127.0.0.1', () => socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`));
		socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer to CONNECT ${target}`)));
		socket.once('error', reject);
		let head = '';
		/** @param {Buffer} chunk */
		const onData = (chunk) => {
			head += chunk.toString('latin1');
			if (!head.includes('\r\n\r\n')) return;
			socket.removeListener('data', onData);
			const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
			if (status !== 200 || !tlsOptions) {
				socket.destroy();
				resolve({ status });
				return;
			}
			const secure = tls.connect({ socket, ca: tlsOptions.ca, servername: tlsOptions.servername }, () => {
				const { subjectaltname } = secure.getPeerCertificate();
				resolve({ status, authorized: secure.authorized, subjectAltName: subjectaltname });
				secure.destroy();
			});
			secure.once('error', reject);
		};
		socket.on('data', onData);
	});
}

/** This machine's non-loopback IPv4 addresses. */
function externalAddresses() {
	return Object.values(os.networkInterfaces())
		.flat()
		.filter(/** @returns {address is os.NetworkInterfaceInfo} */ (address) => !!address && address.family === 'IPv4' && !address.internal)
		.map((address) => address.address);
}

/**
 * Resolves true when a TCP connection to host:port is accepted.
 * @param {string} host @param {number} port @returns {Promise<boolean>}
 */
function accepts(host, port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, host);
		socket.setTimeout(3000, () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

module.exports = { connectThrough, externalAddresses, accepts };
