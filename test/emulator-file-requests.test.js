// The stand-in's file requests, spoken to over plain HTTP with the Dropbox host names in the Host header: create with
// its destination and deadline rules (the Basic plan, a deadline in the past, a file as destination), get, update
// (each field, the deadline union), list pages and cursors, the v1 list, count, delete and delete_all_closed, the
// file count rising as files land in the folder, and arguments checked against the route table and Stone types.
'use strict';

const http = require('node:http');

const { startDropboxStandIn } = require('./emulator');
const { fileRequests } = require('./emulator/fileRequests');

const API = 'api.dropboxapi.com';

let standIn;
/** Tokens of Robin (Pro) and Mateo (Basic). */
const tokens = {};
let mateo;

function call(urlPath, { headers = {}, body } = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request({ host: '127.0.0.1', port: standIn.port, path: urlPath, method: 'POST', agent: false, headers: { Host: API, ...headers } }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				resolve({ status: res.statusCode, text, json: () => JSON.parse(text) });
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(body);
	});
}

const rpc = (route, arg, who = 'robin') =>
	call(`/2/${route}`, { headers: { Authorization: `Bearer ${tokens[who]}`, 'Content-Type': 'application/json' }, body: arg === undefined ? 'null' : JSON.stringify(arg) });
const errorOf = (res) => [res.status, res.json().error_summary.replace(/\/\.*$/, '')];
const inDays = (days) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const home = () => standIn.store.personal().home_namespace_id;
const create = async (arg, who) => {
	const res = await rpc('file_requests/create', arg, who);
	expect(res.status).toBe(200);
	return res.json();
};

beforeAll(async () => {
	standIn = await startDropboxStandIn();
	mateo = [...standIn.store.accounts.values()].find((a) => a.email === 'mateo.alvarez@example.org');
	tokens.robin = standIn.issueTokens().access_token;
	tokens.mateo = standIn.issueTokens({ account: mateo.account_id }).access_token;
	standIn.store.putFile(home(), '/Requests/notes.txt', Buffer.from('a file, not a folder'));
});

afterAll(async () => await standIn.stop());

describe('file_requests/create and get', () => {
	it('makes an open request with the URL, the destination as given, the deadline and no files yet', async () => {
		const deadline = inDays(7);
		const request = await create({ title: 'Tax documents', destination: '/Requests/Tax 2026', deadline: { deadline, allow_late_uploads: 'seven_days' }, description: 'Please upload your receipts' });
		expect(request).toEqual({
			id: expect.stringMatching(/^[-_0-9a-zA-Z]{20}$/),
			url: `https://www.dropbox.com/request/${request.id}`,
			title: 'Tax documents',
			destination: '/Requests/Tax 2026',
			created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
			deadline: { deadline, allow_late_uploads: { '.tag': 'seven_days' } },
			is_open: true,
			file_count: 0,
			description: 'Please upload your receipts',
		});
		// Assumed: a folder that is not there yet is created.
		expect(standIn.store.lookup(home(), '/requests/tax 2026')).toMatchObject({ tag: 'folder' });
		const got = await rpc('file_requests/get', { id: request.id });
		expect(got.json()).toEqual(request);
	});

	it('makes a closed request without a deadline when asked', async () => {
		const request = await create({ title: 'Closed one', destination: '/Requests/Closed', open: false });
		expect(request.is_open).toBe(false);
		expect(request.deadline).toBeUndefined();
	});

	it('answers not_a_folder for a file, validation_error for a deadline in the past, no_permission for a Basic account\'s deadline', async () => {
		expect(errorOf(await rpc('file_requests/create', { title: 'x', destination: '/Requests/notes.txt' }))).toEqual([409, 'not_a_folder']);
		expect(errorOf(await rpc('file_requests/create', { title: 'x', destination: '/Requests/notes.txt/inner' }))).toEqual([409, 'not_a_folder']);
		expect(errorOf(await rpc('file_requests/create', { title: 'x', destination: '/Requests/Past', deadline: { deadline: inDays(-1) } }))).toEqual([409, 'validation_error']);
		expect(errorOf(await rpc('file_requests/create', { title: 'CV', destination: '/CVs', deadline: { deadline: inDays(3) } }, 'mateo'))).toEqual([409, 'no_permission']);
		expect(standIn.store.lookup(home(), '/requests/past')).toBeUndefined();
		// Without a deadline the Basic account may make requests.
		expect((await create({ title: 'CV', destination: '/CVs' }, 'mateo')).destination).toBe('/CVs');
	});

	it('checks arguments against the route table and the Stone types: 400 for an empty title, a relative path, an unknown field, a bad grace period', async () => {
		const bad = async (arg) => {
			const res = await rpc('file_requests/create', arg);
			expect(res.status).toBe(400);
			return res.text;
		};
		expect(await bad({ title: '', destination: '/A' })).toContain("'' must be at least 1 characters");
		expect(await bad({ title: 't', destination: 'A' })).toContain('did not match pattern');
		expect(await bad({ title: 't' })).toContain("missing required field 'destination'");
		expect(await bad({ title: 't', destination: '/A', colour: 'red' })).toContain("unknown field 'colour'");
		expect(await bad({ title: 't', destination: '/A', deadline: { deadline: inDays(1), allow_late_uploads: 'forever' } })).toContain("unknown tag 'forever'");
		expect(await bad({ title: 't', destination: '/A', deadline: { deadline: '2030-01-01' } })).toContain('does not match format');
		const getBad = await rpc('file_requests/get', { id: 'not an id!' });
		expect(getBad.status).toBe(400);
	});

	it('answers not_found for an unknown ID and for another account\'s request', async () => {
		const robins = await create({ title: 'Mine', destination: '/Requests/Mine' });
		expect(errorOf(await rpc('file_requests/get', { id: 'aaaaaaaaaaaaaaaaaaaa' }))).toEqual([409, 'not_found']);
		expect(errorOf(await rpc('file_requests/get', { id: robins.id }, 'mateo'))).toEqual([409, 'not_found']);
	});
});

