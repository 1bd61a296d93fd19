const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const tls = require('node:tls');
const { createHash } = require('node:crypto');

/* The stand-in is plain JavaScript (CommonJS), shared with node scripts. */
const { startDropboxStandIn } = require('./emulator');
const { makeTestCertificates } = require('./emulator/certs');
const { startDropboxProxy } = require('./emulator/proxy');
const { contentHash, ContentHasher } = require('./emulator/content-hash');
const { headerSafeJson } = require('./emulator/answers');

const API = 'api.dropboxapi.com';
const CONTENT = 'content.dropboxapi.com';
const NOTIFY = 'notify.dropboxapi.com';
const JSON_TYPE = { 'Content-Type': 'application/json' };

let standIn;

function call(host, urlPath, { headers = {}, body, method = 'POST', port = standIn.port } = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request(
			{ host: '127.0.0.1', port, path: urlPath, method, agent: false, headers: { Host: host, ...headers } },
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
				});
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

const bearer = (token) => ({ Authorization: `Bearer ${token}` });

/** An rpc call on the api host with a token and a JSON argument. */
function rpc(route, token, arg, headers = {}) {
	return call(API, `/2/${route}`, {
		headers: { ...bearer(token), ...JSON_TYPE, ...headers },
		body: arg === undefined ? '' : JSON.stringify(arg),
	});
}

const control = (action, body = {}) => call('127.0.0.1', `/__standin/${action}`, { headers: JSON_TYPE, body: JSON.stringify(body) });

function tokenRequest(params, auth = 'test-app-key:test-app-secret') {
	return call(API, '/oauth2/token', {
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			...(auth && { Authorization: `Basic ${Buffer.from(auth).toString('base64')}` }),
		},
		body: new URLSearchParams(params).toString(),
	});
}

let personal;

beforeAll(async () => {
	standIn = await startDropboxStandIn();
});
// Some tests expire every token issued so far: each test starts with a fresh one.
beforeEach(() => {
	personal = standIn.issueTokens().access_token;
});
afterAll(() => standIn.stop());
afterEach(() => {
	standIn.clearFaults();
	standIn.clearRequests();
});

describe('routes, hosts and styles', () => {
	it('answers an unknown route with 404 plain text', async () => {
		const r = await rpc('files/no_such_thing', personal, {});
		expect(r.status).toBe(404);
		expect(r.headers['content-type']).toMatch(/^text\/plain/);
		expect(r.text).toContain('Unknown API function');
	});

	it('refuses a route on the wrong Dropbox host', async () => {
		const r = await call(API, '/2/files/download', { headers: { ...bearer(personal), 'Dropbox-API-Arg': '{"path":"/a"}' } });
		expect(r.status).toBe(400);
		expect(r.text).toBe(
			'Error in call to API function "files/download": Incorrect host for API function files/download.  You must issue the request to content.dropboxapi.com',
		);
	});

	it('refuses a Host that is not a Dropbox API host, and accepts :443', async () => {
		expect((await call('example.com', '/2/check/user', { headers: { ...bearer(personal), ...JSON_TYPE }, body: '{}' })).status).toBe(400);
		expect((await call(`${API}:443`, '/2/check/user', { headers: { ...bearer(personal), ...JSON_TYPE }, body: '{}' })).status).toBe(200);
	});

	it('answers routes of the table it does not implement with 501, after validating them', async () => {
		// The deprecated file-properties routes are left unimplemented on purpose.
		const r = await rpc('files/properties/add', personal, { path: '/a', property_groups: [] });
		expect(r.status).toBe(501);
		expect(r.text).toContain('not implemented by the stand-in');
		expect((await rpc('files/properties/add', personal, { path: '/a', property_groups: [], bogus: 1 })).status).toBe(400);
	});

	it('names versioned routes by their path', async () => {
		const r = await rpc('files/copy_v2', personal, { from_path: '/a' });
		expect(r.text).toBe('Error in call to API function "files/copy_v2": request body: missing required field \'to_path\'');
	});
});

