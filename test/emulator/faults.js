// @ts-check
'use strict';

const { routes } = require('./route-table');
const { text, json, routeError, authError, summaryOf } = require('./answers');
const { secret } = require('./ids');

/**
 * Faults injected on demand. Each matches a route (or '*': every /2/ route) and fires `times` times,
 * on the first matching request each time, before authentication.
 *
 * Three kinds fire inside the route instead, after authentication and argument checks: 'reset' (the
 * cursor of list_folder/continue, list_folder/longpoll or search/continue_v2 is invalidated),
 * 'incorrect_offset' (an upload session call is answered with incorrect_offset carrying the session's
 * real offset, its bytes not taken) and 'lose_response' (the request is carried out, then the
 * connection is dropped without an answer; with `status`, a bare 5xx is answered instead). 'path_root_changed' fires after authentication on a request whose
 * Dropbox-API-Path-Root names a root ({".tag": "root"}): 422 invalid_root with the member's root info, as
 * Dropbox answers when the team-space root changed since the caller looked it up (nothing is carried out).
 * 'corrupt_download' (download-style routes) answers as usual but with the first byte of the body inverted, so
 * the bytes no longer match the content hash in Dropbox-API-Result. 'route_error' answers the route's 409 with the
 * given `error` (a member of the route's error union, as Dropbox can answer it when the world changed between two
 * calls, e.g. a file deleted meanwhile), after the argument checks; `match` (route_error, lose_response) limits it to requests whose argument
 * has those top-level values.
 *
 * @typedef {'rate_limit'|'write_contention'|'server_error'|'drop'|'expired_token'|'reset'|'incorrect_offset'|'lose_response'|'path_root_changed'|'corrupt_download'|'route_error'} FaultKind
 * @typedef {object} FaultSpec
 * @property {string} route              a route id ("files/upload", "files/copy_v2"), '*', or 'oauth2/token'
 * @property {FaultKind} kind
 * @property {number} [times]            default 1 (Infinity: until cleared)
 * @property {number} [retryAfter]       seconds, for 429s (default 1)
 * @property {'json'|'text'} [body]      rate_limit body (default json)
 * @property {boolean} [nested]          write_contention as the route's own 409 error
 * @property {500|502|503|504} [status]  server_error status (500 or 503, default 503); lose_response: answer
 *                                       this 5xx (500, 502 or 504) after carrying the request out
 * @property {object} [error]            route_error: the error union member to answer
 * @property {Record<string, unknown>} [match]  route_error, lose_response: only requests whose argument has these
 *                                       top-level values (e.g. `{ close: true }`: the closing append)
 */

const TOKEN_ROUTE = 'oauth2/token';
/** @type {FaultKind[]} */
const EARLY_KINDS = ['rate_limit', 'write_contention', 'server_error', 'drop', 'expired_token'];
/** @type {FaultKind[]} */
const KINDS = [...EARLY_KINDS, 'reset', 'incorrect_offset', 'lose_response', 'path_root_changed', 'corrupt_download', 'route_error'];
/** Routes each in-route fault applies to. @type {Partial<Record<FaultKind, string[]>>} */
const ROUTES_FOR = {
	reset: ['files/list_folder/continue', 'files/list_folder/longpoll', 'files/search/continue_v2'],
	incorrect_offset: ['files/upload_session/append_v2', 'files/upload_session/append', 'files/upload_session/finish', 'files/upload_session/append_batch'],
};

const TMWO = { '.tag': 'too_many_write_operations' };
/**
 * Where too_many_write_operations sits in each route error union that has it (derived from the Stone
 * spec). Struct members are inlined, hence UploadError's "reason" beside its tag.
 * @type {Record<string, () => object>}
 */
const NESTED_WRITE_CONTENTION = {
	DeleteError: () => TMWO,
	LockFileError: () => TMWO,
	UploadSessionFinishError: () => TMWO,
	CreateFolderError: () => ({ '.tag': 'path', path: TMWO }),
	SaveCopyReferenceError: () => ({ '.tag': 'path', path: TMWO }),
	SaveUrlError: () => ({ '.tag': 'path', path: TMWO }),
	RelocationError: () => ({ '.tag': 'to', to: TMWO }),
	RestoreError: () => ({ '.tag': 'path_write', path_write: TMWO }),
	UploadError: () => ({ '.tag': 'path', reason: TMWO, upload_session_id: `pid_upload_session:${secret(48)}` }),
};

/** @param {string} routeId */
const nestedShape = (routeId) => NESTED_WRITE_CONTENTION[routes.get(routeId)?.error_type ?? ''];

