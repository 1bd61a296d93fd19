// @ts-check
'use strict';

/**
 * The vendored Dropbox route table, keyed the way requests name routes: by the HTTP path after `/2/`
 * (`files/copy_v2`), because the table's `name` drops the version suffix and so is not unique.
 *
 * @typedef {object} Route
 * @property {string} id             path after /2/, e.g. "files/copy_v2"
 * @property {string} name
 * @property {'api'|'content'|'notify'} host
 * @property {'rpc'|'upload'|'download'} style
 * @property {string} auth           user | team | app | noauth | "app, user"
 * @property {string|null} scope
 * @property {'struct'|'void'|'union'} arg_kind
 * @property {string[]} required_args
 * @property {string[]} optional_args
 * @property {string|null} select_admin_mode
 * @property {string} error_type
 * @property {boolean} deprecated
 */

/** @type {Route[]} */
const list = require('../fixtures/dropbox-routes.json').map((/** @type {any} */ r) => ({ ...r, id: r.http_path.slice('/2/'.length) }));

/** @type {Map<string, Route>} */
const routes = new Map(list.map((r) => [r.id, r]));

const HOSTS = /** @type {const} */ ({
	api: 'api.dropboxapi.com',
	content: 'content.dropboxapi.com',
	notify: 'notify.dropboxapi.com',
});

/**
 * Which Dropbox host a Host header names, or null for anything else.
 * @param {string | undefined} hostHeader
 * @returns {'api'|'content'|'notify'|null}
 */
function hostKind(hostHeader) {
	const name = String(hostHeader || '').toLowerCase().replace(/:443$/, '');
	for (const [kind, host] of Object.entries(HOSTS)) if (host === name) return /** @type {'api'|'content'|'notify'} */ (kind);
	return null;
}

/** @param {Route} route */
const takesUserToken = (route) => route.auth === 'user' || route.auth === 'app, user';

/** Every scope a user-linked app can hold, and every scope a team-linked app can hold. */
const USER_SCOPES = [...new Set(list.filter(takesUserToken).map((r) => r.scope).filter(Boolean))].sort();
const TEAM_SCOPES = [...new Set(list.map((r) => r.scope).filter(Boolean))].sort();

module.exports = { routes, HOSTS, hostKind, takesUserToken, USER_SCOPES: /** @type {string[]} */ (USER_SCOPES), TEAM_SCOPES: /** @type {string[]} */ (TEAM_SCOPES) };
