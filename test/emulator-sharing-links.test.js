// The stand-in's shared links, spoken to over plain HTTP with the Dropbox host names in the Host header: settings
// and the plan rules, the already-exists answer with and without metadata, who may open a link, paths inside a
// folder link, list pages and cursors, modify, revoke, and the file behind a link.
'use strict';

const http = require('node:http');

const { startDropboxStandIn } = require('./emulator');
const { sharedLinks } = require('./emulator/sharing/links');

const API = 'api.dropboxapi.com';
const CONTENT = 'content.dropboxapi.com';

let standIn;
/** Tokens of Robin (Pro), Mateo (Basic), and two members of the team. */
const tokens = {};

function call(host, urlPath, { headers = {}, body } = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request({ host: '127.0.0.1', port: standIn.port, path: urlPath, method: 'POST', agent: false, headers: { Host: host, ...headers } }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				resolve({ status: res.statusCode, headers: res.headers, text, json: () => JSON.parse(text) });
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(body);
	});
}

const rpc = (route, arg, who = 'robin') =>
	call(API, `/2/${route}`, { headers: { Authorization: `Bearer ${tokens[who]}`, 'Content-Type': 'application/json' }, body: JSON.stringify(arg) });
const fileOf = (arg, who = 'robin') => call(CONTENT, '/2/sharing/get_shared_link_file', { headers: { Authorization: `Bearer ${tokens[who]}`, 'Dropbox-API-Arg': JSON.stringify(arg) } });
const appFileOf = (arg) =>
	call(CONTENT, '/2/sharing/get_shared_link_file', { headers: { Authorization: `Basic ${Buffer.from('test-app-key:test-app-secret').toString('base64')}`, 'Dropbox-API-Arg': JSON.stringify(arg) } });

const create = async (path, settings, who) => {
	const res = await rpc('sharing/create_shared_link_with_settings', settings === undefined ? { path } : { path, settings }, who);
	return res;
};
const errorOf = (res) => [res.status, res.json().error_summary.replace(/\/\.*$/, '')];
const inDays = (days) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

beforeAll(async () => {
	standIn = await startDropboxStandIn();
	const store = standIn.store;
	const byEmail = (email) => [...store.accounts.values()].find((a) => a.email === email);
	const mateo = byEmail('mateo.alvarez@example.org');
	tokens.robin = standIn.issueTokens().access_token;
	tokens.mateo = standIn.issueTokens({ account: mateo.account_id }).access_token;
	const [admin, member] = standIn.team.members;
	tokens.zoe = standIn.issueTokens({ account: admin.account_id }).access_token;
	tokens.jonas = standIn.issueTokens({ account: member.account_id }).access_token;
	const home = store.personal().home_namespace_id;
	store.putFile(home, '/Links/report.pdf', Buffer.from('the report'));
	store.putFile(home, '/Links/Folder/inner.txt', Buffer.from('inner bytes'));
	store.putFile(home, '/Links/Folder/Sub/deep.txt', Buffer.from('deep bytes'));
	store.putFile(mateo.home_namespace_id, '/cv.pdf', Buffer.from('cv'));
	store.putFile(admin.home_namespace_id, '/plan.txt', Buffer.from('team plan'));
});

afterAll(async () => await standIn.stop());