describe('file_count', () => {
	it('rises for each new file in the destination folder while the request is open, and follows the folder when it moves', async () => {
		const request = await create({ title: 'Photos', destination: '/Requests/Photos' });
		standIn.store.putFile(home(), '/Requests/Photos/a.jpg', Buffer.from('a'));
		standIn.store.putFile(home(), '/Requests/Photos/b.jpg', Buffer.from('b'));
		standIn.store.putFile(home(), '/Requests/Photos/b.jpg', Buffer.from('b again')); // an overwrite is no new file
		standIn.store.putFile(home(), '/Requests/Photos/Sub/c.jpg', Buffer.from('c')); // nor is a file in a subfolder
		expect((await rpc('file_requests/get', { id: request.id })).json().file_count).toBe(2);
		const moved = await rpc('files/move_v2', { from_path: '/Requests/Photos', to_path: '/Requests/Pictures' });
		expect(moved.status).toBe(200);
		const after = (await rpc('file_requests/get', { id: request.id })).json();
		expect(after.destination).toBe('/Requests/Pictures');
		await rpc('file_requests/update', { id: request.id, open: false });
		standIn.store.putFile(home(), '/Requests/Pictures/d.jpg', Buffer.from('d'));
		expect((await rpc('file_requests/get', { id: request.id })).json().file_count).toBe(2);
	});
});

describe('file_requests/update', () => {
	it('changes each field, closes and reopens, sets and clears the deadline, and leaves it alone by default', async () => {
		const request = await create({ title: 'Old', destination: '/Requests/Upd' });
		const deadline = inDays(5);
		const set = await rpc('file_requests/update', { id: request.id, title: 'New', destination: '/Requests/Upd2', description: 'd', open: false, deadline: { '.tag': 'update', deadline, allow_late_uploads: 'one_day' } });
		expect(set.json()).toMatchObject({ title: 'New', destination: '/Requests/Upd2', description: 'd', is_open: false, deadline: { deadline, allow_late_uploads: { '.tag': 'one_day' } } });
		const untouched = await rpc('file_requests/update', { id: request.id, open: true });
		expect(untouched.json()).toMatchObject({ is_open: true, deadline: { deadline } });
		const noUpdate = await rpc('file_requests/update', { id: request.id, deadline: 'no_update' });
		expect(noUpdate.json().deadline).toEqual({ deadline, allow_late_uploads: { '.tag': 'one_day' } });
		const cleared = await rpc('file_requests/update', { id: request.id, deadline: { '.tag': 'update' } });
		expect(cleared.status).toBe(200);
		expect(cleared.json().deadline).toBeUndefined();
		expect((await rpc('file_requests/update', { id: request.id, deadline: 'update' })).status).toBe(200);
	});

	it('refuses a past deadline, a file as destination, and changes nothing then', async () => {
		const request = await create({ title: 'Keep', destination: '/Requests/Keep' });
		expect(errorOf(await rpc('file_requests/update', { id: request.id, title: 'Changed', deadline: { '.tag': 'update', deadline: inDays(-2) } }))).toEqual([409, 'validation_error']);
		expect(errorOf(await rpc('file_requests/update', { id: request.id, title: 'Changed', destination: '/Requests/notes.txt' }))).toEqual([409, 'not_a_folder']);
		expect((await rpc('file_requests/get', { id: request.id })).json().title).toBe('Keep');
		const res = await rpc('file_requests/update', { id: request.id, deadline: { '.tag': 'update', deadline: inDays(1), allow_late_uploads: 'sometimes' } });
		expect(res.status).toBe(400);
	});
});

