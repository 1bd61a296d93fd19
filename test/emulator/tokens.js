// @ts-check
'use strict';

const crypto = require('node:crypto');
const { secret } = require('./ids');
const { USER_SCOPES, TEAM_SCOPES } = require('./route-table');

/**
 * OAuth state: authorization codes, refresh tokens and short-lived access tokens. A grant is what the
 * user (or a team admin) approved; every token carries its grant. Refresh tokens are not rotated, as
 * at Dropbox; revoking an access token revokes its refresh token and that token's other access tokens.
 *
 * @typedef {object} Grant
 * @property {boolean} team          team-linked app
 * @property {string} accountId      user-linked: the user; team-linked: the admin who linked the app
 * @property {string[]} scopes
 *
 * @typedef {{ grant: Grant, expiresAt: number, refreshToken?: string, revoked: boolean }} AccessToken
 * @typedef {{ grant: Grant, revoked: boolean }} RefreshToken
 * @typedef {{ grant: Grant, offline: boolean, redirectUri?: string }} AuthorizationCode
 *
 * @typedef {object} TokenIssue
 * @property {string} access_token
 * @property {'bearer'} token_type
 * @property {number} expires_in
 * @property {string} scope
 * @property {string} [refresh_token]
 * @property {string} [account_id]
 * @property {string} [uid]
 * @property {string} [team_id]
 */

class Tokens {
	/**
	 * @param {import('./store').Store} store
	 * @param {number} lifetimeSeconds
	 */
	constructor(store, lifetimeSeconds) {
		this.store = store;
		this.lifetimeSeconds = lifetimeSeconds;
		/** @type {Map<string, AccessToken>} */
		this.access = new Map();
		/** @type {Map<string, RefreshToken>} */
		this.refresh = new Map();
		/** @type {Map<string, AuthorizationCode>} */
		this.codes = new Map();
	}

	/**
	 * A grant from friendly options: `account` is 'personal', a team_member_id or an account_id.
	 * @param {{ account?: string, team?: boolean, scopes?: string[] | 'all' }} options
	 * @returns {Grant}
	 */
	grant({ account, team = false, scopes = 'all' }) {
		const { store } = this;
		const key = account ?? (team ? store.team?.adminMemberId : 'personal');
		const found = key === 'personal' ? store.personal() : (store.members.get(String(key)) ?? store.accounts.get(String(key)));
		if (!found) throw new Error(`issueTokens: no account or team member "${key}"`);
		if (team && !found.team_member_id) throw new Error(`issueTokens: a team token needs a team member, not "${key}"`);
		const list = scopes === 'all' ? (team ? TEAM_SCOPES : USER_SCOPES) : [...new Set(scopes)].sort();
		return { team, accountId: found.account_id, scopes: list };
	}

	/**
	 * @param {Grant} grant
	 * @param {{ offline?: boolean, expiresIn?: number, refreshToken?: string }} [options]
	 * @returns {TokenIssue}
	 */
	issue(grant, { offline = true, expiresIn = this.lifetimeSeconds, refreshToken } = {}) {
		if (offline && !refreshToken) {
			refreshToken = secret(64);
			this.refresh.set(refreshToken, { grant, revoked: false });
		}
		const accessToken = `sl.u.${secret(150)}`;
		this.access.set(accessToken, { grant, expiresAt: Date.now() + expiresIn * 1000, refreshToken, revoked: false });
		const account = /** @type {import('./store').Account} */ (this.store.accounts.get(grant.accountId));
		return {
			access_token: accessToken,
			token_type: 'bearer',
			expires_in: expiresIn,
			scope: grant.scopes.join(' '),
			...(refreshToken && { refresh_token: refreshToken }),
			...(grant.team
				? { team_id: /** @type {import('./store').Team} */ (this.store.team).team_id }
				: { uid: uidOf(account.account_id), account_id: account.account_id }),
		};
	}

	/** @param {string} token @returns {{ state: 'ok' | 'expired' | 'unknown', grant?: Grant }} */
	check(token) {
		const t = this.access.get(token);
		if (!t || t.revoked) return { state: 'unknown' };
		if (Date.now() >= t.expiresAt) return { state: 'expired', grant: t.grant };
		return { state: 'ok', grant: t.grant };
	}

	/**
	 * A new access token for a refresh token, optionally narrowed to a subset of its scopes.
	 * @param {string} refreshToken @param {string[]} [scopes]
	 * @returns {TokenIssue | 'unknown' | 'invalid_scope'}
	 */
	refreshAccess(refreshToken, scopes) {
		const r = this.refresh.get(refreshToken);
		if (!r || r.revoked) return 'unknown';
		let grant = r.grant;
		if (scopes) {
			if (!scopes.every((s) => grant.scopes.includes(s))) return 'invalid_scope';
			grant = { ...grant, scopes: [...new Set(scopes)].sort() };
		}
		const issued = this.issue(grant, { refreshToken });
		delete issued.refresh_token;
		return issued;
	}

	/** @param {Grant} grant @param {{ offline?: boolean, redirectUri?: string }} options */
	createCode(grant, { offline = true, redirectUri } = {}) {
		const code = secret(43);
		this.codes.set(code, { grant, offline, redirectUri });
		return code;
	}

	/** Codes are single-use. @param {string} code */
	takeCode(code) {
		const found = this.codes.get(code);
		this.codes.delete(code);
		return found;
	}

	/** @param {string} accessToken */
	revoke(accessToken) {
		const t = this.access.get(accessToken);
		if (!t) return;
		t.revoked = true;
		if (!t.refreshToken) return;
		/** @type {RefreshToken} */ (this.refresh.get(t.refreshToken)).revoked = true;
		for (const other of this.access.values()) if (other.refreshToken === t.refreshToken) other.revoked = true;
	}

	expireAll() {
		for (const t of this.access.values()) t.expiresAt = Math.min(t.expiresAt, Date.now());
	}
}

/** Dropbox's legacy numeric user id, stable per account. @param {string} accountId */
const uidOf = (accountId) => String(parseInt(crypto.createHash('sha256').update(accountId).digest('hex').slice(0, 8), 16) % 900_000_000 + 100_000_000);

module.exports = { Tokens };
