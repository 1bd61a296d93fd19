// @ts-check
'use strict';

const { json } = require('./answers');
const { readBody } = require('./body');

/**
 * POST https://api.dropboxapi.com/oauth2/token. Parameters come form-encoded in the body (or the
 * query string); the client authenticates with HTTP Basic app key:secret or client_id/client_secret.
 * Errors follow Dropbox: 400 with {"error", "error_description"}, except a bad client, which Dropbox
 * reports as one string in "error" ("invalid_client: Invalid client_id or client_secret").
 *
 * @param {{ tokens: import('./tokens').Tokens, appKey: string, appSecret: string }} state
 * @param {import('node:http').IncomingMessage} req
 * @param {URL} url
 * @param {import('./dispatch').RequestRecord} record  gets the grant type (never the secrets) as its arg
 */
async function tokenEndpoint(state, req, url, record) {
	const params = new URLSearchParams(url.search);
	for (const [k, v] of new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'))) params.set(k, v);
	record.arg = { grant_type: params.get('grant_type') };

	const [clientId, clientSecret] = clientCredentials(req.headers.authorization, params);
	if (clientId !== state.appKey || clientSecret !== state.appSecret) {
		return json(400, { error: 'invalid_client: Invalid client_id or client_secret' });
	}
	/** @param {string} error @param {string} description */
	const refuse = (error, description) => json(400, { error, error_description: description });

	switch (params.get('grant_type')) {
		case 'authorization_code': {
			const code = state.tokens.takeCode(params.get('code') ?? '');
			if (!code) return refuse('invalid_grant', "code doesn't exist or has expired");
			if ((code.redirectUri ?? null) !== params.get('redirect_uri')) return refuse('invalid_grant', 'redirect_uri mismatch');
			return json(200, state.tokens.issue(code.grant, { offline: code.offline }));
		}
		case 'refresh_token': {
			const refreshToken = params.get('refresh_token');
			if (!refreshToken) return refuse('invalid_request', 'No refresh_token provided');
			const scope = params.get('scope');
			const issued = state.tokens.refreshAccess(refreshToken, scope ? scope.split(' ').filter(Boolean) : undefined);
			if (issued === 'unknown') return refuse('invalid_grant', 'refresh token is invalid or revoked');
			if (issued === 'invalid_scope') return refuse('invalid_scope', 'The requested scope exceeds the scope granted by the resource owner.');
			return json(200, issued);
		}
		default:
			return refuse('unsupported_grant_type', `"grant_type" must be "authorization_code" or "refresh_token", got "${params.get('grant_type') ?? ''}"`);
	}
}

/**
 * @param {string | undefined} authorization @param {URLSearchParams} params
 * @returns {[string | null, string | null]}
 */
function clientCredentials(authorization, params) {
	const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
	if (basic) {
		const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		return colon < 0 ? [decoded, null] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
	}
	return [params.get('client_id'), params.get('client_secret')];
}

module.exports = { tokenEndpoint };
