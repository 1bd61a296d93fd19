// The instance's owner: n8n creates it at start-up from the environment (a bcrypt hash of its password), so that
// scripts can log in and make a public-API key without the set-up screen.
'use strict';
const path = require('node:path');
const runtime = require('../runtime.cjs');

/** Local owner of the instance: a login for a local, loopback-only n8n, not a secret. */
const OWNER = { email: 'owner@dropbox-suite.local', password: 'Dropbox-Suite-1', firstName: 'Local', lastName: 'Owner' };

/**
 * A bcrypt hash made with the bcryptjs that n8n itself ships.
 * @param {string} password @returns {string}
 */
function bcryptHash(password) {
	const bcrypt = require(path.join(runtime.n8nHome, '..', 'bcryptjs'));
	return bcrypt.hashSync(password, 10);
}

/**
 * n8n's settings that make OWNER the owner.
 * @param {string | undefined} passwordHash  bcryptHash(OWNER.password)
 */
function ownerEnv(passwordHash) {
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: passwordHash,
	};
}

module.exports = { OWNER, bcryptHash, ownerEnv };