describe('listing and counting', () => {
	it('pages list_v2 with the limit and continues with the cursor; list (v1) returns them all; count counts', async () => {
		const all = (await rpc('file_requests/list')).json().file_requests;
		const count = (await rpc('file_requests/count')).json().file_request_count;
		expect(count).toBe(all.length);
		expect(count).toBeGreaterThan(4);
		const first = (await rpc('file_requests/list_v2', { limit: 2 })).json();
		expect(first.file_requests.map((r) => r.id)).toEqual(all.slice(0, 2).map((r) => r.id));
		expect(first.has_more).toBe(true);
		const seen = [...first.file_requests];
		let cursor = first.cursor;
		for (let more = true; more; ) {
			const next = (await rpc('file_requests/list/continue', { cursor })).json();
			expect(next.file_requests.length).toBeLessThanOrEqual(2);
			seen.push(...next.file_requests);
			({ cursor, has_more: more } = next);
		}
		expect(seen.map((r) => r.id)).toEqual(all.map((r) => r.id));
		const whole = (await rpc('file_requests/list_v2', null)).json();
		expect(whole).toMatchObject({ has_more: false });
		expect(whole.file_requests).toHaveLength(all.length);
		expect(errorOf(await rpc('file_requests/list/continue', { cursor: 'nonsense' }))).toEqual([409, 'invalid_cursor']);
		expect(errorOf(await rpc('file_requests/list/continue', { cursor: first.cursor }, 'mateo'))).toEqual([409, 'invalid_cursor']);
		expect((await rpc('file_requests/list', { limit: 2 })).status).toBe(400);
	});

	it('refuses list_v2 with a 400 for an account switched to it, while list (v1) still answers', async () => {
		fileRequests(standIn.store).refuseListV2(mateo.account_id);
		try {
			const res = await rpc('file_requests/list_v2', { limit: 10 }, 'mateo');
			expect(res.status).toBe(400);
			expect(res.text).toContain('file_requests/list_v2');
			expect((await rpc('file_requests/list', undefined, 'mateo')).json().file_requests.map((r) => r.title)).toEqual(['CV']);
		} finally {
			fileRequests(standIn.store).refuseListV2(mateo.account_id, false);
		}
	});
});

describe('file_requests/delete and delete_all_closed', () => {
	it('deletes closed requests in one call, refuses the lot when one is open or unknown', async () => {
		const a = await create({ title: 'Del A', destination: '/Requests/DelA', open: false });
		const b = await create({ title: 'Del B', destination: '/Requests/DelB', open: false });
		const open = await create({ title: 'Del open', destination: '/Requests/DelOpen' });
		expect(errorOf(await rpc('file_requests/delete', { ids: [a.id, open.id] }))).toEqual([409, 'file_request_open']);
		expect(errorOf(await rpc('file_requests/delete', { ids: [a.id, 'zzzzzzzzzzzzzzzzzzzz'] }))).toEqual([409, 'not_found']);
		expect(fileRequests(standIn.store).find(a.id)).toBeDefined();
		const res = await rpc('file_requests/delete', { ids: [a.id, b.id] });
		expect(res.json().file_requests.map((r) => r.id)).toEqual([a.id, b.id]);
		expect(fileRequests(standIn.store).find(a.id)).toBeUndefined();
		expect((await rpc('file_requests/delete', { ids: 'x' })).status).toBe(400);
	});

	it('delete_all_closed removes every closed request of the caller only, and answers them', async () => {
		const closedOfMateo = await create({ title: 'Mateo closed', destination: '/Closed', open: false }, 'mateo');
		const closed = (await rpc('file_requests/list')).json().file_requests.filter((r) => !r.is_open);
		expect(closed.length).toBeGreaterThan(0);
		const res = (await rpc('file_requests/delete_all_closed')).json();
		expect(res.file_requests.map((r) => r.id).sort()).toEqual(closed.map((r) => r.id).sort());
		expect((await rpc('file_requests/list')).json().file_requests.every((r) => r.is_open)).toBe(true);
		expect(fileRequests(standIn.store).find(closedOfMateo.id)).toBeDefined();
		expect((await rpc('file_requests/delete_all_closed')).json()).toEqual({ file_requests: [] });
	});
});
