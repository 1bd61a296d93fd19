// The Dropbox stand-in for a real n8n: the stand-in itself (in this process), a test CA and certificate for the
// Dropbox hosts, the loopback proxy n8n reaches them through, and the credential that holds its tokens.
'use strict';
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');

/** The seeded stand-in app and credential (fixed, so example workflows can reference them). */
const STAND_IN = {
	appKey: 'test-app-key',
	appSecret: 'test-app-secret',
	credentialId: 'DbxSuiteStandIn1',
	credentialName: 'Dropbox Suite (stand-in)',
	credentialType: 'dropboxSuiteOAuth2Api',
	/** A team-linked credential, linked by the team's admin (the team examples use it). */
	teamCredentialId: 'DbxSuiteStandInTm',
	teamCredentialName: 'Dropbox Suite team (stand-in)',
};

/**
 * @typedef {object} StandInStack
 * @property {import('../../test/emulator').StandIn} standIn
 * @property {{ url: string, port: number, stop: () => Promise<void> }} proxy
 * @property {string} caPath     the test CA alone
 * @property {string} caPem
 * @property {string} trustPath  what NODE_EXTRA_CA_CERTS gets: the test CA and any CAs the environment trusted
 */

/**
 * The stand-in (in this process), a test CA and certificate for the Dropbox hosts, and the loopback proxy.
 * The stand-in lives in memory: it is gone when this process ends.
 * @param {string} workDir  the certificates go to <workDir>/certs
 * @returns {Promise<StandInStack>}
 */
async function startDropboxStandInStack(workDir) {
	const { startDropboxStandIn } = require('../../test/emulator');
	const { makeTestCertificates } = require('../../test/emulator/certs');
	const { startDropboxProxy } = require('../../test/emulator/proxy');
	const certDir = path.join(workDir, 'certs');
	await fsp.mkdir(certDir, { recursive: true });
	const certs = await makeTestCertificates(certDir);
	// NODE_EXTRA_CA_CERTS takes one file: keep CAs the environment already trusts (other hosts are tunnelled as is).
	let trustPath = certs.caPath;
	const inherited = process.env.NODE_EXTRA_CA_CERTS;
	if (inherited && inherited !== certs.caPath && fs.existsSync(inherited)) {
		trustPath = path.join(certDir, 'trusted-cas.pem');
		fs.writeFileSync(trustPath, `${certs.caPem.trimEnd()}\n${fs.readFileSync(inherited, 'utf8')}`);
	}
	const standIn = await startDropboxStandIn({
		tls: { key: certs.key, cert: certs.cert },
		port: 0,
		appKey: STAND_IN.appKey,
		appSecret: STAND_IN.appSecret,
	});
	let proxy;
	try {
		proxy = await startDropboxProxy({ standInPort: standIn.port, port: 0 });
	} catch (error) {
		await standIn.stop();
		throw error;
	}
	return { standIn, proxy, caPath: certs.caPath, caPem: certs.caPem, trustPath };
}

/**
 * A credential of our type, ready for `n8n import:credentials`, holding tokens the stand-in issued.
 * @param {import('../../test/emulator/tokens').TokenIssue} tokens
 * @param {{ id?: string, name?: string, appType?: 'user' | 'team', scopePreset?: string }} [options]
 */
function standInCredential(tokens, { id = STAND_IN.credentialId, name = STAND_IN.credentialName, appType = 'user', scopePreset = 'full' } = {}) {
	return {
		id,
		name,
		type: STAND_IN.credentialType,
		data: {
			clientId: STAND_IN.appKey,
			clientSecret: STAND_IN.appSecret,
			appType,
			scopePreset,
			oauthTokenData: {
				access_token: tokens.access_token,
				refresh_token: tokens.refresh_token,
				token_type: tokens.token_type,
				expires_in: tokens.expires_in,
				scope: tokens.scope,
				account_id: tokens.account_id,
				...(tokens.team_id ? { team_id: tokens.team_id } : {}),
			},
		},
	};
}

module.exports = { STAND_IN, startDropboxStandInStack, standInCredential };
