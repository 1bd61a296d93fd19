// @ts-check
'use strict';

const crypto = require('node:crypto');

/**
 * An id that is the same on every run for the same seed, so fixtures and e2e expectations can name
 * accounts and members without asking the stand-in first.
 * @param {string} seed @param {number} length
 */
function stableId(seed, length) {
	let out = '';
	for (let i = 0; out.length < length; i++) out += crypto.createHash('sha256').update(`${seed}#${i}`).digest('base64url');
	return out.slice(0, length);
}

/** Dropbox-shaped ids: 40 characters for account and member ids, as the spec's AccountId demands. */
const accountId = (/** @type {string} */ seed) => `dbid:AA${stableId(`account:${seed}`, 33)}`;
const teamMemberId = (/** @type {string} */ seed) => `dbmid:AA${stableId(`member:${seed}`, 32)}`;
const teamId = (/** @type {string} */ seed) => `dbtid:AA${stableId(`team:${seed}`, 32)}`;

/** A secret that must not be guessable from earlier ones (tokens, codes). @param {number} length */
const secret = (length) => crypto.randomBytes(Math.ceil((length * 3) / 4)).toString('base64url').slice(0, length);

module.exports = { stableId, accountId, teamMemberId, teamId, secret };