describe('rpc arguments', () => {
	it('requires a JSON Content-Type', async () => {
		const r = await call(API, '/2/check/user', {
			headers: { ...bearer(personal), 'Content-Type': 'application/x-www-form-urlencoded' },
			body: 'query=x',
		});
		expect(r.status).toBe(400);
		expect(r.text).toBe(
			'Error in call to API function "check/user": Bad HTTP "Content-Type" header: "application/x-www-form-urlencoded".  Expecting one of "application/json", "application/json; charset=utf-8", "text/plain; charset=dropbox-cors-hack".',
		);
	});

	it('takes a void argument as an empty body, null, or no body at all', async () => {
		expect((await rpc('users/get_current_account', personal)).status).toBe(200);
		expect((await call(API, '/2/users/get_current_account', { headers: { ...bearer(personal), ...JSON_TYPE }, body: 'null' })).status).toBe(
			200,
		);
		expect((await call(API, '/2/users/get_current_account', { headers: bearer(personal) })).status).toBe(200);
		const r = await rpc('users/get_current_account', personal, {});
		expect(r.status).toBe(400);
		expect(r.text).toBe('Error in call to API function "users/get_current_account": request body: expected null, got value');
	});

	it('accepts the CORS hack content type but not with an empty body', async () => {
		const hack = { ...bearer(personal), 'Content-Type': 'text/plain; charset=dropbox-cors-hack' };
		expect((await call(API, '/2/check/user', { headers: hack, body: '{"query":"a"}' })).json()).toEqual({ result: 'a' });
		expect((await call(API, '/2/users/get_current_account', { headers: hack, body: '' })).text).toContain('could not decode input as JSON');
	});

	it('checks top-level fields of struct arguments', async () => {
		expect((await rpc('users/get_account', personal, {})).text).toBe(
			'Error in call to API function "users/get_account": request body: missing required field \'account_id\'',
		);
		expect((await rpc('check/user', personal, { query: 'q', extra: true })).text).toBe(
			'Error in call to API function "check/user": request body: unknown field \'extra\'',
		);
		expect((await rpc('check/user', personal, [1])).text).toContain('request body: expected object, got list');
		const broken = await call(API, '/2/check/user', { headers: { ...bearer(personal), ...JSON_TYPE }, body: '{"query":' });
		expect(broken.status).toBe(400);
		expect(broken.text).toBe('Error in call to API function "check/user": request body: could not decode input as JSON');
	});

	it('takes null for a struct whose fields all have defaults', async () => {
		expect((await call(API, '/2/check/user', { headers: { ...bearer(personal), ...JSON_TYPE }, body: 'null' })).json()).toEqual({
			result: '',
		});
	});
});

describe('upload and download arguments', () => {
	const upload = (headers, body = 'hello') =>
		call(CONTENT, '/2/files/upload', { headers: { ...bearer(personal), 'Content-Type': 'application/octet-stream', ...headers }, body });

	it('takes the upload argument from Dropbox-API-Arg and the bytes as octet-stream', async () => {
		const r = await upload({ 'Dropbox-API-Arg': headerSafeJson({ path: '/Zoë/ünï.txt', mode: 'add' }) });
		expect(r.status).toBe(200);
		expect(r.json()).toMatchObject({ name: 'ünï.txt', path_display: '/Zoë/ünï.txt', size: 5 });
		expect(standIn.requests[0].arg).toEqual({ path: '/Zoë/ünï.txt', mode: 'add' });
	});

	it('refuses a non-ASCII Dropbox-API-Arg', async () => {
		const r = await upload({ 'Dropbox-API-Arg': Buffer.from('{"path":"/Zoë.txt"}', 'utf8').toString('latin1') });
		expect(r.status).toBe(400);
		expect(r.text).toBe('Error in call to API function "files/upload": HTTP header "Dropbox-API-Arg": could not decode input as JSON');
	});

	it('refuses DEL in Dropbox-API-Arg (the HTTP parser rejects it, the answer still names the route)', async () => {
		const answer = await new Promise((resolve) => {
			const socket = net.connect(standIn.port, '127.0.0.1', () =>
				socket.write(
					`POST /2/files/upload HTTP/1.1\r\nHost: ${CONTENT}\r\nDropbox-API-Arg: {"path":"/a\x7f"}\r\nContent-Length: 0\r\n\r\n`,
					'latin1',
				),
			);
			let data = '';
			socket.on('data', (d) => (data += d.toString()));
			socket.on('close', () => resolve(data));
		});
		expect(answer).toMatch(/^HTTP\/1.1 400/);
		expect(answer).toContain('Error in call to API function "files/upload": HTTP header "Dropbox-API-Arg": could not decode input as JSON');
	});

	it('requires the argument and the octet-stream type', async () => {
		expect((await upload({})).text).toBe(
			'Error in call to API function "files/upload": Must provide HTTP header "Dropbox-API-Arg" or URL parameter "arg".',
		);
		expect((await upload({ 'Dropbox-API-Arg': '{"path":"/a"}', 'Content-Type': 'application/json' })).text).toBe(
			'Error in call to API function "files/upload": Bad HTTP "Content-Type" header: "application/json".  Expecting one of "application/octet-stream", "text/plain; charset=dropbox-cors-hack".',
		);
		expect((await upload({ 'Dropbox-API-Arg': '{"mode":"add"}' })).text).toBe(
			'Error in call to API function "files/upload": HTTP header "Dropbox-API-Arg": missing required field \'path\'',
		);
	});

	it('reads a large upload body without trouble', async () => {
		const r = await upload({ 'Dropbox-API-Arg': '{"path":"/big.bin"}' }, Buffer.alloc(24 * 1024 * 1024, 7));
		expect(r.status).toBe(200);
		expect(r.json().size).toBe(24 * 1024 * 1024);
	});

	it('takes a download argument from the arg URL parameter too', async () => {
		const arg = encodeURIComponent(JSON.stringify({ path: '/Zoë.txt' }));
		const r = await call(CONTENT, `/2/files/download?arg=${arg}`, { headers: bearer(personal) });
		expect(r.status).toBe(409); // validated, then looked up: there is no such file
		expect(r.json().error).toEqual({ '.tag': 'path', path: { '.tag': 'not_found' } });
		expect(standIn.requests[0].arg).toEqual({ path: '/Zoë.txt' });
	});

	it('writes Dropbox-API-Result header-safe', () => {
		expect(headerSafeJson({ name: 'Zoë 😀\u007f' })).toBe('{"name":"Zo\\u00eb \\ud83d\\ude00\\u007f"}');
	});
});

