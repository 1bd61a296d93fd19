// @ts-check
'use strict';

const crypto = require('node:crypto');

/**
 * A complete HTTP answer. Handlers and checks throw these; the dispatcher sends them. Keeping every
 * response shape here means each Dropbox convention (text 400s, JSON 401/409/422/429) is written once.
 */
class Answer extends Error {
	/**
	 * @param {number} status
	 * @param {string | Buffer | NodeJS.ReadableStream} body
	 * @param {Record<string, string>} [headers]
	 */
	constructor(status, body, headers = {}) {
		super(`HTTP ${status}`);
		this.status = status;
		this.body = body;
		this.headers = headers;
	}
}

const TEXT = 'text/plain; charset=utf-8';

/** @param {number} status @param {string} text @param {Record<string, string>} [headers] */
const text = (status, text, headers = {}) => new Answer(status, text, { 'Content-Type': TEXT, ...headers });

/** @param {number} status @param {unknown} value @param {Record<string, string>} [headers] */
const json = (status, value, headers = {}) =>
	new Answer(status, JSON.stringify(value), { 'Content-Type': 'application/json', ...headers });

/**
 * Dropbox's 400: plain text naming the route.
 * @param {string} routeId @param {string} message
 */
const badInput = (routeId, message) => text(400, `Error in call to API function "${routeId}": ${message}`);

let padding = 0;
/**
 * `error_summary` as Dropbox builds it: the union tags down the error value, then a slash and a
 * varying run of dots (Dropbox pads it so that nobody parses it by equality; clients must use the tags).
 * A union member whose value is a struct has its fields inlined, so the walk follows the first field
 * that is itself a union (`{".tag":"path","reason":{".tag":"conflict",...}}` -> "path/conflict/...").
 * @param {any} value
 */
function errorSummary(value) {
	const tags = [];
	let v = value;
	while (v && typeof v === 'object' && typeof v['.tag'] === 'string') {
		const tag = v['.tag'];
		tags.push(tag);
		const inner = v[tag];
		if (inner && typeof inner === 'object' && typeof inner['.tag'] === 'string') {
			v = inner;
			continue;
		}
		const field = Object.keys(v).find((k) => k !== '.tag' && v[k] && typeof v[k] === 'object' && typeof v[k]['.tag'] === 'string');
		v = field ? v[field] : null;
	}
	return summaryOf(tags);
}

/** @param {string[]} tags */
const summaryOf = (tags) => `${tags.join('/')}/${'.'.repeat(padding++ % 4)}`;

/**
 * A 409 route error.
 * @param {any} error the route's error union value
 * @param {{ summary?: string, userMessage?: string }} [options]
 */
function routeError(error, options = {}) {
	const body = { error_summary: options.summary ?? errorSummary(error), error };
	if (options.userMessage) Object.assign(body, { user_message: { locale: 'en', text: options.userMessage } });
	return json(409, body);
}

/**
 * A 401 auth error (`AuthError` union).
 * @param {string} tag @param {Record<string, unknown>} [fields]
 */
const authError = (tag, fields = {}) => json(401, { error_summary: summaryOf([tag]), error: { '.tag': tag, ...fields } });

/**
 * JSON that survives an HTTP header: every character from U+007F up as a \uXXXX escape
 * (astral characters are already two UTF-16 units in a JS string, so they become two escapes).
 * @param {unknown} value
 */
const headerSafeJson = (value) =>
	JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * @param {import('node:http').ServerResponse} res
 * @param {Answer} answer
 */
function send(res, answer) {
	if (res.headersSent || res.destroyed) return;
	const headers = { 'X-Dropbox-Request-Id': crypto.randomBytes(16).toString('hex'), ...answer.headers };
	const { body } = answer;
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		res.writeHead(answer.status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
		res.end(body);
	} else {
		res.writeHead(answer.status, headers);
		body.pipe(res);
	}
}

module.exports = { Answer, text, json, badInput, routeError, authError, errorSummary, summaryOf, headerSafeJson, send };
