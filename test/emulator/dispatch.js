// @ts-check
'use strict';

const { Readable } = require('node:stream');

const { routes, HOSTS } = require('./route-table');
const { Answer, text, json, badInput, authError, summaryOf, headerSafeJson, routeError } = require('./answers');
const { readBody, drain } = require('./body');
const { faultAnswer } = require('./faults');
const { rootInfo } = require('./views');
const handlers = require('./routes');

/**
 * One /2/<route> request, checked the way Dropbox checks it, in this order: the route and its host,
 * an injected fault, authentication (token, team member selection, scope), the argument (content type,
 * JSON, top-level fields), the path root; then the route's handler.
 *
 * @typedef {object} State
 * @property {import('./store').Store} store
 * @property {import('./tokens').Tokens} tokens
 * @property {import('./faults').Faults} faults
 * @property {string} appKey
 * @property {string} appSecret
 * @property {import('./files/runtime').FilesRuntime} files   upload sessions, async jobs, links, long polls
 *
 * @typedef {object} Caller
 * @property {'user'|'team'|'app'|'none'} kind
 * @property {string} [token]
 * @property {import('./tokens').Grant} [grant]
 * @property {import('./store').Account} [account]     the user a user route acts as
 * @property {'whole_team'|'team_admin'} [adminMode]    acting through Dropbox-API-Select-Admin
 * @property {() => import('./store').Account} user     the acting user (throws for app and team callers)
 *
 * @typedef {{ '.tag': 'home'|'root'|'namespace_id', namespace_id: string }} PathRoot
 *
 * @typedef {object} Context
 * @property {import('./route-table').Route} route
 * @property {any} arg                                  the decoded argument ({} when none was sent)
 * @property {Caller} caller
 * @property {PathRoot | undefined} pathRoot
 * @property {import('node:http').IncomingMessage} req  upload routes stream their bytes from it
 * @property {State} state
 * @property {(field: string, message: string) => Answer} argError   a 400 naming an argument field
 * @property {string} where                             where the argument came from ("request body", ...)
 * @property {(kind: import('./faults').FaultKind) => import('./faults').FaultSpec | undefined} takeFault
 *   a fault that fires inside the handler ('reset', 'incorrect_offset'), counted down when taken
 *
 * @typedef {{ result: unknown, content: Buffer | NodeJS.ReadableStream, status?: number, headers?: Record<string, string> }} Download
 *
 * @typedef {object} RequestRecord
 * @property {string} host
 * @property {string} route
 * @property {string} method
 * @property {Record<string, string | string[] | undefined>} headers
 * @property {unknown} arg
 * @property {number | null} status                    null when the connection was dropped
 * @property {number} at                                epoch milliseconds
 * @property {boolean} [abandoned]                      true when the client went away before the answer (an aborted long-poll)
 * @property {PathRoot} [pathRoot]
 * @property {string} [account_id]
 * @property {string} [team_member_id]
 */

/** @type {Record<number, string>} */
const LOST_STATUS_TEXT = { 500: 'Internal Server Error', 502: 'Bad Gateway', 504: 'Gateway Timeout' };

const TEAM_SELECT_HELP =
	'This API function operates on a single Dropbox account, but the OAuth 2 access token you provided is for an entire Dropbox Business team. Since your API app key has team member file access permissions, you can operate on a team member\'s Dropbox by providing the "Dropbox-API-Select-User" HTTP header or "select_user" URL parameter to specify the exact user https://www.dropbox.com/developers/documentation/http/teams.';

/**
 * @param {State} state
 * @param {import('node:http').IncomingMessage} req
 * @param {URL} url
 * @param {'api'|'content'|'notify'} host
 * @param {RequestRecord} record
 * @returns {Promise<Answer | 'drop'>}
 */