describe('authentication', () => {
	it('requires an Authorization header', async () => {
		const r = await call(API, '/2/check/user', { headers: JSON_TYPE, body: '{}' });
		expect(r.status).toBe(400);
		expect(r.text).toBe(
			'Error in call to API function "check/user": Must provide HTTP header "Authorization" or URL parameter "authorization".',
		);
	});

	it('refuses a malformed Authorization header or token', async () => {
		const value = await call(API, '/2/check/user', { headers: { Authorization: 'Bearer', ...JSON_TYPE }, body: '{}' });
		expect(value.status).toBe(400);
		expect(value.text).toBe(
			'Error in call to API function "check/user": Invalid authorization value in HTTP header "Authorization": "Bearer".  Expecting "Bearer <oauth2-access-token>".',
		);
		const token = await call(API, '/2/check/user', { headers: { Authorization: 'Bearer a"b', ...JSON_TYPE }, body: '{}' });
		expect(token.text).toBe('Error in call to API function "check/user": The given OAuth 2 access token is malformed.');
	});

	it('answers an unknown token with 401 invalid_access_token', async () => {
		const r = await rpc('check/user', 'sl.not-a-real-token', {});
		expect(r.status).toBe(401);
		expect(r.json().error).toEqual({ '.tag': 'invalid_access_token' });
		expect(r.json().error_summary).toMatch(/^invalid_access_token\/\.*$/);
	});

	it('expires tokens after their lifetime and on expireAccessTokens()', async () => {
		const short = standIn.issueTokens({ expiresIn: 0 });
		expect((await rpc('check/user', short.access_token, {})).json().error['.tag']).toBe('expired_access_token');
		const token = standIn.issueTokens().access_token;
		expect((await rpc('check/user', token, {})).status).toBe(200);
		standIn.expireAccessTokens();
		const r = await rpc('check/user', token, {});
		expect(r.status).toBe(401);
		expect(r.json()).toMatchObject({ error: { '.tag': 'expired_access_token' } });
		expect((await rpc('check/user', standIn.issueTokens().access_token, {})).status).toBe(200);
	});

	it('uses accessTokenLifetimeSeconds as the default lifetime', async () => {
		const other = await startDropboxStandIn({ accessTokenLifetimeSeconds: 60 });
		try {
			expect(other.issueTokens().expires_in).toBe(60);
		} finally {
			await other.stop();
		}
	});

	it('answers a token without the route scope with 401 missing_scope', async () => {
		const narrow = standIn.issueTokens({ scopes: ['files.metadata.read'] });
		expect(narrow.scope).toBe('files.metadata.read');
		const r = await rpc('users/get_current_account', narrow.access_token);
		expect(r.status).toBe(401);
		expect(r.json().error).toEqual({ '.tag': 'missing_scope', required_scope: 'account_info.read' });
		expect(r.json().error_summary).toMatch(/^missing_scope\//);
	});

	it('authenticates check/app with the app key and secret', async () => {
		const basic = (pair) => ({ Authorization: `Basic ${Buffer.from(pair).toString('base64')}`, ...JSON_TYPE });
		expect((await call(API, '/2/check/app', { headers: basic('test-app-key:test-app-secret'), body: '{"query":"ok"}' })).json()).toEqual({
			result: 'ok',
		});
		expect((await call(API, '/2/check/app', { headers: basic('test-app-key:wrong'), body: '{}' })).status).toBe(401);
		expect((await call(API, '/2/check/app', { headers: { ...bearer(personal), ...JSON_TYPE }, body: '{}' })).status).toBe(400);
	});

	it('takes no Authorization on the no-auth longpoll route', async () => {
		const cursor = JSON.stringify({ cursor: 'AAAA' });
		const polled = await call(NOTIFY, '/2/files/list_folder/longpoll', { headers: JSON_TYPE, body: cursor });
		expect(polled.status).toBe(409); // taken without authentication; the cursor is not a real one
		expect(polled.json().error).toEqual({ '.tag': 'reset' });
		expect(
			(await call(NOTIFY, '/2/files/list_folder/longpoll', { headers: { ...bearer(personal), ...JSON_TYPE }, body: cursor })).status,
		).toBe(400);
	});
});

describe('team-linked tokens', () => {
	let teamToken;
	const member = () => standIn.team.members[1];
	const admin = () => standIn.team.members.find((m) => m.team_member_id === standIn.team.adminMemberId);

	beforeEach(() => {
		teamToken = standIn.issueTokens({ team: true }).access_token;
	});

	it('needs a member selected for user routes', async () => {
		const r = await rpc('users/get_current_account', teamToken);
		expect(r.status).toBe(400);
		expect(r.text).toContain(
			'This API function operates on a single Dropbox account, but the OAuth 2 access token you provided is for an entire Dropbox Business team.',
		);
		expect(r.text).toContain('"Dropbox-API-Select-User"');
	});

	it('acts as the member named in Dropbox-API-Select-User', async () => {
		const r = await rpc('users/get_current_account', teamToken, undefined, { 'Dropbox-API-Select-User': member().team_member_id });
		expect(r.status).toBe(200);
		expect(r.json()).toMatchObject({
			account_id: member().account_id,
			team_member_id: member().team_member_id,
			account_type: { '.tag': 'business' },
		});
		expect(standIn.requests[0].team_member_id).toBe(member().team_member_id);
	});

	it('refuses unknown and malformed member ids', async () => {
		const unknown = await rpc('users/get_current_account', teamToken, undefined, {
			'Dropbox-API-Select-User': 'dbmid:AAnobodyAtAllXXXXXXXXXXXXXXXXXXXXX',
		});
		expect(unknown.status).toBe(401);
		expect(unknown.json().error).toEqual({ '.tag': 'invalid_select_user' });
		const malformed = await rpc('users/get_current_account', teamToken, undefined, { 'Dropbox-API-Select-User': 'zoe@nordlicht.example' });
		expect(malformed.status).toBe(400);
		expect(malformed.text).toContain('Invalid select user id format');
	});

	it('takes Dropbox-API-Select-Admin only on routes with an admin mode, and only for admins', async () => {
		const asAdmin = await rpc('users/get_current_account', teamToken, undefined, { 'Dropbox-API-Select-Admin': admin().team_member_id });
		expect(asAdmin.status).toBe(200);
		expect(asAdmin.json().name.display_name).toBe('Zoë Ångström');
		expect((await rpc('users/get_space_usage', teamToken, undefined, { 'Dropbox-API-Select-Admin': admin().team_member_id })).status).toBe(
			400,
		);
		const notAdmin = await rpc('users/get_current_account', teamToken, undefined, { 'Dropbox-API-Select-Admin': member().team_member_id });
		expect(notAdmin.status).toBe(401);
		expect(notAdmin.json().error['.tag']).toBe('invalid_select_admin');
	});

	it('refuses select headers with a user-linked token, and team routes for user tokens', async () => {
		expect(
			(await rpc('users/get_current_account', personal, undefined, { 'Dropbox-API-Select-User': member().team_member_id })).status,
		).toBe(400);
		expect((await rpc('team/get_info', personal)).status).toBe(400);
	});

	it('needs team_data.member to act as a member', async () => {
		const token = standIn.issueTokens({ team: true, scopes: ['account_info.read', 'team_info.read'] }).access_token;
		const r = await rpc('users/get_current_account', token, undefined, { 'Dropbox-API-Select-User': member().team_member_id });
		expect(r.status).toBe(401);
		expect(r.json().error).toEqual({ '.tag': 'missing_scope', required_scope: 'team_data.member' });
	});

	it('answers team routes', async () => {
		const info = (await rpc('team/get_info', teamToken)).json();
		expect(info).toMatchObject({ team_id: standIn.team.team_id, name: standIn.team.name, num_provisioned_users: 3 });
		const who = (await rpc('team/token/get_authenticated_admin', teamToken)).json();
		expect(who.admin_profile).toMatchObject({
			team_member_id: standIn.team.adminMemberId,
			email: 'zoe@nordlicht.example',
			status: { '.tag': 'active' },
		});
	});

	it('lists team members page by page', async () => {
		const first = (await rpc('team/members/list_v2', teamToken, { limit: 2 })).json();
		expect(first.members.map((m) => m.profile.team_member_id)).toEqual(standIn.team.members.slice(0, 2).map((m) => m.team_member_id));
		expect(first.has_more).toBe(true);
		const rest = (await rpc('team/members/list/continue_v2', teamToken, { cursor: first.cursor })).json();
		expect(rest.members.map((m) => m.profile.email)).toEqual([standIn.team.members[2].email]);
		expect(rest.has_more).toBe(false);
		const bad = await rpc('team/members/list/continue_v2', teamToken, { cursor: 'nope' });
		expect(bad.status).toBe(409);
		expect(bad.json().error).toEqual({ '.tag': 'invalid_cursor' });
		expect((await rpc('team/members/list_v2', teamToken, { limit: 0 })).status).toBe(400);
	});
});

describe('Dropbox-API-Path-Root', () => {
	let teamToken;
	const member = () => standIn.team.members[1];
	const asMember = (pathRoot) => ({
		'Dropbox-API-Select-User': member().team_member_id,
		'Dropbox-API-Path-Root': typeof pathRoot === 'string' ? pathRoot : JSON.stringify(pathRoot),
	});

	beforeEach(() => {
		teamToken = standIn.issueTokens({ team: true }).access_token;
	});

	it('defaults to home and records the effective root', async () => {
		await rpc('users/get_current_account', personal);
		expect(standIn.requests[0].pathRoot).toEqual({ '.tag': 'home', namespace_id: standIn.defaultAccount.root_info.home_namespace_id });
	});

	it('accepts the user root namespace', async () => {
		const r = await rpc(
			'users/get_current_account',
			teamToken,
			undefined,
			asMember({ '.tag': 'root', root: standIn.team.root_namespace_id }),
		);
		expect(r.status).toBe(200);
		expect(standIn.requests[0].pathRoot).toEqual({ '.tag': 'root', namespace_id: standIn.team.root_namespace_id });
	});

	it('answers a stale root with 422 invalid_root and the current root info', async () => {
		const r = await rpc('users/get_current_account', teamToken, undefined, asMember({ '.tag': 'root', root: '123' }));
		expect(r.status).toBe(422);
		expect(r.json().error_summary).toMatch(/^invalid_root\//);
		expect(r.json().error).toEqual({
			'.tag': 'invalid_root',
			invalid_root: {
				'.tag': 'team',
				root_namespace_id: standIn.team.root_namespace_id,
				home_namespace_id: member().home_namespace_id,
				home_path: '/Jonas Berg',
			},
		});
		const personalRoot = await rpc('users/get_current_account', personal, undefined, {
			'Dropbox-API-Path-Root': '{".tag":"root","root":"42"}',
		});
		expect(personalRoot.json().error.invalid_root['.tag']).toBe('user');
	});

	it('answers a namespace the user cannot reach with 422 no_permission, and a bad header with 400', async () => {
		const r = await rpc('users/get_current_account', teamToken, undefined, asMember({ '.tag': 'namespace_id', namespace_id: '999999' }));
		expect(r.status).toBe(422);
		expect(r.json().error).toEqual({ '.tag': 'no_permission' });
		const ok = await rpc(
			'users/get_current_account',
			teamToken,
			undefined,
			asMember({ '.tag': 'namespace_id', namespace_id: member().home_namespace_id }),
		);
		expect(ok.status).toBe(200);
		expect((await rpc('users/get_current_account', teamToken, undefined, asMember('{nope'))).text).toContain(
			'HTTP header "Dropbox-API-Path-Root": could not decode input as JSON',
		);
		expect((await rpc('users/get_current_account', teamToken, undefined, asMember({ '.tag': 'elsewhere' }))).text).toContain(
			"unknown tag 'elsewhere'",
		);
	});
});

describe('OAuth', () => {
	it('exchanges an offline authorization code for tokens, once', async () => {
		const code = standIn.createAuthorizationCode({ offline: true, redirectUri: 'http://localhost:5678/rest/oauth2-credential/callback' });
		const params = { grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:5678/rest/oauth2-credential/callback' };
		const r = await tokenRequest(params);
		expect(r.status).toBe(200);
		const body = r.json();
		expect(body).toMatchObject({ token_type: 'bearer', expires_in: 14400, account_id: standIn.defaultAccount.account_id });
		expect(body.uid).toMatch(/^\d+$/);
		expect(body.refresh_token).toEqual(expect.any(String));
		expect(body.scope.split(' ')).toContain('account_info.read');
		expect((await rpc('check/user', body.access_token, {})).status).toBe(200);

		const again = await tokenRequest(params);
		expect(again.status).toBe(400);
		expect(again.json()).toEqual({ error: 'invalid_grant', error_description: "code doesn't exist or has expired" });
	});

	it('checks the redirect URI and the client', async () => {
		const code = standIn.createAuthorizationCode({ redirectUri: 'https://a.example/cb' });
		expect((await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: 'https://b.example/cb' })).json().error).toBe(
			'invalid_grant',
		);
		const bad = await tokenRequest({ grant_type: 'authorization_code', code: standIn.createAuthorizationCode() }, 'test-app-key:nope');
		expect(bad.status).toBe(400);
		expect(bad.json().error).toMatch(/^invalid_client/);
		const inBody = await tokenRequest(
			{
				grant_type: 'authorization_code',
				code: standIn.createAuthorizationCode({ offline: false }),
				client_id: 'test-app-key',
				client_secret: 'test-app-secret',
			},
			null,
		);
		expect(inBody.status).toBe(200);
		expect(inBody.json().refresh_token).toBeUndefined();
	});

	it('refreshes without rotating the refresh token, and narrows scopes on request', async () => {
		const { refresh_token } = standIn.issueTokens();
		const r = await tokenRequest({ grant_type: 'refresh_token', refresh_token });
		expect(r.status).toBe(200);
		expect(r.json()).toMatchObject({ token_type: 'bearer', expires_in: 14400 });
		expect(r.json().refresh_token).toBeUndefined();
		expect((await rpc('users/get_current_account', r.json().access_token)).status).toBe(200);
		const narrow = await tokenRequest({ grant_type: 'refresh_token', refresh_token, scope: 'files.content.read' });
		expect(narrow.json().scope).toBe('files.content.read');
		expect((await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'unknown' })).json()).toEqual({
			error: 'invalid_grant',
			error_description: 'refresh token is invalid or revoked',
		});
	});

	it('issues team tokens with a team_id', async () => {
		const code = standIn.createAuthorizationCode({ team: true });
		const body = (await tokenRequest({ grant_type: 'authorization_code', code })).json();
		expect(body.team_id).toBe(standIn.team.team_id);
		expect(body.account_id).toBeUndefined();
		expect((await rpc('team/get_info', body.access_token)).status).toBe(200);
	});

	it('revokes a token and its refresh token', async () => {
		const { access_token, refresh_token } = standIn.issueTokens();
		const r = await call(API, '/2/auth/token/revoke', { headers: bearer(access_token) });
		expect(r.status).toBe(200);
		expect(r.text).toBe('null');
		expect((await rpc('check/user', access_token, {})).json().error['.tag']).toBe('invalid_access_token');
		expect((await tokenRequest({ grant_type: 'refresh_token', refresh_token })).json().error).toBe('invalid_grant');
	});

	it('refuses other grant types', async () => {
		expect((await tokenRequest({ grant_type: 'password' })).json().error).toBe('unsupported_grant_type');
	});
});