describe('create_shared_link_with_settings', () => {
	it('makes a public viewer link by default, with a Dropbox-shaped URL and the owner\'s view', async () => {
		const res = await create('/Links/report.pdf');
		expect(res.status).toBe(200);
		const link = res.json();
		expect(link.url).toMatch(/^https:\/\/www\.dropbox\.com\/scl\/fi\/[a-z0-9]{21}\/report\.pdf\?rlkey=[a-z0-9]{25}&dl=0$/);
		expect(link).toMatchObject({ '.tag': 'file', name: 'report.pdf', path_lower: '/links/report.pdf', size: 10 });
		expect(link.link_permissions).toMatchObject({ can_revoke: true, effective_audience: { '.tag': 'public' }, link_access_level: { '.tag': 'viewer' }, require_password: false, allow_download: true });
	});

	it('answers shared_link_already_exists with the metadata when no settings are given, without it otherwise', async () => {
		const bare = await create('/Links/report.pdf');
		expect(errorOf(bare)).toEqual([409, 'shared_link_already_exists/metadata']);
		expect(bare.json().error.shared_link_already_exists.metadata).toMatchObject({ '.tag': 'file', name: 'report.pdf' });
		const custom = await create('/Links/report.pdf', { audience: 'public' });
		expect(errorOf(custom)).toEqual([409, 'shared_link_already_exists']);
		expect(custom.json().error).toEqual({ '.tag': 'shared_link_already_exists' });
	});

	it('lets a Pro account set a password and an expiry, and refuses both to a Basic one (settings_error/not_authorized)', async () => {
		standIn.store.putFile(standIn.store.personal().home_namespace_id, '/Links/secret.zip', Buffer.from('zip'));
		const pro = await create('/Links/secret.zip', { require_password: true, link_password: 'hunter2', expires: inDays(7) });
		expect(pro.status).toBe(200);
		expect(pro.json().link_permissions).toMatchObject({ require_password: true, resolved_visibility: { '.tag': 'password' } });
		expect(Date.parse(pro.json().expires)).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
		expect(errorOf(await create('/cv.pdf', { require_password: true, link_password: 'x' }, 'mateo'))).toEqual([409, 'settings_error/not_authorized']);
		expect(errorOf(await create('/cv.pdf', { expires: inDays(1) }, 'mateo'))).toEqual([409, 'settings_error/not_authorized']);
		expect(errorOf(await create('/cv.pdf', { allow_download: false }, 'mateo'))).toEqual([409, 'settings_error/not_authorized']);
		expect(sharedLinks(standIn.store).all().filter((l) => l.entryId === standIn.store.lookup([...standIn.store.accounts.values()].find((a) => a.account_type === 'basic').home_namespace_id, '/cv.pdf').id)).toEqual([]);
	});

	it('allows audience team only to team members', async () => {
		standIn.store.putFile(standIn.store.personal().home_namespace_id, '/Links/team.txt', Buffer.from('t'));
		expect(errorOf(await create('/Links/team.txt', { audience: 'team' }))).toEqual([409, 'settings_error/not_authorized']);
		const team = await create('/plan.txt', { audience: 'team' }, 'zoe');
		expect(team.status).toBe(200);
		expect(team.json().team_member_info).toMatchObject({ display_name: 'Zoë Ångström' });
	});

	it('refuses settings that make no sense: an expiry in the past, a password without one, a password on a no_one link', async () => {
		standIn.store.putFile(standIn.store.personal().home_namespace_id, '/Links/odd.txt', Buffer.from('o'));
		expect(errorOf(await create('/Links/odd.txt', { expires: '2020-01-01T00:00:00Z' }))).toEqual([409, 'settings_error/invalid_settings']);
		expect(errorOf(await create('/Links/odd.txt', { require_password: true }))).toEqual([409, 'settings_error/invalid_settings']);
		expect(errorOf(await create('/Links/odd.txt', { audience: 'no_one', require_password: true, link_password: 'x' }))).toEqual([409, 'settings_error/invalid_settings']);
	});

	it('validates the argument as Dropbox does (400s) and names a missing path (409 path/not_found)', async () => {
		const bad = await create('/Links/odd.txt', { audience: 'everyone' });
		expect(bad.status).toBe(400);
		expect(bad.text).toContain('settings.audience: unknown tag \'everyone\'');
		const badTime = await create('/Links/odd.txt', { expires: '2030-01-01' });
		expect(badTime.text).toContain('settings.expires: time data');
		expect(errorOf(await create('/Links/missing.txt'))).toEqual([409, 'path/not_found']);
	});
});