class Faults {
	constructor() {
		/** @type {Array<FaultSpec & { remaining: number }>} */
		this.list = [];
	}

	/** @param {FaultSpec} spec */
	inject(spec) {
		const { route, kind, times = 1 } = spec;
		if (!KINDS.includes(kind)) throw new Error(`injectFault: unknown kind "${kind}" (known: ${KINDS.join(', ')})`);
		if (route !== '*' && route !== TOKEN_ROUTE && !routes.has(route)) throw new Error(`injectFault: unknown route "${route}"`);
		if (route === TOKEN_ROUTE && (kind === 'expired_token' || kind === 'write_contention'))
			throw new Error(`injectFault: ${kind} makes no sense for ${TOKEN_ROUTE}`);
		if (kind === 'write_contention' && spec.nested && route !== '*' && !nestedShape(route))
			throw new Error(`injectFault: the error union of ${route} has no too_many_write_operations`);
		if (kind === 'corrupt_download' && route !== '*' && routes.get(route)?.style !== 'download')
			throw new Error(`injectFault: corrupt_download applies to download-style routes, not ${route}`);
		const only = ROUTES_FOR[kind];
		if (only && route !== '*' && !only.includes(route)) throw new Error(`injectFault: ${kind} applies to ${only.join(', ')}, not ${route}`);
		if (route === TOKEN_ROUTE && !EARLY_KINDS.includes(kind)) throw new Error(`injectFault: ${kind} makes no sense for ${TOKEN_ROUTE}`);
		if (!(times > 0)) throw new Error('injectFault: times must be positive');
		if (kind === 'route_error' && (typeof spec.error !== 'object' || spec.error === null || route === '*'))
			throw new Error('injectFault: route_error needs one route and the `error` to answer');
		if (kind === 'lose_response' && spec.status !== undefined && ![500, 502, 504].includes(spec.status))
			throw new Error('injectFault: lose_response answers 500, 502 or 504 (or drops the connection without status)');
		this.list.push({ ...spec, remaining: times });
	}

	clear() {
		this.list = [];
	}

	/**
	 * The fault this request meets, counted down; '*' never matches the token endpoint.
	 * @param {string} routeId
	 * @param {FaultKind[]} [kinds]  which kinds to look for (default: those that fire before authentication)
	 * @param {unknown} [arg]  the request's argument, for faults with `match`
	 */
	take(routeId, kinds = EARLY_KINDS, arg = undefined) {
		const argument = /** @type {Record<string, unknown>} */ (arg ?? {});
		const fault = this.list.find(
			(f) =>
				kinds.includes(f.kind) &&
				Object.entries(f.match ?? {}).every(([field, value]) => argument[field] === value) &&
				(f.route === routeId || (f.route === '*' && routeId !== TOKEN_ROUTE)) &&
				!(f.kind === 'write_contention' && f.nested && !nestedShape(routeId)) &&
				!(ROUTES_FOR[f.kind] && !ROUTES_FOR[f.kind]?.includes(routeId)),
		);
		if (!fault) return undefined;
		if (--fault.remaining <= 0) this.list.splice(this.list.indexOf(fault), 1);
		return fault;
	}
}

/**
 * What a fault answers; 'drop' means close the connection without answering.
 * @param {FaultSpec} fault @param {string} routeId
 * @returns {import('./answers').Answer | 'drop'}
 */
function faultAnswer(fault, routeId) {
	const retryAfter = fault.retryAfter ?? 1;
	/** @param {string} reason */
	const limited = (reason) =>
		json(429, { error_summary: summaryOf([reason]), error: { reason: { '.tag': reason }, retry_after: retryAfter } }, { 'Retry-After': String(retryAfter) });
	switch (fault.kind) {
		case 'rate_limit':
			return fault.body === 'text'
				? text(429, 'Too many requests', { 'Retry-After': String(retryAfter) })
				: limited('too_many_requests');
		case 'write_contention':
			return fault.nested ? routeError(nestedShape(routeId)()) : limited('too_many_write_operations');
		case 'server_error': {
			const status = fault.status ?? 503;
			return text(status, status === 500 ? 'Internal Server Error' : 'Service Unavailable');
		}
		case 'expired_token':
			return authError('expired_access_token');
		case 'drop':
			return 'drop';
		default:
			throw new Error(`fault ${fault.kind} fires inside its route`);
	}
}

module.exports = { Faults, faultAnswer, TOKEN_ROUTE };