describe('users, check and team data', () => {
	it('describes the personal account', async () => {
		const account = (await rpc('users/get_current_account', personal)).json();
		expect(account).toEqual(standIn.defaultAccount);
		expect(account.account_id).toMatch(/^dbid:AA/);
		expect(account.account_id).toHaveLength(40);
		expect(account).toMatchObject({ email_verified: true, disabled: false, is_paired: false, root_info: { '.tag': 'user' } });
		expect(account.name).toEqual(expect.objectContaining({ given_name: expect.any(String), abbreviated_name: expect.any(String) }));
		expect(account.team).toBeUndefined();
	});

	it('reports space usage for individuals and team members', async () => {
		expect((await rpc('users/get_space_usage', personal)).json()).toEqual({
			used: standIn.store.usedBytes([standIn.store.personal().home_namespace_id]),
			allocation: { '.tag': 'individual', allocated: 2199023255552 },
		});
		const teamToken = standIn.issueTokens({ team: true }).access_token;
		const usage = (
			await rpc('users/get_space_usage', teamToken, undefined, { 'Dropbox-API-Select-User': standIn.team.members[2].team_member_id })
		).json();
		expect(usage.allocation).toMatchObject({ '.tag': 'team', user_within_team_space_limit_type: { '.tag': 'off' } });
	});

	it('looks up accounts', async () => {
		const admin = standIn.team.members[0];
		const found = (await rpc('users/get_account', personal, { account_id: admin.account_id })).json();
		expect(found).toEqual({
			account_id: admin.account_id,
			name: admin.name,
			email: admin.email,
			email_verified: true,
			disabled: false,
			is_teammate: false,
		});
		expect(found.name.display_name).toBe('Zoë Ångström');
		const missing = await rpc('users/get_account', personal, { account_id: `dbid:AA${'x'.repeat(33)}` });
		expect(missing.status).toBe(409);
		expect(missing.json().error).toEqual({ '.tag': 'no_account' });
		expect(missing.json().error_summary).toMatch(/^no_account\//);
		expect((await rpc('users/get_account', personal, { account_id: 'dbid:short' })).text).toBe(
			'Error in call to API function "users/get_account": request body: account_id: \'dbid:short\' must be at least 40 characters, got 10',
		);
	});

	it('looks up accounts in a batch', async () => {
		const ids = standIn.team.members.map((m) => m.account_id);
		expect((await rpc('users/get_account_batch', personal, { account_ids: ids })).json()).toHaveLength(3);
		const unknown = `dbid:AA${'y'.repeat(33)}`;
		const r = await rpc('users/get_account_batch', personal, { account_ids: [ids[0], unknown] });
		expect(r.status).toBe(409);
		expect(r.json().error).toEqual({ '.tag': 'no_account', no_account: unknown });
	});

	it('reports feature values as Dropbox shapes them', async () => {
		const r = await rpc('users/features/get_values', personal, { features: ['paper_as_files', { '.tag': 'file_locking' }] });
		expect(r.json()).toEqual({
			values: [
				{ '.tag': 'paper_as_files', paper_as_files: { '.tag': 'enabled', enabled: true } },
				{ '.tag': 'file_locking', file_locking: { '.tag': 'enabled', enabled: false } },
			],
		});
		expect((await rpc('users/features/get_values', personal, { features: [] })).json().error).toEqual({ '.tag': 'empty_features_list' });
	});

	it('echoes check/user', async () => {
		expect((await rpc('check/user', personal, { query: 'Grüße' })).json()).toEqual({ result: 'Grüße' });
	});
});

describe('faults', () => {
	it('rate limits with a JSON body and Retry-After, counting down times', async () => {
		standIn.injectFault({ route: 'check/user', kind: 'rate_limit', times: 2, retryAfter: 3 });
		for (let i = 0; i < 2; i++) {
			const r = await rpc('check/user', personal, {});
			expect(r.status).toBe(429);
			expect(r.headers['retry-after']).toBe('3');
			expect(r.json()).toMatchObject({ error: { reason: { '.tag': 'too_many_requests' }, retry_after: 3 } });
			expect(r.json().error_summary).toMatch(/^too_many_requests\//);
		}
		expect((await rpc('check/user', personal, {})).status).toBe(200);
	});

	it('rate limits with a plain text body', async () => {
		standIn.injectFault({ route: 'check/user', kind: 'rate_limit', body: 'text' });
		const r = await rpc('check/user', personal, {});
		expect(r.status).toBe(429);
		expect(r.headers['retry-after']).toBe('1');
		expect(r.text).toBe('Too many requests');
	});

	it("matches every route with '*'", async () => {
		standIn.injectFault({ route: '*', kind: 'server_error', times: 2 });
		expect((await rpc('users/get_current_account', personal)).status).toBe(503);
		expect((await rpc('check/user', personal, {})).status).toBe(503);
		expect((await rpc('check/user', personal, {})).status).toBe(200);
	});

	it('reports write contention as a 429, or nested in the route error', async () => {
		standIn.injectFault({ route: 'check/user', kind: 'write_contention', retryAfter: 2 });
		const r = await rpc('check/user', personal, {});
		expect(r.status).toBe(429);
		expect(r.json()).toMatchObject({ error: { reason: { '.tag': 'too_many_write_operations' }, retry_after: 2 } });

		standIn.injectFault({ route: 'files/upload', kind: 'write_contention', nested: true });
		const nested = await call(CONTENT, '/2/files/upload', {
			headers: { ...bearer(personal), 'Content-Type': 'application/octet-stream', 'Dropbox-API-Arg': '{"path":"/a.txt"}' },
			body: 'abc',
		});
		expect(nested.status).toBe(409);
		expect(nested.json().error).toMatchObject({ '.tag': 'path', reason: { '.tag': 'too_many_write_operations' } });
		expect(nested.json().error_summary).toMatch(/^path\/too_many_write_operations\//);

		standIn.injectFault({ route: 'files/delete_v2', kind: 'write_contention', nested: true });
		const deleted = await rpc('files/delete_v2', personal, { path: '/a' });
		expect(deleted.json().error).toEqual({ '.tag': 'too_many_write_operations' });
		expect(() => standIn.injectFault({ route: 'check/user', kind: 'write_contention', nested: true })).toThrow(
			/no too_many_write_operations/,
		);
	});

	it('answers server errors with the chosen status', async () => {
		standIn.injectFault({ route: 'check/user', kind: 'server_error', status: 500 });
		const r = await rpc('check/user', personal, {});
		expect(r.status).toBe(500);
		expect(r.headers['content-type']).toMatch(/^text\/plain/);
	});

	it('drops the connection without an answer', async () => {
		standIn.injectFault({ route: 'check/user', kind: 'drop' });
		await expect(rpc('check/user', personal, { query: 'x' })).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect(standIn.requests[0]).toMatchObject({ route: 'check/user', status: null });
		expect((await rpc('check/user', personal, {})).status).toBe(200);
	});

	it('answers expired_access_token on demand', async () => {
		standIn.injectFault({ route: 'users/get_current_account', kind: 'expired_token' });
		const r = await rpc('users/get_current_account', personal);
		expect(r.status).toBe(401);
		expect(r.json().error).toEqual({ '.tag': 'expired_access_token' });
	});

	it('faults the token endpoint only when named', async () => {
		standIn.injectFault({ route: '*', kind: 'server_error' });
		const { refresh_token } = standIn.issueTokens();
		expect((await tokenRequest({ grant_type: 'refresh_token', refresh_token })).status).toBe(200);
		standIn.clearFaults();
		standIn.injectFault({ route: 'oauth2/token', kind: 'rate_limit' });
		expect((await tokenRequest({ grant_type: 'refresh_token', refresh_token })).status).toBe(429);
	});

	it('refuses unknown kinds and routes, and clears', async () => {
		expect(() => standIn.injectFault({ route: 'check/user', kind: 'gremlins' })).toThrow(/unknown kind/);
		expect(() => standIn.injectFault({ route: 'files/nope', kind: 'drop' })).toThrow(/unknown route/);
		standIn.injectFault({ route: 'check/user', kind: 'server_error' });
		standIn.clearFaults();
		expect((await rpc('check/user', personal, {})).status).toBe(200);
	});
});

describe('request log and control surface', () => {
	it('logs requests oldest first with the token redacted', async () => {
		await rpc('check/user', personal, { query: 'one' });
		await rpc('users/get_current_account', personal);
		const [first, second] = standIn.requests;
		expect(first).toMatchObject({ host: API, route: 'check/user', method: 'POST', arg: { query: 'one' }, status: 200 });
		expect(first.headers.authorization).toBe('Bearer <redacted>');
		expect(first.at).toBeLessThanOrEqual(second.at);
		expect(second.account_id).toBe(standIn.defaultAccount.account_id);
		standIn.clearRequests();
		expect(standIn.requests).toHaveLength(0);
	});

	it('is driven over HTTP on any host', async () => {
		const issued = (await control('issue-tokens', { scopes: ['account_info.read'] })).json();
		expect(issued.scope).toBe('account_info.read');
		expect((await control('faults', [{ route: 'check/user', kind: 'rate_limit' }])).status).toBe(200);
		expect((await rpc('check/user', issued.access_token, {})).status).toBe(429);
		expect((await control('faults', { route: 'check/user', kind: 'nope' })).status).toBe(400);
		await control('expire-tokens');
		expect((await rpc('check/user', issued.access_token, {})).json().error['.tag']).toBe('expired_access_token');
		const log = (await control('requests', { clear: true })).json().requests;
		expect(log.map((r) => r.route)).toEqual(['check/user', 'check/user']);
		expect(standIn.requests).toHaveLength(0);
		expect((await control('nonsense')).status).toBe(404);
	});
});

describe('content hash', () => {
	const sha = (data) => createHash('sha256').update(data).digest();

	it('hashes empty input to SHA-256 of nothing', () => {
		expect(contentHash(Buffer.alloc(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
	});

	it('hashes the SHA-256 of each 4 MiB block', () => {
		const block = 4 * 1024 * 1024;
		const data = Buffer.alloc(2 * block + 5);
		for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
		const expected = createHash('sha256')
			.update(Buffer.concat([sha(data.subarray(0, block)), sha(data.subarray(block, 2 * block)), sha(data.subarray(2 * block))]))
			.digest('hex');
		expect(contentHash(data)).toBe(expected);
		const hasher = new ContentHasher();
		for (let offset = 0; offset < data.length; offset += 1_000_003) hasher.update(data.subarray(offset, offset + 1_000_003));
		expect(hasher.digest()).toBe(expected);
		expect(contentHash(Buffer.from('abc'))).toBe(
			createHash('sha256')
				.update(sha(Buffer.from('abc')))
				.digest('hex'),
		);
	});
});

describe('TLS, certificates and the proxy', () => {
	let dir;
	let certs;
	let secure;
	let proxy;
	let other;

	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dropbox-standin-'));
		certs = makeTestCertificates(dir);
		secure = await startDropboxStandIn({ tls: { key: certs.key, cert: certs.cert } });
		proxy = await startDropboxProxy({ standInPort: secure.port });
		other = http.createServer((req, res) => res.end(`other server: ${req.method} ${req.url}`));
		await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));
	});
	afterAll(async () => {
		await proxy.stop();
		await secure.stop();
		await new Promise((resolve) => other.close(resolve));
		fs.rmSync(dir, { recursive: true, force: true });
	});

	const connect = (target) =>
		new Promise((resolve, reject) => {
			const req = http.request({ host: '127.0.0.1', port: proxy.port, method: 'CONNECT', path: target, agent: false });
			req.on('connect', (res, socket) => resolve({ status: res.statusCode ?? 0, socket }));
			req.on('error', reject);
			req.end();
		});

	it('makes a CA and a server certificate for the Dropbox names', () => {
		expect(certs.caPem).toMatch(/BEGIN CERTIFICATE/);
		expect(fs.readFileSync(certs.caPath, 'utf8')).toBe(certs.caPem);
		const cert = new (require('node:crypto').X509Certificate)(certs.cert);
		for (const name of ['api.dropboxapi.com', 'content.dropboxapi.com', 'notify.dropboxapi.com', 'www.dropbox.com', 'localhost']) {
			expect(cert.subjectAltName).toContain(`DNS:${name}`);
		}
		expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
		expect(cert.checkIssued(new (require('node:crypto').X509Certificate)(certs.caPem))).toBe(true);
	});

	it('tunnels CONNECT to a Dropbox host into the stand-in over TLS', async () => {
		const { status, socket } = await connect('content.dropboxapi.com:443');
		expect(status).toBe(200);
		const token = secure.issueTokens().access_token;
		const reply = await new Promise((resolve, reject) => {
			const req = https.request(
				{
					host: 'api.dropboxapi.com',
					servername: 'api.dropboxapi.com',
					path: '/2/check/user',
					method: 'POST',
					socket,
					agent: false,
					ca: certs.caPem,
					headers: { ...bearer(token), ...JSON_TYPE },
				},
				(res) => {
					let body = '';
					res.on('data', (c) => (body += c));
					res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
				},
			);
			req.on('error', reject);
			req.end('{"query":"über TLS"}');
		});
		expect(reply).toEqual({ status: 200, body: '{"result":"über TLS"}' });
		expect(secure.requests[0].host).toBe('api.dropboxapi.com');
	});

	it('presents a certificate only trusted through the test CA', async () => {
		const { socket } = await connect('api.dropboxapi.com:443');
		const error = await new Promise((resolve) => {
			const s = tls.connect({ socket, servername: 'api.dropboxapi.com' }, () => resolve(new Error('trusted without the CA')));
			s.on('error', resolve);
		});
		expect(String(error)).toMatch(/certificate/);
	});

	it('tunnels CONNECT to other hosts unchanged', async () => {
		const port = other.address().port;
		const { status, socket } = await connect(`127.0.0.1:${port}`);
		expect(status).toBe(200);
		const answer = await new Promise((resolve) => {
			let data = '';
			socket.on('data', (d) => (data += d));
			socket.on('end', () => resolve(data));
			socket.write('GET /hello HTTP/1.1\r\nHost: other\r\nConnection: close\r\n\r\n');
		});
		expect(answer).toContain('other server: GET /hello');
	});

	it('never sends other Dropbox names anywhere', async () => {
		const { status, socket } = await connect('www.dropbox.com:443');
		socket.destroy();
		expect(status).toBe(403);
	});

	it('forwards plain http proxy requests', async () => {
		const port = other.address().port;
		const r = await call('127.0.0.1', `http://127.0.0.1:${port}/plain`, { method: 'GET', port: proxy.port });
		expect(r.text).toBe('other server: GET /plain');
	});
});