describe('opening a link', () => {
	let secretUrl;
	let folderUrl;
	beforeAll(async () => {
		secretUrl = sharedLinks(standIn.store).all().find((l) => l.password === 'hunter2').url;
		folderUrl = (await create('/Links/Folder')).json().url;
	});

	it('needs the password for metadata and download, from everyone', async () => {
		expect(errorOf(await rpc('sharing/get_shared_link_metadata', { url: secretUrl }))).toEqual([409, 'shared_link_access_denied']);
		expect(errorOf(await rpc('sharing/get_shared_link_metadata', { url: secretUrl, link_password: 'wrong' }, 'mateo'))).toEqual([409, 'shared_link_access_denied']);
		const other = await rpc('sharing/get_shared_link_metadata', { url: secretUrl, link_password: 'hunter2' }, 'mateo');
		expect(other.status).toBe(200);
		expect(other.json().path_lower).toBeUndefined();
		expect(other.json().link_permissions).toMatchObject({ can_revoke: false, revoke_failure_reason: { '.tag': 'owner_only' } });
		const file = await fileOf({ url: secretUrl, link_password: 'hunter2' }, 'mateo');
		expect(file.status).toBe(200);
		expect(file.text).toBe('zip');
		expect(JSON.parse(file.headers['dropbox-api-result'])).toMatchObject({ name: 'secret.zip' });
		expect((await appFileOf({ url: secretUrl, link_password: 'hunter2' })).text).toBe('zip');
		expect(errorOf(await appFileOf({ url: secretUrl }))).toEqual([409, 'shared_link_access_denied']);
	});

	it('shows paths inside a folder link, and refuses a folder as a file', async () => {
		const inner = await rpc('sharing/get_shared_link_metadata', { url: folderUrl, path: '/Sub/deep.txt' }, 'mateo');
		expect(inner.json()).toMatchObject({ '.tag': 'file', name: 'deep.txt', url: folderUrl });
		expect((await fileOf({ url: folderUrl, path: '/inner.txt' }, 'mateo')).text).toBe('inner bytes');
		expect(errorOf(await fileOf({ url: folderUrl }, 'mateo'))).toEqual([409, 'shared_link_is_directory']);
		expect(errorOf(await rpc('sharing/get_shared_link_metadata', { url: folderUrl, path: '/nope.txt' }))).toEqual([409, 'shared_link_not_found']);
		expect(errorOf(await rpc('sharing/get_shared_link_metadata', { url: secretUrl, path: '/x', link_password: 'hunter2' }))).toEqual([409, 'shared_link_not_found']);
	});

	it('admits only the owner\'s team to team links', async () => {
		const url = sharedLinks(standIn.store).all().find((l) => l.audience === 'team').url;
		expect((await rpc('sharing/get_shared_link_metadata', { url }, 'jonas')).json().team_member_info.member_id).toBeDefined();
		expect(errorOf(await rpc('sharing/get_shared_link_metadata', { url }, 'robin'))).toEqual([409, 'shared_link_access_denied']);
	});

	it('answers shared_link_not_found for unknown, altered and expired links', async () => {
		expect(errorOf(await rpc('sharing/get_shared_link_metadata', { url: 'https://example.com/x' }))).toEqual([409, 'shared_link_not_found']);
		expect(errorOf(await rpc('sharing/get_shared_link_metadata', { url: folderUrl.replace(/rlkey=\w+/, 'rlkey=abc') }))).toEqual([409, 'shared_link_not_found']);
		standIn.store.putFile(standIn.store.personal().home_namespace_id, '/Links/old.txt', Buffer.from('old'));
		const old = (await create('/Links/old.txt')).json().url;
		sharedLinks(standIn.store).expire(old);
		expect(errorOf(await rpc('sharing/get_shared_link_metadata', { url: old }))).toEqual([409, 'shared_link_not_found']);
		expect(errorOf(await fileOf({ url: old }))).toEqual([409, 'shared_link_not_found']);
		// An expired link no longer stands in the way of a new one.
		expect((await create('/Links/old.txt')).status).toBe(200);
	});
});

