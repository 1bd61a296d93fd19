// @ts-check
'use strict';

const { json } = require('./answers');
const { readBody, parseJson } = require('./body');
const { webhookControl } = require('./webhooks');

/**
 * POST /__standin/<action> with a JSON body: the stand-in's own controls for people and scripts (the
 * same operations as the JavaScript handle). No Dropbox path starts with /__standin/, and it answers on
 * any Host, so it also works through the proxy or by plain http://127.0.0.1:<port>.
 *
 * @param {import('./index').StandIn} standIn
 * @param {import('node:http').IncomingMessage} req
 * @param {string} action
 */
async function control(standIn, req, action) {
	let body;
	try {
		body = parseJson(await readBody(req, 1024 * 1024));
	} catch {
		return json(400, { error: 'the body must be JSON' });
	}
	try {
		if (action.startsWith('webhooks/')) return await webhookControl(standIn.webhooks, action.slice('webhooks/'.length), body);
		switch (action) {
			case 'faults':
				for (const fault of Array.isArray(body) ? body : [body]) standIn.injectFault(fault);
				return json(200, { ok: true });
			case 'clear-faults':
				standIn.clearFaults();
				return json(200, { ok: true });
			case 'expire-tokens':
				standIn.expireAccessTokens();
				return json(200, { ok: true });
			case 'issue-tokens':
				return json(200, standIn.issueTokens(body));
			case 'authorization-code':
				return json(200, { code: standIn.createAuthorizationCode(body) });
			case 'requests': {
				const requests = [...standIn.requests];
				if (body.clear) standIn.clearRequests();
				return json(200, { requests });
			}
			case 'expire-upload-sessions':
				standIn.expireUploadSessions();
				return json(200, { ok: true });
			case 'files-options':
				Object.assign(standIn.filesOptions, body);
				return json(200, { ...standIn.filesOptions });
			case 'clear-requests':
				standIn.clearRequests();
				return json(200, { ok: true });
			default:
				return json(404, { error: `unknown stand-in action "${action}"` });
		}
	} catch (error) {
		return json(400, { error: /** @type {Error} */ (error).message });
	}
}

module.exports = { control };