async function handleApi(state, req, url, host, record) {
	const routeId = url.pathname.slice('/2/'.length);
	const route = routes.get(routeId);
	if (!route) return text(404, `Error in call to API function "${routeId}": Unknown API function: ${url.pathname}`);
	if (route.host !== host)
		return badInput(routeId, `Incorrect host for API function ${routeId}.  You must issue the request to ${HOSTS[route.host]}`);
	const methods = route.style === 'download' ? ['POST', 'GET'] : ['POST'];
	if (!methods.includes(req.method ?? '')) return text(405, `Method ${req.method} not allowed for API function "${routeId}"`, { Allow: methods.join(', ') });

	const fault = state.faults.take(routeId);
	if (fault) return faultAnswer(fault, routeId);

	const caller = authenticate(state, route, req, url);
	if (caller.account) {
		record.account_id = caller.account.account_id;
		if (caller.account.team_member_id) record.team_member_id = caller.account.team_member_id;
	}
	const { value, where } = await readArg(route, req, url);
	record.arg = value;
	const pathRoot = resolvePathRoot(state, route, caller, req.headers['dropbox-api-path-root']);
	if (pathRoot) record.pathRoot = pathRoot;
	if (pathRoot?.['.tag'] === 'root' && caller.account && state.faults.take(routeId, ['path_root_changed'])) {
		await drain(req);
		return invalidRoot(caller.account);
	}

	const failing = state.faults.take(routeId, ['route_error'], value);
	if (failing) {
		await drain(req);
		return routeError(/** @type {object} */ (failing.error));
	}

	const handler = handlers[routeId];
	if (!handler) {
		await drain(req);
		return text(501, `not implemented by the stand-in: ${routeId}`);
	}
	/** @type {Context} */
	const ctx = {
		route,
		arg: value ?? {},
		caller,
		pathRoot,
		req,
		state,
		argError: (field, message) => badInput(routeId, `${where}: ${field}: ${message}`),
		where,
		takeFault: (kind) => state.faults.take(routeId, [kind]),
	};
	// A lost response: the request is carried out, then the connection is dropped without an answer (or, with a
	// status, a bare 5xx is answered, as a front end does when the work was done behind it).
	const lose = state.faults.take(routeId, ['lose_response'], value);
	/** @type {Answer} */
	let answer;
	try {
		const out = await handler(ctx);
		if (route.style === 'upload') await drain(req);
		if (route.style !== 'download') answer = json(200, out ?? null);
		else {
			const { result, content, status = 200, headers = {} } = /** @type {Download} */ (out);
			const corrupt = status === 200 && state.faults.take(routeId, ['corrupt_download']);
			answer = new Answer(status, corrupt ? corrupted(content) : content, { 'Content-Type': 'application/octet-stream', ...headers, 'Dropbox-API-Result': headerSafeJson(result) });
		}
	} catch (error) {
		// Dropbox reads an upload's bytes before it answers, even with an error.
		if (route.style === 'upload') await drain(req);
		if (!lose) throw error;
		answer = error instanceof Answer ? error : text(500, String(error));
	}
	if (lose) {
		const body = /** @type {any} */ (answer.body);
		if (body && typeof body.destroy === 'function') body.destroy();
		return lose.status ? text(lose.status, LOST_STATUS_TEXT[lose.status] ?? 'Server Error') : 'drop';
	}
	return answer;
}

/**
 * @param {State} state @param {import('./route-table').Route} route
 * @param {import('node:http').IncomingMessage} req @param {URL} url
 * @returns {Caller}
 */
function authenticate(state, route, req, url) {
	const authorization = req.headers.authorization;
	/** @param {string} message */
	const bad = (message) => badInput(route.id, message);
	const nobody = () => {
		throw new Error(`${route.id}: no user behind this call`);
	};
	if (route.auth === 'noauth') {
		if (authorization) throw bad('This API function does not take an "Authorization" HTTP header.');
		return { kind: 'none', user: nobody };
	}
	if (!authorization) throw bad('Must provide HTTP header "Authorization" or URL parameter "authorization".');

	const match = /^(\w+) +(\S+)$/.exec(authorization);
	const scheme = match?.[1].toLowerCase();
	const appAllowed = route.auth === 'app' || route.auth === 'app, user';
	if (match && scheme === 'basic' && appAllowed) return appCaller(state, route, authorization, match[2]);
	if (match && scheme === 'bearer' && route.auth !== 'app') return tokenCaller(state, route, req, url, match[2]);
	throw bad(
		`Invalid authorization value in HTTP header "Authorization": "${authorization}".  Expecting ${route.auth === 'app' ? '"Basic <base64(APP_KEY:APP_SECRET)>"' : '"Bearer <oauth2-access-token>"'}.`,
	);
}

/**
 * @param {State} state @param {import('./route-table').Route} route @param {string} header @param {string} encoded
 * @returns {Caller}
 */