describe('list_shared_links', () => {
	it('pages all links with a cursor, and lists a path\'s links with or without its folders\' links', async () => {
		sharedLinks(standIn.store).options.pageSize = 2;
		try {
			const urls = [];
			let res = (await rpc('sharing/list_shared_links', {})).json();
			urls.push(...res.links.map((l) => l.url));
			expect(res.links).toHaveLength(2);
			while (res.has_more) {
				res = (await rpc('sharing/list_shared_links', { cursor: res.cursor })).json();
				urls.push(...res.links.map((l) => l.url));
			}
			const live = sharedLinks(standIn.store)
				.all()
				.filter((l) => l.owner === standIn.store.personal().account_id && standIn.store.byEntryId(l.entryId) && !(l.expires && Date.parse(l.expires) <= Date.now()));
			expect(new Set(urls).size).toBe(urls.length);
			expect(urls.sort()).toEqual(live.map((l) => l.url).sort());
			expect(urls.length).toBeGreaterThanOrEqual(4);
		} finally {
			sharedLinks(standIn.store).options.pageSize = 200;
		}
		const inner = (await rpc('sharing/list_shared_links', { path: '/Links/Folder/inner.txt' })).json();
		expect(inner.links.map((l) => l.name)).toEqual(['Folder']);
		expect(inner.cursor).toBeUndefined();
		expect((await rpc('sharing/list_shared_links', { path: '/Links/Folder/inner.txt', direct_only: true })).json().links).toEqual([]);
		expect(errorOf(await rpc('sharing/list_shared_links', { cursor: 'garbage' }))).toEqual([409, 'reset']);
		expect(errorOf(await rpc('sharing/list_shared_links', { path: '/nowhere' }))).toEqual([409, 'path/not_found']);
	});
});

describe('modify_shared_link_settings and revoke_shared_link', () => {
	it('changes settings of the owner\'s link only, removes the expiry, and refuses what the plan does not allow', async () => {
		standIn.store.putFile(standIn.store.personal().home_namespace_id, '/Links/mod.txt', Buffer.from('m'));
		const { url } = (await create('/Links/mod.txt')).json();
		const changed = await rpc('sharing/modify_shared_link_settings', { url, settings: { expires: inDays(3), require_password: true, link_password: 'pw' } });
		expect(changed.json()).toMatchObject({ expires: expect.any(String), link_permissions: { require_password: true } });
		const cleared = await rpc('sharing/modify_shared_link_settings', { url, settings: { require_password: false }, remove_expiration: true });
		expect(cleared.json().expires).toBeUndefined();
		expect(cleared.json().link_permissions.require_password).toBe(false);
		expect(errorOf(await rpc('sharing/modify_shared_link_settings', { url, settings: {} }))).toEqual([409, 'settings_error/invalid_settings']);
		expect(errorOf(await rpc('sharing/modify_shared_link_settings', { url, settings: { access: 'editor' } }))).toEqual([409, 'settings_error/invalid_settings']);
		expect(errorOf(await rpc('sharing/modify_shared_link_settings', { url, settings: { audience: 'public' } }, 'mateo'))).toEqual([409, 'shared_link_access_denied']);
		const mateoLink = (await create('/cv.pdf', undefined, 'mateo')).json().url;
		expect(errorOf(await rpc('sharing/modify_shared_link_settings', { url: mateoLink, settings: { expires: inDays(2) } }, 'mateo'))).toEqual([409, 'settings_error/not_authorized']);
	});

	it('revokes the owner\'s link; a second revoke answers shared_link_not_found, a non-link shared_link_malformed', async () => {
		standIn.store.putFile(standIn.store.personal().home_namespace_id, '/Links/gone.txt', Buffer.from('g'));
		const { url } = (await create('/Links/gone.txt')).json();
		expect(errorOf(await rpc('sharing/revoke_shared_link', { url }, 'mateo'))).toEqual([409, 'shared_link_access_denied']);
		const res = await rpc('sharing/revoke_shared_link', { url });
		expect([res.status, res.text]).toEqual([200, 'null']);
		expect(errorOf(await rpc('sharing/revoke_shared_link', { url }))).toEqual([409, 'shared_link_not_found']);
		expect(errorOf(await rpc('sharing/revoke_shared_link', { url: 'not a url' }))).toEqual([409, 'shared_link_malformed']);
	});

	it('checks scopes: sharing.write to create, sharing.read to list', async () => {
		const readOnly = standIn.issueTokens({ scopes: ['sharing.read'] }).access_token;
		const res = await call(API, '/2/sharing/create_shared_link_with_settings', { headers: { Authorization: `Bearer ${readOnly}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ path: '/Links/report.pdf' }) });
		expect(res.status).toBe(401);
		expect(res.json().error).toEqual({ '.tag': 'missing_scope', required_scope: 'sharing.write' });
	});
});