function appCaller(state, route, header, encoded) {
	const decoded = Buffer.from(encoded, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0)
		throw badInput(route.id, `Invalid authorization value in HTTP header "Authorization": "${header}".  Expecting "Basic <base64(APP_KEY:APP_SECRET)>".`);
	// Assumed: Dropbox's exact answer to a wrong app key or secret is unverified; a 401 is the natural reading.
	if (decoded.slice(0, colon) !== state.appKey || decoded.slice(colon + 1) !== state.appSecret) throw authError('invalid_access_token');
	return {
		kind: 'app',
		user: () => {
			throw new Error(`${route.id}: an app-authenticated call has no user`);
		},
	};
}

/**
 * @param {State} state @param {import('./route-table').Route} route
 * @param {import('node:http').IncomingMessage} req @param {URL} url @param {string} token
 * @returns {Caller}
 */
function tokenCaller(state, route, req, url, token) {
	/** @param {string} message */
	const bad = (message) => badInput(route.id, message);
	if (!/^[A-Za-z0-9._~+/=-]+$/.test(token)) throw bad('The given OAuth 2 access token is malformed.');
	const { state: tokenState, grant } = state.tokens.check(token);
	if (tokenState === 'unknown' || !grant) throw authError('invalid_access_token');
	if (tokenState === 'expired') throw authError('expired_access_token');

	const selectUser = header(req, 'dropbox-api-select-user') ?? url.searchParams.get('select_user') ?? undefined;
	const selectAdmin = header(req, 'dropbox-api-select-admin') ?? url.searchParams.get('select_admin') ?? undefined;
	/** @param {string} scope */
	const needScope = (scope) => {
		if (!grant.scopes.includes(scope)) throw authError('missing_scope', { required_scope: scope });
	};
	/** @param {import('./store').Account} account */
	const acting = (account) => () => account;

	if (route.auth === 'team') {
		if (!grant.team)
			throw bad('This API function operates on a whole Dropbox Business team, but the OAuth 2 access token you provided is for a single Dropbox account.');
		if (selectUser !== undefined) throw bad('This API function does not support the "Dropbox-API-Select-User" header.');
		if (selectAdmin !== undefined) throw bad('This API function does not support the "Dropbox-API-Select-Admin" header.');
		if (route.scope) needScope(route.scope);
		return {
			kind: 'team',
			token,
			grant,
			user: () => {
				throw new Error(`${route.id}: a team call has no user`);
			},
		};
	}

	if (!grant.team) {
		if (selectUser !== undefined || selectAdmin !== undefined)
			throw bad(
				`The "Dropbox-API-Select-${selectUser !== undefined ? 'User' : 'Admin'}" header can only be used with an OAuth 2 access token for a Dropbox Business team.`,
			);
		if (route.scope) needScope(route.scope);
		const account = /** @type {import('./store').Account} */ (state.store.accounts.get(grant.accountId));
		return { kind: 'user', token, grant, account, user: acting(account) };
	}

	// A team-linked token on a user route acts as one member, chosen by header.
	if (selectUser === undefined && selectAdmin === undefined) throw bad(TEAM_SELECT_HELP);
	if (selectUser !== undefined && selectAdmin !== undefined)
		throw bad('Only one of the "Dropbox-API-Select-User" and "Dropbox-API-Select-Admin" headers may be provided.');
	if (selectAdmin !== undefined && !route.select_admin_mode) throw bad('This API function does not support the "Dropbox-API-Select-Admin" header.');
	const asAdmin = selectAdmin !== undefined;
	const memberId = /** @type {string} */ (asAdmin ? selectAdmin : selectUser);
	if (!memberId.startsWith('dbmid:')) throw bad(`Invalid select ${asAdmin ? 'admin' : 'user'} id format`);
	const member = state.store.members.get(memberId);
	// Removed and not-yet-joined (invited) members cannot be acted as; assumed: Dropbox names them invalid like an
	// unknown ID. A suspended member's calls fail with user_suspended (AuthError), as their own token's would.
	if (!member || member.status === 'removed' || member.status === 'invited') throw authError(asAdmin ? 'invalid_select_admin' : 'invalid_select_user');
	if (asAdmin && member.role !== 'team_admin') throw authError('invalid_select_admin');
	if (member.status === 'suspended') throw authError('user_suspended');
	needScope('team_data.member');
	if (route.scope) needScope(route.scope);
	return {
		kind: 'user',
		token,
		grant,
		account: member,
		...(asAdmin && { adminMode: /** @type {'whole_team'|'team_admin'} */ (route.select_admin_mode) }),
		user: acting(member),
	};
}

/** @param {import('node:http').IncomingMessage} req @param {string} name */
const header = (req, name) => {
	const v = req.headers[name];
	return Array.isArray(v) ? v[0] : v;
};

/** Characters Dropbox cannot read in a JSON header: DEL and everything beyond ASCII. */
const NOT_HEADER_SAFE = /[\u007f-\uffff]/;

/**
 * The route's argument: rpc from the body, upload and download from Dropbox-API-Arg or ?arg=.
 * @param {import('./route-table').Route} route @param {import('node:http').IncomingMessage} req @param {URL} url
 * @returns {Promise<{ value: unknown, where: string }>}
 */
async function readArg(route, req, url) {
	const contentType = header(req, 'content-type');
	const media = parseMedia(contentType);
	/** @param {string[]} expected */
	const badType = (expected) =>
		badInput(route.id, `Bad HTTP "Content-Type" header: "${contentType ?? ''}".  Expecting one of ${expected.map((e) => `"${e}"`).join(', ')}.`);

	if (route.style === 'rpc') {
		const where = 'request body';
		const raw = (await readBody(req)).toString('utf8');
		const corsHack = media.type === 'text/plain' && media.charset === 'dropbox-cors-hack';
		const jsonType = media.type === 'application/json' && (media.charset === undefined || media.charset === 'utf-8');
		if (contentType === undefined && raw === '') return { value: decode(route, 'null', where), where };
		if (!corsHack && !jsonType) throw badType(['application/json', 'application/json; charset=utf-8', 'text/plain; charset=dropbox-cors-hack']);
		// An empty JSON body means "no argument"; under the CORS hack it is just undecodable.
		return { value: decode(route, jsonType && raw.trim() === '' ? 'null' : raw, where), where };
	}

	if (route.style === 'upload') {
		const ok = media.type === 'application/octet-stream' || (media.type === 'text/plain' && media.charset === 'dropbox-cors-hack');
		if (!ok) throw badType(['application/octet-stream', 'text/plain; charset=dropbox-cors-hack']);
	} else if (contentType !== undefined) {
		// Assumed from reports of Dropbox's wording: downloads take no body, so only neutral types pass.
		const neutral = ['text/plain', 'application/octet-stream'].includes(media.type) && (media.charset === undefined || media.charset === 'utf-8');
		if (!neutral) throw badType(['text/plain', 'text/plain; charset=utf-8', 'application/octet-stream', 'application/octet-stream; charset=utf-8']);
	}
	const argHeader = header(req, 'dropbox-api-arg');
	if (argHeader !== undefined) {
		const where = 'HTTP header "Dropbox-API-Arg"';
		if (NOT_HEADER_SAFE.test(argHeader)) throw badInput(route.id, `${where}: could not decode input as JSON`);
		return { value: decode(route, argHeader, where), where };
	}
	const argParam = url.searchParams.get('arg');
	if (argParam !== null) return { value: decode(route, argParam, 'URL parameter "arg"'), where: 'URL parameter "arg"' };
	throw badInput(route.id, 'Must provide HTTP header "Dropbox-API-Arg" or URL parameter "arg".');
}

/** @param {string | undefined} contentType @returns {{ type: string, charset?: string }} */
function parseMedia(contentType) {
	const [type, ...params] = (contentType ?? '').split(';').map((s) => s.trim().toLowerCase());
	const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
	return { type, charset };
}

/**
 * JSON text to the argument, validated as Stone's strict decoder does at the top level: unknown
 * fields first, then missing required ones. Unions are left to their routes.
 * @param {import('./route-table').Route} route @param {string} raw @param {string} where
 */
function decode(route, raw, where) {
	/** @param {string} message */
	const fail = (message) => badInput(route.id, `${where}: ${message}`);
	let value;
	try {
		value = JSON.parse(raw);
	} catch {
		throw fail('could not decode input as JSON');
	}
	if (route.arg_kind === 'void') {
		if (value !== null) throw fail('expected null, got value');
		return null;
	}
	if (route.arg_kind !== 'struct') return value;
	// A struct whose fields all have defaults may be sent as null.
	if (value === null && route.required_args.length === 0) return null;
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail(`expected object, got ${typeName(value)}`);
	const known = new Set([...route.required_args, ...route.optional_args]);
	const unknown = Object.keys(value).find((k) => !known.has(k) && !k.startsWith('.tag'));
	if (unknown !== undefined) throw fail(`unknown field '${unknown}'`);
	const missing = route.required_args.find((f) => !(f in value));
	if (missing !== undefined) throw fail(`missing required field '${missing}'`);
	return value;
}

/** Stone's names for JSON types in its messages. @param {unknown} v */
const typeName = (v) =>
	v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'float') : typeof v;

/**
 * The effective root for paths, from Dropbox-API-Path-Root. Only user calls have one.
 * @param {State} state @param {import('./route-table').Route} route @param {Caller} caller
 * @param {string | string[] | undefined} rawHeader
 * @returns {PathRoot | undefined}
 */
function resolvePathRoot(state, route, caller, rawHeader) {
	const account = caller.account;
	if (!account) return undefined;
	const home = /** @type {PathRoot} */ ({ '.tag': 'home', namespace_id: account.home_namespace_id });
	if (rawHeader === undefined) return home;
	const raw = Array.isArray(rawHeader) ? rawHeader[0] : rawHeader;
	/** @param {string} message */
	const fail = (message) => badInput(route.id, `HTTP header "Dropbox-API-Path-Root": ${message}`);
	let value;
	try {
		if (NOT_HEADER_SAFE.test(raw)) throw new Error('not header safe');
		value = JSON.parse(raw);
	} catch {
		throw fail('could not decode input as JSON');
	}
	const tag = typeof value === 'string' ? value : value && typeof value === 'object' ? value['.tag'] : undefined;
	if (typeof value !== 'string' && (typeof value !== 'object' || value === null || Array.isArray(value)))
		throw fail(`expected string or object, got ${typeName(value)}`);
	if (tag === undefined) throw fail("missing '.tag' key");
	if (tag === 'home') return home;
	if (tag !== 'root' && tag !== 'namespace_id') throw fail(`unknown tag '${tag}'`);
	if (typeof value === 'string') throw fail(`expected object for '${tag}', got symbol`);
	const ns = value[tag];
	if (ns === undefined) throw fail(`missing '${tag}' key`);
	if (typeof ns !== 'string' || !/^[-_0-9a-zA-Z:]+$/.test(ns)) throw fail(`${tag}: '${ns}' did not match pattern '[-_0-9a-zA-Z:]+'`);
	if (tag === 'root' && ns !== account.root_namespace_id)
		throw invalidRoot(account);
	if (tag === 'namespace_id' && !state.store.accessibleNamespaces(account).has(ns))
		throw json(422, { error_summary: summaryOf(['no_permission']), error: { '.tag': 'no_permission' } });
	return { '.tag': tag, namespace_id: ns };
}

/**
 * A download body damaged on the way: the first byte inverted, the length unchanged, so only the content hash of
 * Dropbox-API-Result can tell.
 * @param {Buffer | NodeJS.ReadableStream} content
 * @returns {Buffer | NodeJS.ReadableStream}
 */
function corrupted(content) {
	/** @param {Buffer} chunk */
	const flipFirst = (chunk) => {
		const copy = Buffer.from(chunk);
		copy[0] ^= 0xff;
		return copy;
	};
	if (Buffer.isBuffer(content)) return content.length ? flipFirst(content) : content;
	return Readable.from(
		(async function* () {
			let done = false;
			for await (const chunk of content) {
				const buffer = Buffer.from(/** @type {Buffer} */ (chunk));
				yield !done && buffer.length ? flipFirst(buffer) : buffer;
				if (buffer.length) done = true;
			}
		})(),
	);
}

/**
 * Dropbox's 422 for a Dropbox-API-Path-Root root that is not the caller's root, with the root it has now.
 * @param {Parameters<typeof rootInfo>[0]} account
 */
const invalidRoot = (account) =>
	json(422, { error_summary: summaryOf(['invalid_root']), error: { '.tag': 'invalid_root', invalid_root: rootInfo(account) } });

module.exports = { handleApi };
