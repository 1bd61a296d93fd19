// The stand-in's files namespace, spoken to over plain HTTP with the Dropbox host names in the Host header.
'use strict';

const http = require('node:http');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { startDropboxStandIn } = require('./emulator');
const { headerSafeJson } = require('./emulator/answers');
const { contentHash, ContentHasher } = require('./emulator/content-hash');
const { crc32 } = require('./emulator/blob');

const API = 'api.dropboxapi.com';
const CONTENT = 'content.dropboxapi.com';
const NOTIFY = 'notify.dropboxapi.com';
const MIB = 1024 * 1024;

let standIn;
let token;

/**
 * One HTTP exchange with the stand-in. `body` may be a Buffer, a string, or an async iterable of Buffers
 * (streamed, so large bodies are never built whole).
 */
function call(host, urlPath, { headers = {}, body, method = 'POST', port = standIn.port } = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request({ host: '127.0.0.1', port, path: urlPath, method, agent: false, headers: { Host: host, ...headers } }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				const raw = Buffer.concat(chunks);
				const text = raw.toString('utf8');
				resolve({ status: res.statusCode, headers: res.headers, raw, text, json: () => JSON.parse(text) });
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		if (body && typeof body[Symbol.asyncIterator] === 'function' && !Buffer.isBuffer(body)) {
			(async () => {
				for await (const chunk of body) if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
				req.end();
			})().catch(reject);
		} else req.end(body);
	});
}

const auth = (t = token) => ({ Authorization: `Bearer ${t}` });

/** An rpc call on the api host (or `host`). */
const rpc = (route, arg, { t = token, headers = {}, host = API } = {}) =>
	call(host, `/2/${route}`, { headers: { ...auth(t), 'Content-Type': 'application/json', ...headers }, body: arg === undefined ? '' : JSON.stringify(arg) });

/** An upload-style call on the content host. */
const up = (route, arg, body = Buffer.alloc(0), { t = token, headers = {} } = {}) =>
	call(CONTENT, `/2/${route}`, {
		headers: { ...auth(t), 'Content-Type': 'application/octet-stream', 'Dropbox-API-Arg': headerSafeJson(arg), ...headers },
		body,
	});

/** A download-style call on the content host; `result` is the Dropbox-API-Result. */
async function down(route, arg, { t = token, headers = {} } = {}) {
	const r = await call(CONTENT, `/2/${route}`, { headers: { ...auth(t), 'Dropbox-API-Arg': headerSafeJson(arg), ...headers } });
	return { ...r, result: r.headers['dropbox-api-result'] ? JSON.parse(r.headers['dropbox-api-result']) : undefined };
}

const upload = (p, content, extra = {}) => up('files/upload', { path: p, ...extra }, Buffer.from(content));
const ok = (r) => {
	if (r.status !== 200) throw new Error(`expected 200, got ${r.status}: ${r.text}`);
	return r.json();
};
/** A 409 answer's error, checked to carry Dropbox's error_summary for it. */
function conflict(r, summaryStart) {
	expect(r.status).toBe(409);
	const body = r.json();
	if (summaryStart) expect(body.error_summary).toMatch(new RegExp(`^${summaryStart.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\.*$`));
	return body.error;
}

const home = () => standIn.store.personal().home_namespace_id;
const REV = /^[0-9a-f]{9,}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Drains a job's check route: in_progress at least once, then the outcome. */
async function finishJob(checkRoute, jobId, t = token) {
	const states = [];
	for (let i = 0; i < 10; i++) {
		const s = ok(await rpc(checkRoute, { async_job_id: jobId }, { t }));
		states.push(s['.tag']);
		if (s['.tag'] !== 'in_progress') return { states, result: s };
	}
	throw new Error('job never finished');
}

beforeAll(async () => {
	standIn = await startDropboxStandIn({ longpollWaitMs: 400 });
});
beforeEach(() => {
	token = standIn.issueTokens().access_token;
});
afterEach(() => standIn.clearFaults());
afterAll(() => standIn.stop());

describe('uploads and metadata', () => {
	it('uploads a file and shows FileMetadata as Dropbox does', async () => {
		const meta = ok(await upload('/Docs/Report.TXT', 'hello world', { client_modified: '2024-05-06T07:08:09Z' }));
		expect(Object.keys(meta).sort()).toEqual(
			['client_modified', 'content_hash', 'id', 'is_downloadable', 'name', 'path_display', 'path_lower', 'rev', 'server_modified', 'size'].sort(),
		);
		expect(meta).toMatchObject({
			name: 'Report.TXT',
			path_lower: '/docs/report.txt',
			path_display: '/Docs/Report.TXT',
			size: 11,
			is_downloadable: true,
			client_modified: '2024-05-06T07:08:09Z',
			content_hash: contentHash(Buffer.from('hello world')),
		});
		expect(meta.id).toMatch(/^id:[A-Za-z0-9_-]{22}$/);
		expect(meta.rev).toMatch(REV);
		expect(meta.server_modified).toMatch(ISO);
		expect(meta['.tag']).toBeUndefined(); // declared as FileMetadata: no subtype tag
	});

	it('looks paths up case-insensitively and keeps their case; id:, rev: and ns: forms', async () => {
		const meta = ok(await upload('/Case/Mixed Name.md', 'x'));
		const byLower = ok(await rpc('files/get_metadata', { path: '/CASE/mixed NAME.MD' }));
		expect(byLower).toEqual({ '.tag': 'file', ...meta });
		expect(ok(await rpc('files/get_metadata', { path: meta.id })).path_display).toBe('/Case/Mixed Name.md');
		expect(ok(await rpc('files/get_metadata', { path: `rev:${meta.rev}` })).rev).toBe(meta.rev);
		expect(ok(await rpc('files/get_metadata', { path: `ns:${home()}/case/mixed name.md` })).id).toBe(meta.id);
		expect(ok(await rpc('files/get_metadata', { path: meta.id, include_has_explicit_shared_members: true })).has_explicit_shared_members).toBe(false);
		const folder = ok(await rpc('files/get_metadata', { path: '/case' }));
		expect(folder).toEqual({ '.tag': 'folder', name: 'Case', id: expect.stringMatching(/^id:/), path_lower: '/case', path_display: '/Case' });
	});

	it('answers lookup errors with Dropbox error unions and summaries', async () => {
		expect(conflict(await rpc('files/get_metadata', { path: '/nope.txt' }), 'path/not_found')).toEqual({ '.tag': 'path', path: { '.tag': 'not_found' } });
		expect(conflict(await rpc('files/get_metadata', { path: '/Case/' }), 'path/malformed_path')).toEqual({ '.tag': 'path', path: { '.tag': 'malformed_path' } });
		expect(conflict(await rpc('files/get_metadata', { path: 'id:doesnotexist' }), 'path/not_found')).toEqual({ '.tag': 'path', path: { '.tag': 'not_found' } });
		const bad = await rpc('files/get_metadata', { path: 'relative' });
		expect(bad.status).toBe(400);
		expect(bad.text).toBe(
			"Error in call to API function \"files/get_metadata\": request body: path: 'relative' did not match pattern '(/(.|[\\r\\n])*|id:.*)|(rev:[0-9a-f]{9,})|(ns:[0-9]+(/(.|[\\r\\n])*)?)'",
		);
		expect((await rpc('files/get_metadata', { path: '/' })).text).toBe('Error in call to API function "files/get_metadata": request body: path: The root folder is unsupported.');
		expect((await rpc('files/get_metadata', { path: '/x', include_deleted: 'yes' })).text).toBe(
			"Error in call to API function \"files/get_metadata\": request body: include_deleted: 'yes' is not a valid boolean",
		);
	});

	it('writes with add, overwrite and update modes, autorename, strict_conflict and mute', async () => {
		const first = ok(await upload('/Modes/a.txt', 'one'));
		// add onto the same content: nothing is written
		expect(ok(await upload('/Modes/a.txt', 'one'))).toEqual(first);
		// add onto other content: a conflict whose bytes stay in an upload session
		const clash = conflict(await upload('/Modes/a.txt', 'two'), 'path/conflict/file');
		expect(clash).toEqual({ '.tag': 'path', reason: { '.tag': 'conflict', conflict: { '.tag': 'file' } }, upload_session_id: expect.stringMatching(/^pid_upload_session:/) });
		const saved = ok(await up('files/upload_session/finish', { cursor: { session_id: clash.upload_session_id, offset: 3 }, commit: { path: '/Modes/from-session.txt' } }));
		expect(saved.content_hash).toBe(contentHash(Buffer.from('two')));
		// autorename: "name (1).ext", then "(2)"
		expect(ok(await upload('/Modes/a.txt', 'two', { autorename: true })).path_display).toBe('/Modes/a (1).txt');
		expect(ok(await upload('/modes/A.TXT', 'three', { autorename: true, mute: true })).path_display).toBe('/Modes/a (2).txt');
		// overwrite keeps the id, new rev
		const over = ok(await upload('/Modes/a.txt', 'four', { mode: 'overwrite' }));
		expect(over.id).toBe(first.id);
		expect(over.rev).not.toBe(first.rev);
		// update: the right rev overwrites, a stale one conflicts or is autorenamed as a conflicted copy
		const updated = ok(await upload('/Modes/a.txt', 'five', { mode: { '.tag': 'update', update: over.rev } }));
		expect(updated.id).toBe(first.id);
		conflict(await upload('/Modes/a.txt', 'six', { mode: { '.tag': 'update', update: over.rev } }), 'path/conflict/file');
		expect(ok(await upload('/Modes/a.txt', 'six', { mode: { '.tag': 'update', update: over.rev }, autorename: true })).name).toBe('a (conflicted copy).txt');
		// strict_conflict: identical content is a conflict too
		conflict(await upload('/Modes/a.txt', 'five', { strict_conflict: true }), 'path/conflict/file');
		// a folder in the way; a file where a parent folder should be
		conflict(await upload('/Modes', 'x', { mode: 'overwrite' }), 'path/conflict/folder');
		expect(conflict(await upload('/Modes/a.txt/inner.txt', 'x'), 'path/conflict/file_ancestor').reason).toEqual({ '.tag': 'conflict', conflict: { '.tag': 'file_ancestor' } });
		// update needs the object form
		expect((await upload('/Modes/a.txt', 'x', { mode: 'update' })).text).toBe(
			"Error in call to API function \"files/upload\": HTTP header \"Dropbox-API-Arg\": mode: expected object for 'update', got symbol",
		);
	});

	it('checks an upload against its content_hash and refuses more than 150 MiB', async () => {
		const wrong = contentHash(Buffer.from('something else'));
		expect(conflict(await upload('/Hash/a.txt', 'abc', { content_hash: wrong }), 'content_hash_mismatch')).toEqual({ '.tag': 'content_hash_mismatch' });
		ok(await upload('/Hash/a.txt', 'abc', { content_hash: contentHash(Buffer.from('abc')) }));
		const chunk = Buffer.alloc(8 * MIB, 1);
		async function* tooBig() {
			for (let i = 0; i < 18; i++) yield chunk;
			yield Buffer.alloc(6 * MIB + 1);
		}
		const r = await up('files/upload', { path: '/Hash/big.bin' }, tooBig());
		expect(conflict(r, 'payload_too_large')).toEqual({ '.tag': 'payload_too_large' });
		conflict(await rpc('files/get_metadata', { path: '/Hash/big.bin' }), 'path/not_found');
	});

	it('refuses names Dropbox does not store and paths it cannot read', async () => {
		expect(conflict(await upload('/Names/desktop.ini', 'x'), 'path/disallowed_name').reason).toEqual({ '.tag': 'disallowed_name' });
		expect(conflict(await upload('/Names//double.txt', 'x'), 'path/malformed_path').reason).toEqual({ '.tag': 'malformed_path' });
	});
});

describe('folders, deletes, copies and moves', () => {
	it('creates folders with conflicts and autorename', async () => {
		const made = ok(await rpc('files/create_folder_v2', { path: '/Projects/Alpha' }));
		expect(made).toEqual({ metadata: { name: 'Alpha', id: expect.stringMatching(/^id:/), path_lower: '/projects/alpha', path_display: '/Projects/Alpha' } });
		expect(conflict(await rpc('files/create_folder_v2', { path: '/projects/ALPHA' }), 'path/conflict/folder')).toEqual({
			'.tag': 'path',
			path: { '.tag': 'conflict', conflict: { '.tag': 'folder' } },
		});
		expect(ok(await rpc('files/create_folder_v2', { path: '/Projects/Alpha', autorename: true })).metadata.name).toBe('Alpha (1)');
		ok(await upload('/Projects/notes.txt', 'n'));
		conflict(await rpc('files/create_folder_v2', { path: '/Projects/notes.txt' }), 'path/conflict/file');
		conflict(await rpc('files/create_folder_v2', { path: '/Projects/notes.txt/sub' }), 'path/conflict/file_ancestor');
		expect(ok(await rpc('files/create_folder', { path: '/Projects/Legacy' })).path_display).toBe('/Projects/Legacy');
	});

	it('deletes files and folders; deleted entries stay visible with include_deleted', async () => {
		ok(await upload('/Trash/inner/file.txt', 'bye'));
		const deleted = ok(await rpc('files/delete_v2', { path: '/trash' }));
		expect(deleted.metadata).toMatchObject({ '.tag': 'folder', path_display: '/Trash' });
		expect(conflict(await rpc('files/delete_v2', { path: '/Trash' }), 'path_lookup/not_found')).toEqual({ '.tag': 'path_lookup', path_lookup: { '.tag': 'not_found' } });
		conflict(await rpc('files/get_metadata', { path: '/Trash/inner/file.txt' }), 'path/not_found');
		expect(ok(await rpc('files/get_metadata', { path: '/Trash/inner/file.txt', include_deleted: true }))).toEqual({
			'.tag': 'deleted',
			name: 'file.txt',
			path_lower: '/trash/inner/file.txt',
			path_display: '/Trash/inner/file.txt',
		});
		const f = ok(await upload('/Trash2/x.txt', 'x'));
		conflict(await rpc('files/delete_v2', { path: '/Trash2/x.txt', parent_rev: '0123456789' }), 'path_write/conflict/file');
		expect(ok(await rpc('files/delete', { path: '/Trash2/x.txt', parent_rev: f.rev }))).toMatchObject({ '.tag': 'file', id: f.id });
	});

	it('refuses to delete, move or copy more than 10,000 entries at once', async () => {
		const ns = home();
		for (let i = 0; i < 10_000; i++) standIn.store.putFile(ns, `/Huge/f${i}.txt`, Buffer.from('x'));
		expect(conflict(await rpc('files/delete_v2', { path: '/Huge' }), 'too_many_files')).toEqual({ '.tag': 'too_many_files' });
		expect(conflict(await rpc('files/copy_v2', { from_path: '/Huge', to_path: '/Huge2' }), 'too_many_files')).toEqual({ '.tag': 'too_many_files' });
		standIn.store.remove(ns, '/Huge');
	});

	it('permanently deletes: no deleted entry, no revisions left', async () => {
		ok(await upload('/Perm/gone.txt', 'a'));
		ok(await rpc('files/delete_v2', { path: '/Perm/gone.txt' }));
		expect(ok(await rpc('files/permanently_delete', { path: '/Perm/gone.txt' }))).toBeNull();
		conflict(await rpc('files/get_metadata', { path: '/Perm/gone.txt', include_deleted: true }), 'path/not_found');
		conflict(await rpc('files/list_revisions', { path: '/Perm/gone.txt' }), 'path/not_found');
		conflict(await rpc('files/permanently_delete', { path: '/Perm/never.txt' }), 'path_lookup/not_found');
	});

	it('copies and moves with Dropbox relocation errors', async () => {
		const a = ok(await upload('/Rel/src/a.txt', 'A'));
		const copied = ok(await rpc('files/copy_v2', { from_path: '/Rel/src', to_path: '/Rel/copy' }));
		expect(copied.metadata).toMatchObject({ '.tag': 'folder', path_display: '/Rel/copy' });
		const copiedFile = ok(await rpc('files/get_metadata', { path: '/Rel/copy/a.txt' }));
		expect(copiedFile.id).not.toBe(a.id);
		expect(copiedFile.content_hash).toBe(a.content_hash);
		const moved = ok(await rpc('files/move_v2', { from_path: '/Rel/src/a.txt', to_path: '/Rel/Moved/A.txt' }));
		expect(moved.metadata).toMatchObject({ '.tag': 'file', id: a.id, path_display: '/Rel/Moved/A.txt' });
		expect(conflict(await rpc('files/move_v2', { from_path: '/Rel/nothing', to_path: '/Rel/x' }), 'from_lookup/not_found')).toEqual({
			'.tag': 'from_lookup',
			from_lookup: { '.tag': 'not_found' },
		});
		expect(conflict(await rpc('files/copy_v2', { from_path: '/Rel/copy/a.txt', to_path: '/Rel/Moved/A.txt' }), 'to/conflict/file')).toEqual({
			'.tag': 'to',
			to: { '.tag': 'conflict', conflict: { '.tag': 'file' } },
		});
		expect(ok(await rpc('files/copy_v2', { from_path: '/Rel/copy/a.txt', to_path: '/Rel/Moved/A.txt', autorename: true })).metadata.name).toBe('A (1).txt');
		conflict(await rpc('files/move_v2', { from_path: '/Rel', to_path: '/Rel/inside/Rel' }), 'cant_move_folder_into_itself');
		conflict(await rpc('files/move_v2', { from_path: '/Rel/copy', to_path: '/rel/COPY' }), 'duplicated_or_nested_paths');
		expect(ok(await rpc('files/move', { from_path: '/Rel/copy', to_path: '/Rel/copy2' }))).toMatchObject({ '.tag': 'folder', path_display: '/Rel/copy2' });
		expect(ok(await rpc('files/copy', { from_path: '/Rel/copy2', to_path: '/Rel/copy3' }))).toMatchObject({ '.tag': 'folder' });
	});
});

describe('batch jobs', () => {
	it('creates folders in a batch, at once or as a job', async () => {
		const now = ok(await rpc('files/create_folder_batch', { paths: ['/Batch/a', '/Batch/b', '/Batch/a'] }));
		expect(now['.tag']).toBe('complete');
		expect(now.entries).toHaveLength(3);
		expect(now.entries[0]).toEqual({ '.tag': 'success', metadata: expect.objectContaining({ path_display: '/Batch/a' }) });
		const launched = ok(await rpc('files/create_folder_batch', { paths: ['/Batch/c', '/Batch/a'], force_async: true }));
		expect(launched).toEqual({ '.tag': 'async_job_id', async_job_id: expect.stringMatching(/^dbjid:/) });
		const { states, result } = await finishJob('files/create_folder_batch/check', launched.async_job_id);
		expect(states).toEqual(['in_progress', 'complete']);
		expect(result.entries[1]).toEqual({ '.tag': 'failure', failure: { '.tag': 'path', path: { '.tag': 'conflict', conflict: { '.tag': 'folder' } } } });
	});

	it('deletes in a batch with per-entry outcomes', async () => {
		ok(await upload('/DelBatch/one.txt', '1'));
		const launched = ok(await rpc('files/delete_batch', { entries: [{ path: '/DelBatch/one.txt' }, { path: '/DelBatch/none.txt' }] }));
		const { states, result } = await finishJob('files/delete_batch/check', launched.async_job_id);
		expect(states[0]).toBe('in_progress');
		expect(result.entries).toEqual([
			{ '.tag': 'success', metadata: expect.objectContaining({ '.tag': 'file', path_display: '/DelBatch/one.txt' }) },
			{ '.tag': 'failure', failure: { '.tag': 'path_lookup', path_lookup: { '.tag': 'not_found' } } },
		]);
	});

	it('copies and moves in batches (v2) with RelocationBatchResultEntry shapes', async () => {
		ok(await upload('/CB/x.txt', 'x'));
		ok(await upload('/CB/y.txt', 'y'));
		const copy = ok(
			await rpc('files/copy_batch_v2', {
				entries: [
					{ from_path: '/CB/x.txt', to_path: '/CB/out/x.txt' },
					{ from_path: '/CB/missing.txt', to_path: '/CB/out/m.txt' },
					{ from_path: '/CB/x.txt', to_path: '/CB/out/x2.txt' },
				],
			}),
		);
		const copied = (await finishJob('files/copy_batch/check_v2', copy.async_job_id)).result;
		expect(copied['.tag']).toBe('complete');
		expect(copied.entries[0]).toEqual({ '.tag': 'success', success: expect.objectContaining({ '.tag': 'file', path_display: '/CB/out/x.txt' }) });
		expect(copied.entries[1]).toEqual({
			'.tag': 'failure',
			failure: { '.tag': 'relocation_error', relocation_error: { '.tag': 'from_lookup', from_lookup: { '.tag': 'not_found' } } },
		});
		expect(copied.entries[2].failure.relocation_error).toEqual({ '.tag': 'duplicated_or_nested_paths' });
		const move = ok(await rpc('files/move_batch_v2', { entries: [{ from_path: '/CB/y.txt', to_path: '/CB/moved/y.txt' }], autorename: true }));
		const moved = (await finishJob('files/move_batch/check_v2', move.async_job_id)).result;
		expect(moved.entries[0].success.path_display).toBe('/CB/moved/y.txt');
		// a job is only known to its own check route and account
		expect(conflict(await rpc('files/copy_batch/check_v2', { async_job_id: move.async_job_id }), 'invalid_async_job_id')).toEqual({ '.tag': 'invalid_async_job_id' });
		conflict(await rpc('files/move_batch/check_v2', { async_job_id: 'dbjid:nope' }), 'invalid_async_job_id');
	});
});

describe('revisions, restore, copy references, tags and locks', () => {
	it('lists revisions by path and by id, and restores one', async () => {
		const r1 = ok(await upload('/Rev/doc.txt', 'v1'));
		const r2 = ok(await upload('/Rev/doc.txt', 'v2', { mode: 'overwrite' }));
		const r3 = ok(await upload('/Rev/doc.txt', 'v3', { mode: 'overwrite' }));
		const byPath = ok(await rpc('files/list_revisions', { path: '/rev/DOC.txt', limit: 2 }));
		expect(byPath).toEqual({ is_deleted: false, entries: [expect.objectContaining({ rev: r3.rev }), expect.objectContaining({ rev: r2.rev })], has_more: true });
		expect(byPath.entries[0]['.tag']).toBeUndefined();
		ok(await rpc('files/move_v2', { from_path: '/Rev/doc.txt', to_path: '/Rev/renamed.txt' }));
		const byId = ok(await rpc('files/list_revisions', { path: '/Rev/renamed.txt', mode: 'id' }));
		expect(byId.entries.map((e) => e.rev)).toEqual(expect.arrayContaining([r1.rev, r2.rev, r3.rev]));
		const old = ok(await rpc('files/list_revisions', { path: '/Rev/doc.txt' }));
		expect(old.is_deleted).toBe(true);
		expect(old.server_deleted).toMatch(ISO);
		conflict(await rpc('files/list_revisions', { path: '/Rev/renamed.txt', mode: 'id', before_rev: r3.rev }), 'before_rev_not_supported');
		const restored = ok(await rpc('files/restore', { path: '/Rev/renamed.txt', rev: r1.rev }));
		expect(restored.content_hash).toBe(r1.content_hash);
		expect((await down('files/download', { path: '/Rev/renamed.txt' })).text).toBe('v1');
		conflict(await rpc('files/restore', { path: '/Rev/renamed.txt', rev: 'abcdef0123456' }), 'invalid_revision');
		conflict(await rpc('files/list_revisions', { path: '/Rev' }), 'path/not_file');
	});

	it('saves a copy reference into another account', async () => {
		const src = ok(await upload('/Refs/shared.txt', 'by reference'));
		const got = ok(await rpc('files/copy_reference/get', { path: '/Refs/shared.txt' }));
		expect(got).toEqual({ metadata: expect.objectContaining({ '.tag': 'file', id: src.id }), copy_reference: expect.any(String), expires: expect.stringMatching(ISO) });
		const member = standIn.team.members[1];
		const teamToken = standIn.issueTokens({ team: true }).access_token;
		const asMember = { t: teamToken, headers: { 'Dropbox-API-Select-User': member.team_member_id } };
		const saved = ok(await rpc('files/copy_reference/save', { copy_reference: got.copy_reference, path: '/From Robin.txt' }, asMember));
		expect(saved.metadata).toMatchObject({ '.tag': 'file', path_display: '/From Robin.txt', content_hash: src.content_hash });
		conflict(await rpc('files/copy_reference/save', { copy_reference: got.copy_reference, path: '/From Robin.txt' }, asMember), 'path/conflict/file');
		conflict(await rpc('files/copy_reference/save', { copy_reference: 'bogus', path: '/x.txt' }, asMember), 'invalid_copy_reference');
	});

	it('adds, gets and removes tags', async () => {
		ok(await upload('/Tags/t.txt', 't'));
		expect(ok(await rpc('files/tags/add', { path: '/Tags/t.txt', tag_text: 'Urgent' }))).toBeNull();
		ok(await rpc('files/tags/add', { path: '/tags/T.txt', tag_text: 'review_2' }));
		expect(ok(await rpc('files/tags/get', { paths: ['/Tags/t.txt'] }))).toEqual({
			paths_to_tags: [
				{
					path: '/Tags/t.txt',
					tags: [
						{ '.tag': 'user_generated_tag', tag_text: 'urgent' },
						{ '.tag': 'user_generated_tag', tag_text: 'review_2' },
					],
				},
			],
		});
		ok(await rpc('files/tags/remove', { path: '/Tags/t.txt', tag_text: 'URGENT' }));
		conflict(await rpc('files/tags/remove', { path: '/Tags/t.txt', tag_text: 'urgent' }), 'tag_not_present');
		conflict(await rpc('files/tags/get', { paths: ['/Tags/none.txt'] }), 'path/not_found');
		for (let i = 0; i < 19; i++) ok(await rpc('files/tags/add', { path: '/Tags/t.txt', tag_text: `t${i}` }));
		conflict(await rpc('files/tags/add', { path: '/Tags/t.txt', tag_text: 'one_too_many' }), 'too_many_tags');
		expect((await rpc('files/tags/add', { path: '/Tags/t.txt', tag_text: 'no spaces' })).status).toBe(400);
	});

	it('locks files for one member; others meet lock_conflict', async () => {
		const teamToken = standIn.issueTokens({ team: true }).access_token;
		const [, jonas, lea] = standIn.team.members;
		const as = (m) => ({ t: teamToken, headers: { 'Dropbox-API-Select-User': m.team_member_id, 'Dropbox-API-Path-Root': JSON.stringify({ '.tag': 'root', root: m.root_namespace_id }) } });
		const target = '/Team Docs/lock-me.txt'; // in the team space, outside anyone's member folder
		const made = await up('files/upload', { path: target }, Buffer.from('lock'), as(jonas));
		expect(made.status).toBe(200);
		const locked = ok(await rpc('files/lock_file_batch', { entries: [{ path: target }, { path: `${jonas.home_path}` }, { path: '/nope.txt' }] }, as(jonas)));
		expect(locked.entries[0]).toEqual({
			'.tag': 'success',
			metadata: expect.objectContaining({ '.tag': 'file', file_lock_info: { is_lockholder: true, lockholder_name: 'Jonas Berg', lockholder_account_id: jonas.account_id, created: expect.stringMatching(ISO) } }),
			lock: { content: { '.tag': 'single_user', created: expect.stringMatching(ISO), lock_holder_account_id: jonas.account_id, lock_holder_team_id: standIn.team.team_id } },
		});
		expect(locked.entries[1]).toEqual({ '.tag': 'failure', failure: { '.tag': 'cannot_be_locked' } });
		expect(locked.entries[2]).toEqual({ '.tag': 'failure', failure: { '.tag': 'path_lookup', path_lookup: { '.tag': 'not_found' } } });
		const other = ok(await rpc('files/lock_file_batch', { entries: [{ path: target }] }, as(lea)));
		expect(other.entries[0]).toEqual({ '.tag': 'failure', failure: { '.tag': 'lock_conflict', lock: { content: expect.objectContaining({ '.tag': 'single_user', lock_holder_account_id: jonas.account_id }) } } });
		expect(ok(await rpc('files/get_file_lock_batch', { entries: [{ path: target }] }, as(lea))).entries[0].metadata.file_lock_info.is_lockholder).toBe(false);
		expect(ok(await rpc('files/unlock_file_batch', { entries: [{ path: target }] }, as(jonas))).entries[0].lock).toEqual({ content: { '.tag': 'unlocked' } });
	});
});

describe('downloads, exports, previews, thumbnails and links', () => {
	it('downloads with a header-safe Dropbox-API-Result, by rev, and by range', async () => {
		const v1 = ok(await upload('/Dl/Zoë 😀.txt', 'first version'));
		ok(await upload('/Dl/Zoë 😀.txt', 'second version', { mode: 'overwrite' }));
		const r = await down('files/download', { path: '/dl/zoë 😀.txt' });
		expect(r.status).toBe(200);
		expect(r.text).toBe('second version');
		expect(r.headers['dropbox-api-result']).toMatch(/^[\x20-\x7e]+$/);
		expect(r.headers['dropbox-api-result']).toContain('Zo\\u00eb \\ud83d\\ude00.txt');
		expect(r.result).toMatchObject({ name: 'Zoë 😀.txt', size: 14 });
		expect((await down('files/download', { path: `rev:${v1.rev}` })).text).toBe('first version');
		expect((await down('files/download', { path: '/Dl/Zoë 😀.txt', rev: v1.rev })).text).toBe('first version');
		const part = await down('files/download', { path: '/Dl/Zoë 😀.txt' }, { headers: { Range: 'bytes=7-13' } });
		expect(part.status).toBe(206);
		expect(part.text).toBe('version');
		expect(part.headers['content-range']).toBe('bytes 7-13/14');
		expect(conflict(await down('files/download', { path: '/Dl' }), 'path/not_file')).toEqual({ '.tag': 'path', path: { '.tag': 'not_file' } });
	});

	it('downloads a folder as a valid ZIP', async () => {
		ok(await upload('/Zip Me/a.txt', 'alpha'));
		ok(await upload('/Zip Me/sub/β.bin', Buffer.from([0, 1, 2, 255])));
		ok(await rpc('files/create_folder_v2', { path: '/Zip Me/empty' }));
		const r = await down('files/download_zip', { path: '/zip me' });
		expect(r.status).toBe(200);
		expect(r.result).toEqual({ metadata: expect.objectContaining({ name: 'Zip Me', path_display: '/Zip Me' }) });
		expect(r.result.metadata['.tag']).toBeUndefined();
		expect(Number(r.headers['content-length'])).toBe(r.raw.length);
		const files = readZip(r.raw);
		expect(Object.keys(files).sort()).toEqual(['Zip Me/', 'Zip Me/a.txt', 'Zip Me/empty/', 'Zip Me/sub/', 'Zip Me/sub/β.bin']);
		expect(files['Zip Me/a.txt'].toString()).toBe('alpha');
		expect([...files['Zip Me/sub/β.bin']]).toEqual([0, 1, 2, 255]);
		if (spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0) {
			const file = path.join(os.tmpdir(), `stand-in-${process.pid}.zip`);
			fs.writeFileSync(file, r.raw);
			const tested = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
			fs.rmSync(file);
			expect(tested.stdout).toContain('No errors detected');
		}
		conflict(await down('files/download_zip', { path: '/Zip Me/a.txt' }), 'path/not_folder');
	});

	it('exports Paper docs as HTML, Markdown and plain text; other files are not exportable', async () => {
		standIn.store.putFile(home(), '/Paper/Plan.paper', Buffer.from('<h1>Plan</h1><p>Ship <strong>it</strong></p><ul><li>one</li></ul>'));
		const meta = ok(await rpc('files/get_metadata', { path: '/Paper/Plan.paper' }));
		expect(meta).toMatchObject({ is_downloadable: false, export_info: { export_as: 'html', export_options: ['html', 'markdown', 'plain_text'] } });
		const html = await down('files/export', { path: '/Paper/Plan.paper' });
		expect(html.text).toContain('<h1>Plan</h1>');
		expect(html.result.export_metadata).toEqual({ name: 'Plan.html', size: html.raw.length, export_hash: contentHash(html.raw), paper_revision: 1 });
		const md = await down('files/export', { path: '/Paper/Plan.paper', export_format: 'markdown' });
		expect(md.text).toBe('# Plan\n\nShip **it**\n\n- one');
		expect(md.result.export_metadata.name).toBe('Plan.md');
		const txt = await down('files/export', { path: '/Paper/Plan.paper', export_format: 'plain_text' });
		expect(txt.text).toBe('Plan\n\nShip it\n\n- one');
		expect(txt.result.export_metadata.name).toBe('Plan.txt');
		conflict(await down('files/export', { path: '/Paper/Plan.paper', export_format: 'docx' }), 'invalid_export_format');
		conflict(await down('files/download', { path: '/Paper/Plan.paper' }), 'unsupported_file');
		ok(await upload('/Paper/plain.txt', 'p'));
		expect(conflict(await down('files/export', { path: '/Paper/plain.txt' }), 'non_exportable')).toEqual({ '.tag': 'non_exportable' });
	});

	it('creates and updates Paper docs (upload style on the api host)', async () => {
		const paper = (route, arg, body) =>
			call(API, `/2/files/paper/${route}`, { headers: { ...auth(), 'Content-Type': 'application/octet-stream', 'Dropbox-API-Arg': headerSafeJson(arg) }, body });
		const made = ok(await paper('create', { path: '/Paper/Notes.paper', import_format: 'markdown' }, '# Notes\n\n- first'));
		expect(made).toEqual({ url: expect.stringMatching(/^https:\/\/www\.dropbox\.com\/cloud_docs\/view\//), result_path: '/Paper/Notes.paper', file_id: expect.stringMatching(/^id:/), paper_revision: 1 });
		expect(ok(await paper('create', { path: '/Paper/Notes.paper', import_format: 'plain_text' }, 'again')).result_path).toBe('/Paper/Notes (1).paper');
		conflict(await paper('create', { path: '/Paper/Notes.txt', import_format: 'html' }, '<p>x</p>'), 'invalid_file_extension');
		const updated = ok(await paper('update', { path: made.file_id, import_format: 'html', doc_update_policy: 'append' }, '<p>appended</p>'));
		expect(updated).toEqual({ paper_revision: 2 });
		conflict(await paper('update', { path: '/Paper/Notes.paper', import_format: 'html', doc_update_policy: 'update', paper_revision: 1 }, '<p>x</p>'), 'revision_mismatch');
		const md = await down('files/export', { path: '/Paper/Notes.paper', export_format: 'markdown' });
		expect(md.text).toBe('# Notes\n\n- first\n\nappended');
		expect(md.result.export_metadata.paper_revision).toBe(2);
		// Each piece comes back as it was imported, in its own format.
		expect((await down('files/export', { path: '/Paper/Notes.paper', export_format: 'html' })).text).toBe('<h1>Notes</h1>\n<ul><li>first</li></ul>\n<p>appended</p>');
		ok(await paper('update', { path: '/Paper/Notes.paper', import_format: 'markdown', doc_update_policy: 'prepend' }, 'Top'));
		ok(await paper('update', { path: '/Paper/Notes.paper', import_format: 'plain_text', doc_update_policy: 'update', paper_revision: 3 }, 'Only this'));
		expect((await down('files/export', { path: '/Paper/Notes.paper', export_format: 'plain_text' })).text).toBe('Only this');
		// Dropbox's Paper errors.
		conflict(await paper('update', { path: '/Paper/Notes.paper', import_format: 'html', doc_update_policy: 'update' }, '<p>x</p>'), 'revision_mismatch');
		conflict(await paper('update', { path: '/Paper/Missing.paper', import_format: 'html', doc_update_policy: 'append' }, '<p>x</p>'), 'path/not_found');
		ok(await upload('/Paper/readme.txt', 'r'));
		conflict(await paper('update', { path: '/Paper/readme.txt', import_format: 'html', doc_update_policy: 'append' }, '<p>x</p>'), 'path/unsupported_content_type');
		const image = Buffer.alloc(MIB + 1).toString('base64');
		conflict(await paper('create', { path: '/Paper/Img.paper', import_format: 'html' }, `<img src="data:image/png;base64,${image}">`), 'image_size_exceeded');
		ok(await paper('create', { path: '/Paper/Small img.paper', import_format: 'html' }, `<img src="data:image/png;base64,${Buffer.alloc(100).toString('base64')}">`));
		conflict(await paper('create', { path: '/Paper/Bytes.paper', import_format: 'plain_text' }, Buffer.from([0xff, 0xfe, 0x00])), 'content_malformed');
		standIn.filesOptions.paperDocLimit = 10;
		try {
			conflict(await paper('create', { path: '/Paper/Long.paper', import_format: 'plain_text' }, 'eleven char'), 'doc_length_exceeded');
			conflict(await paper('update', { path: '/Paper/Notes.paper', import_format: 'plain_text', doc_update_policy: 'append' }, 'more'), 'doc_length_exceeded');
		} finally {
			delete standIn.filesOptions.paperDocLimit;
		}
		const account = standIn.store.personal();
		account.email_verified = false;
		try {
			conflict(await paper('create', { path: '/Paper/Unverified.paper', import_format: 'markdown' }, '# x'), 'email_unverified');
		} finally {
			account.email_verified = true;
		}
		// Route-table validation: an import format Dropbox does not know is a 400.
		const bad = await paper('create', { path: '/Paper/Bad.paper', import_format: 'docx' }, 'x');
		expect(bad.status).toBe(400);
		expect(bad.text).toContain('import_format');
		// A legacy-Paper account: paper_as_files false, and the Paper routes refuse it.
		const me = standIn.defaultAccount.account_id;
		standIn.filesOptions.legacyPaper = [me];
		try {
			const features = ok(await rpc('users/features/get_values', { features: ['paper_as_files'] }));
			expect(features.values).toEqual([{ '.tag': 'paper_as_files', paper_as_files: { '.tag': 'enabled', enabled: false } }]);
			conflict(await paper('create', { path: '/Paper/Legacy.paper', import_format: 'markdown' }, '# x'), 'insufficient_permissions');
			conflict(await paper('update', { path: '/Paper/Notes.paper', import_format: 'markdown', doc_update_policy: 'append' }, 'x'), 'insufficient_permissions');
		} finally {
			delete standIn.filesOptions.legacyPaper;
		}
		expect(ok(await rpc('users/features/get_values', { features: ['paper_as_files'] })).values[0].paper_as_files.enabled).toBe(true);
	});

	it('previews documents as PDF and spreadsheets as HTML', async () => {
		ok(await upload('/Prev/letter.docx', 'not really a docx'));
		ok(await upload('/Prev/table.csv', 'a,b\n1,2\n'));
		ok(await upload('/Prev/notes.txt', 'n'));
		const pdf = await down('files/get_preview', { path: '/Prev/letter.docx' });
		expect(pdf.status).toBe(200);
		expect(pdf.raw.subarray(0, 5).toString()).toBe('%PDF-');
		expect(pdf.raw.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
		expect(pdf.result).toMatchObject({ name: 'letter.docx' });
		const html = await down('files/get_preview', { path: '/Prev/table.csv' });
		expect(html.text).toContain('<td>1</td><td>2</td>');
		expect(conflict(await down('files/get_preview', { path: '/Prev/notes.txt' }), 'unsupported_extension')).toEqual({ '.tag': 'unsupported_extension' });
	});

	it('makes JPEG, PNG and WebP thumbnails, singly and in batches', async () => {
		ok(await upload('/Pics/a.jpg', 'jpg bytes'));
		ok(await upload('/Pics/b.png', 'png bytes'));
		ok(await upload('/Pics/c.txt', 'text'));
		const jpg = await down('files/get_thumbnail', { path: '/Pics/a.jpg' });
		expect([...jpg.raw.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
		expect(jpg.result).toMatchObject({ name: 'a.jpg' });
		const png = await down('files/get_thumbnail', { path: '/Pics/a.jpg', format: 'png', size: 'w128h128' });
		expect(png.raw.subarray(1, 4).toString()).toBe('PNG');
		expect(png.raw.readUInt32BE(16)).toBe(128);
		const webp = await down('files/get_thumbnail_v2', { resource: { '.tag': 'path', path: '/Pics/b.png' }, format: 'webp' });
		expect(webp.raw.subarray(8, 12).toString()).toBe('WEBP');
		expect(webp.result).toEqual({ file_metadata: expect.objectContaining({ name: 'b.png' }) });
		expect(conflict(await down('files/get_thumbnail', { path: '/Pics/c.txt' }), 'unsupported_extension')).toEqual({ '.tag': 'unsupported_extension' });
		conflict(await down('files/get_thumbnail_v2', { resource: { '.tag': 'link', url: 'https://www.dropbox.com/s/none/x.png' } }), 'not_found');
		const batch = ok(
			await rpc('files/get_thumbnail_batch', { entries: [{ path: '/Pics/b.png', format: 'png' }, { path: '/Pics/c.txt' }, { path: '/Pics/none.png' }] }, { host: CONTENT }),
		);
		expect(batch.entries[0]).toEqual({ '.tag': 'success', metadata: expect.objectContaining({ name: 'b.png' }), thumbnail: expect.any(String) });
		expect(Buffer.from(batch.entries[0].thumbnail, 'base64').subarray(1, 4).toString()).toBe('PNG');
		expect(batch.entries[1]).toEqual({ '.tag': 'failure', failure: { '.tag': 'unsupported_extension' } });
		expect(batch.entries[2]).toEqual({ '.tag': 'failure', failure: { '.tag': 'path', path: { '.tag': 'not_found' } } });
		const tooMany = Array.from({ length: 26 }, () => ({ path: '/Pics/b.png' }));
		conflict(await rpc('files/get_thumbnail_batch', { entries: tooMany }, { host: CONTENT }), 'too_many_files');
	});

	it('hands out temporary links the stand-in serves', async () => {
		const meta = ok(await upload('/Links/song.mp3', 'la la la'));
		const got = ok(await rpc('files/get_temporary_link', { path: '/links/song.mp3' }));
		expect(got.metadata).toEqual(meta);
		const link = new URL(got.link);
		expect(link.origin).toBe(standIn.url);
		const fetched = await call(link.host, link.pathname, { method: 'GET' });
		expect(fetched.status).toBe(200);
		expect(fetched.text).toBe('la la la');
		expect(fetched.headers['content-type']).toBe('audio/mpeg');
		expect((await call(link.host, link.pathname, { method: 'GET', headers: { Range: 'bytes=3-' } })).text).toBe('la la');

		const upLink = ok(await rpc('files/get_temporary_upload_link', { commit_info: { path: '/Links/via-link.txt' }, duration: 3600 }));
		const target = new URL(upLink.link);
		const sent = await call(target.host, target.pathname, { headers: { 'Content-Type': 'application/octet-stream' }, body: 'through the link' });
		expect(sent.json()).toEqual({ 'content-hash': contentHash(Buffer.from('through the link')) });
		expect((await call(target.host, target.pathname, { headers: { 'Content-Type': 'application/octet-stream' }, body: 'again' })).status).toBe(410);
		expect((await down('files/download', { path: '/Links/via-link.txt' })).text).toBe('through the link');
		expect((await rpc('files/get_temporary_upload_link', { commit_info: { path: '/x' }, duration: 10 })).text).toBe(
			'Error in call to API function "files/get_temporary_upload_link": request body: duration: 10.000000 is not greater than 60.000000',
		);
	});

	it('saves URLs as jobs: fetched from loopback, made up elsewhere, download_failed for .invalid hosts', async () => {
		const server = http.createServer((req, res) => {
			if (req.url === '/file.txt') res.end('served over loopback');
			else res.writeHead(404).end();
		});
		await new Promise((r) => server.listen(0, '127.0.0.1', r));
		const base = `http://127.0.0.1:${server.address().port}`;
		try {
			const launched = ok(await rpc('files/save_url', { path: '/Saved/loop.txt', url: `${base}/file.txt` }));
			expect(launched).toEqual({ '.tag': 'async_job_id', async_job_id: expect.any(String) });
			const done = await finishJob('files/save_url/check_job_status', launched.async_job_id);
			expect(done.states[0]).toBe('in_progress');
			expect(done.result).toMatchObject({ '.tag': 'complete', name: 'loop.txt', size: 20 });
			expect((await down('files/download', { path: '/Saved/loop.txt' })).text).toBe('served over loopback');

			const missing = ok(await rpc('files/save_url', { path: '/Saved/404.txt', url: `${base}/missing` }));
			expect((await finishJob('files/save_url/check_job_status', missing.async_job_id)).result).toEqual({ '.tag': 'failed', failed: { '.tag': 'download_failed' } });
			const invalid = ok(await rpc('files/save_url', { path: '/Saved/x.txt', url: 'https://files.example.invalid/x.txt' }));
			expect((await finishJob('files/save_url/check_job_status', invalid.async_job_id)).result.failed).toEqual({ '.tag': 'download_failed' });
			const remote = ok(await rpc('files/save_url', { path: '/Saved/remote.txt', url: 'https://example.com/remote.txt' }));
			expect((await finishJob('files/save_url/check_job_status', remote.async_job_id)).result['.tag']).toBe('complete');
			expect(conflict(await rpc('files/save_url', { path: '/Saved/y.txt', url: 'not a url' }), 'invalid_url')).toEqual({ '.tag': 'invalid_url' });
			conflict(await rpc('files/save_url', { path: '/Saved/loop.txt', url: `${base}/file.txt` }), 'path/conflict/file');
		} finally {
			server.close();
		}
	});
});

describe('upload sessions', () => {
	const start = (body, arg = {}) => up('files/upload_session/start', arg, Buffer.from(body));
	const append = (id, offset, body, extra = {}) => up('files/upload_session/append_v2', { cursor: { session_id: id, offset }, ...extra }, Buffer.from(body));
	const finish = (id, offset, commit, body = '', extra = {}) => up('files/upload_session/finish', { cursor: { session_id: id, offset }, commit, ...extra }, Buffer.from(body));

	it('builds a file from start, append_v2 and finish; wrong offsets are answered with the right one', async () => {
		const { session_id } = ok(await start('Hello, '));
		expect(session_id).toMatch(/^pid_upload_session:/);
		expect(ok(await append(session_id, 7, 'big '))).toBeNull();
		expect(conflict(await append(session_id, 7, 'again '), 'incorrect_offset')).toEqual({ '.tag': 'incorrect_offset', correct_offset: 11 });
		expect(conflict(await append(session_id, 11, 'x', { content_hash: contentHash(Buffer.from('y')) }), 'content_hash_mismatch')).toEqual({ '.tag': 'content_hash_mismatch' });
		ok(await append(session_id, 11, 'wide ', { content_hash: contentHash(Buffer.from('wide ')) }));
		expect(conflict(await finish(session_id, 3, { path: '/Sess/a.txt' }), 'lookup_failed/incorrect_offset')).toEqual({
			'.tag': 'lookup_failed',
			lookup_failed: { '.tag': 'incorrect_offset', correct_offset: 16 },
		});
		const meta = ok(await finish(session_id, 16, { path: '/Sess/a.txt' }, 'world'));
		expect(meta).toMatchObject({ name: 'a.txt', size: 21, content_hash: contentHash(Buffer.from('Hello, big wide world')) });
		expect(conflict(await append(session_id, 21, 'more'), 'not_found')).toEqual({ '.tag': 'not_found' });
		expect(ok(await up('files/upload_session/append', { session_id: ok(await start('a')).session_id, offset: 1 }, Buffer.from('b')))).toBeNull();
	});

	it('closes sessions, keeps a session after a failed commit, and forgets it after 7 days', async () => {
		const { session_id } = ok(await start('abc', { close: true }));
		expect(conflict(await append(session_id, 3, 'd'), 'closed')).toEqual({ '.tag': 'closed' });
		ok(await upload('/Sess/taken.txt', 'other'));
		expect(conflict(await finish(session_id, 3, { path: '/Sess/taken.txt' }), 'path/conflict/file')).toEqual({
			'.tag': 'path',
			path: { '.tag': 'conflict', conflict: { '.tag': 'file' } },
		});
		expect(ok(await finish(session_id, 3, { path: '/Sess/free.txt' })).size).toBe(3);
		const old = ok(await start('x')).session_id;
		standIn.expireUploadSessions();
		expect(conflict(await append(old, 1, 'y'), 'not_found')).toEqual({ '.tag': 'not_found' });
		conflict(await finish(old, 1, { path: '/Sess/old.txt' }), 'lookup_failed/not_found');
	});

	it('takes concurrent sessions in 4 MiB pieces, in any order', async () => {
		const piece = (n) => Buffer.alloc(4 * MIB, n);
		const id = ok(await up('files/upload_session/start', { session_type: 'concurrent' })).session_id;
		conflict(await up('files/upload_session/start', { session_type: 'concurrent' }, Buffer.from('data')), 'concurrent_session_data_not_allowed');
		conflict(await up('files/upload_session/start', { session_type: 'concurrent', close: true }), 'concurrent_session_close_not_allowed');
		conflict(await append(id, 4 * MIB, 'not a multiple'), 'concurrent_session_invalid_data_size');
		conflict(await append(id, 100, 'x', { close: true }), 'concurrent_session_invalid_offset');
		ok(await up('files/upload_session/append_v2', { cursor: { session_id: id, offset: 4 * MIB } }, piece(2)));
		ok(await up('files/upload_session/append_v2', { cursor: { session_id: id, offset: 8 * MIB }, close: true }, Buffer.from('tail')));
		conflict(await finish(id, 8 * MIB + 4, { path: '/Sess/concurrent.bin' }), 'concurrent_session_missing_data');
		ok(await up('files/upload_session/append_v2', { cursor: { session_id: id, offset: 0 } }, piece(1)));
		const meta = ok(await finish(id, 8 * MIB + 4, { path: '/Sess/concurrent.bin' }));
		expect(meta.size).toBe(8 * MIB + 4);
		expect(meta.content_hash).toBe(contentHash(Buffer.concat([piece(1), piece(2), Buffer.from('tail')])));
		const open = ok(await up('files/upload_session/start', { session_type: 'concurrent' })).session_id;
		conflict(await finish(open, 0, { path: '/Sess/open.bin' }), 'concurrent_session_not_closed');
	});

	it('starts, appends to and finishes sessions in batches', async () => {
		const { session_ids } = ok(await rpc('files/upload_session/start_batch', { num_sessions: 3 }));
		expect(session_ids).toHaveLength(3);
		const [a, b, c] = session_ids;
		conflict(await up('files/upload_session/append_batch', { entries: [{ cursor: { session_id: a, offset: 0 }, length: 5 }] }, Buffer.from('abc')), 'length_mismatch');
		const appended = ok(
			await up(
				'files/upload_session/append_batch',
				{
					entries: [
						{ cursor: { session_id: a, offset: 0 }, length: 3, close: true },
						{ cursor: { session_id: b, offset: 9 }, length: 2 },
						{ cursor: { session_id: c, offset: 0 }, length: 4 },
					],
				},
				Buffer.from('AAABBCCCC'),
			),
		);
		expect(appended.entries).toEqual([{ '.tag': 'success' }, { '.tag': 'failure', failure: { '.tag': 'incorrect_offset', correct_offset: 0 } }, { '.tag': 'success' }]);
		const finished = ok(
			await rpc('files/upload_session/finish_batch_v2', {
				entries: [
					{ cursor: { session_id: a, offset: 3 }, commit: { path: '/SessBatch/a.txt' } },
					{ cursor: { session_id: c, offset: 4 }, commit: { path: '/SessBatch/c.txt' } },
					{ cursor: { session_id: 'pid_upload_session:nope', offset: 0 }, commit: { path: '/SessBatch/x.txt' } },
				],
			}),
		);
		expect(finished.entries[0]).toEqual({ '.tag': 'success', ...ok(await rpc('files/get_metadata', { path: '/SessBatch/a.txt' })), '.tag': 'success' });
		expect(finished.entries[1]).toEqual({ '.tag': 'failure', failure: { '.tag': 'lookup_failed', lookup_failed: { '.tag': 'not_closed' } } });
		expect(finished.entries[2]).toEqual({ '.tag': 'failure', failure: { '.tag': 'lookup_failed', lookup_failed: { '.tag': 'not_found' } } });
		// The deprecated finish_batch does the same as a job.
		const d = ok(await up('files/upload_session/start', { close: true }, Buffer.from('old style')));
		const launched = ok(await rpc('files/upload_session/finish_batch', { entries: [{ cursor: { session_id: d.session_id, offset: 9 }, commit: { path: '/SessBatch/d.txt' } }] }));
		const { result } = await finishJob('files/upload_session/finish_batch/check', launched.async_job_id);
		expect(result).toEqual({ '.tag': 'complete', entries: [expect.objectContaining({ '.tag': 'success', name: 'd.txt', size: 9 })] });
	});

	it('streams a 200 MiB session upload to disk, not memory', async () => {
		const CHUNK = 16 * MIB;
		const TOTAL = 200 * MIB;
		const chunk = Buffer.alloc(CHUNK);
		const fill = (i) => {
			for (let o = 0; o < CHUNK; o += 4096) chunk.writeUInt32LE((i * 7919 + o) >>> 0, o);
		};
		const expected = new ContentHasher();
		const before = process.memoryUsage().rss;
		let peak = before;
		const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
		try {
			const id = ok(await start('')).session_id;
			let offset = 0;
			for (let i = 0; offset < TOTAL; i++) {
				const size = Math.min(CHUNK, TOTAL - offset);
				fill(i);
				const body = chunk.subarray(0, size);
				expected.update(body);
				ok(await up('files/upload_session/append_v2', { cursor: { session_id: id, offset } }, body));
				offset += size;
			}
			const meta = ok(await finish(id, offset, { path: '/Big/200MiB.bin' }));
			expect(meta.size).toBe(TOTAL);
			expect(meta.content_hash).toBe(expected.digest());
			// Download it back, hashing as it streams.
			const received = await new Promise((resolve, reject) => {
				const req = http.request(
					{ host: '127.0.0.1', port: standIn.port, path: '/2/files/download', method: 'POST', agent: false, headers: { Host: CONTENT, ...auth(), 'Dropbox-API-Arg': JSON.stringify({ path: '/Big/200MiB.bin' }) } },
					(res) => {
						const hasher = new ContentHasher();
						let n = 0;
						res.on('data', (c) => {
							hasher.update(c);
							n += c.length;
						});
						res.on('end', () => resolve({ n, hash: hasher.digest() }));
					},
				);
				req.on('error', reject);
				req.end();
			});
			expect(received).toEqual({ n: TOTAL, hash: meta.content_hash });
		} finally {
			clearInterval(sample);
		}
		if (process.env.SHOW_MEMORY) console.log(`rss before ${Math.round(before / MIB)} MiB, peak ${Math.round(peak / MIB)} MiB`);
		expect(peak - before).toBeLessThan(100 * MIB);
		standIn.store.remove(home(), '/Big');
	});
});

describe('faults inside routes', () => {
	it("answers incorrect_offset with the session's real offset", async () => {
		const id = ok(await up('files/upload_session/start', {}, Buffer.from('12345'))).session_id;
		standIn.injectFault({ route: 'files/upload_session/append_v2', kind: 'incorrect_offset' });
		expect(conflict(await up('files/upload_session/append_v2', { cursor: { session_id: id, offset: 5 } }, Buffer.from('678')), 'incorrect_offset')).toEqual({
			'.tag': 'incorrect_offset',
			correct_offset: 5,
		});
		ok(await up('files/upload_session/append_v2', { cursor: { session_id: id, offset: 5 } }, Buffer.from('678')));
		standIn.injectFault({ route: 'files/upload_session/finish', kind: 'incorrect_offset' });
		expect(conflict(await up('files/upload_session/finish', { cursor: { session_id: id, offset: 8 }, commit: { path: '/Faults/o.txt' } }), 'lookup_failed/incorrect_offset').lookup_failed).toEqual({
			'.tag': 'incorrect_offset',
			correct_offset: 8,
		});
		expect(() => standIn.injectFault({ route: 'files/upload', kind: 'incorrect_offset' })).toThrow(/applies to/);
	});

	it('loses a response after carrying out the request', async () => {
		const id = ok(await up('files/upload_session/start', {}, Buffer.from('abc'))).session_id;
		standIn.injectFault({ route: 'files/upload_session/append_v2', kind: 'lose_response' });
		await expect(up('files/upload_session/append_v2', { cursor: { session_id: id, offset: 3 } }, Buffer.from('def'))).rejects.toThrow(/socket hang up|ECONNRESET/);
		// The retry learns that the bytes did arrive.
		expect(conflict(await up('files/upload_session/append_v2', { cursor: { session_id: id, offset: 3 } }, Buffer.from('def')), 'incorrect_offset').correct_offset).toBe(6);
		expect(ok(await up('files/upload_session/finish', { cursor: { session_id: id, offset: 6 }, commit: { path: '/Faults/lost.txt' } })).size).toBe(6);
		standIn.injectFault({ route: 'files/create_folder_v2', kind: 'lose_response' });
		await expect(rpc('files/create_folder_v2', { path: '/Faults/Made' })).rejects.toThrow();
		conflict(await rpc('files/create_folder_v2', { path: '/Faults/Made' }), 'path/conflict/folder');
	});
});

describe('list_folder, cursors and the long poll', () => {
	const list = (arg) => rpc('files/list_folder', arg);
	const cont = (cursor) => rpc('files/list_folder/continue', { cursor });
	const names = (entries) => entries.map((e) => `${e['.tag']}:${e.path_display}`);

	it('lists a folder, recursively, in pages', async () => {
		ok(await upload('/List/a.txt', 'a'));
		ok(await upload('/List/sub/b.txt', 'b'));
		ok(await upload('/List/sub/deeper/c.txt', 'c'));
		const flat = ok(await list({ path: '/list' }));
		expect(names(flat.entries)).toEqual(['file:/List/a.txt', 'folder:/List/sub']);
		expect(flat).toMatchObject({ has_more: false, cursor: expect.any(String) });
		const all = ok(await list({ path: '/List', recursive: true }));
		expect(names(all.entries)).toEqual(['folder:/List', 'file:/List/a.txt', 'folder:/List/sub', 'file:/List/sub/b.txt', 'folder:/List/sub/deeper', 'file:/List/sub/deeper/c.txt']);
		const seen = [];
		let pageResult = ok(await list({ path: '/List', recursive: true, limit: 2 }));
		seen.push(...pageResult.entries);
		while (pageResult.has_more) {
			pageResult = ok(await cont(pageResult.cursor));
			seen.push(...pageResult.entries);
		}
		expect(names(seen)).toEqual(names(all.entries));
		expect((await list({ path: '/' })).text).toBe('Error in call to API function "files/list_folder": request body: path: Specify the root folder as an empty string rather than as "/".');
		conflict(await list({ path: '/List/a.txt' }), 'path/not_folder');
		conflict(await list({ path: '/List/none' }), 'path/not_found');
		expect(names(ok(await list({ path: '' })).entries)).toContain('folder:/List');
	});

	it('returns exactly what changed since a cursor, in order', async () => {
		ok(await upload('/Feed/keep.txt', 'k'));
		ok(await upload('/Feed/old.txt', 'o'));
		const { cursor } = ok(await rpc('files/list_folder/get_latest_cursor', { path: '/Feed', recursive: true }));
		expect(ok(await cont(cursor))).toEqual({ entries: [], cursor: expect.any(String), has_more: false });
		ok(await upload('/Feed/new.txt', 'n'));
		ok(await upload('/Feed/new.txt', 'n2', { mode: 'overwrite' }));
		ok(await rpc('files/create_folder_v2', { path: '/Feed/Dir' }));
		ok(await rpc('files/delete_v2', { path: '/Feed/old.txt' }));
		ok(await upload('/Elsewhere/x.txt', 'not in scope'));
		const changed = ok(await cont(cursor));
		expect(names(changed.entries)).toEqual(['file:/Feed/new.txt', 'folder:/Feed/Dir', 'deleted:/Feed/old.txt']);
		expect(changed.entries[0].size).toBe(2);
		expect(changed.has_more).toBe(false);
		expect(ok(await cont(changed.cursor)).entries).toEqual([]);
		ok(await rpc('files/move_v2', { from_path: '/Feed/Dir', to_path: '/Feed/Dir2' }));
		expect(names(ok(await cont(changed.cursor)).entries)).toEqual(['deleted:/Feed/Dir', 'folder:/Feed/Dir2']);
	});

	it('answers reset for a cursor it cannot use, and path/not_found when the folder is gone', async () => {
		expect(conflict(await cont('AAHnot-a-cursor'), 'reset')).toEqual({ '.tag': 'reset' });
		ok(await rpc('files/create_folder_v2', { path: '/Gone' }));
		const { cursor } = ok(await rpc('files/list_folder/get_latest_cursor', { path: '/Gone' }));
		standIn.injectFault({ route: 'files/list_folder/continue', kind: 'reset' });
		conflict(await cont(cursor), 'reset');
		ok(await cont(cursor));
		ok(await rpc('files/delete_v2', { path: '/Gone' }));
		conflict(await cont(cursor), 'path/not_found');
		const other = standIn.issueTokens({ team: true }).access_token;
		const asMember = { t: other, headers: { 'Dropbox-API-Select-User': standIn.team.members[1].team_member_id } };
		conflict(await rpc('files/list_folder/continue', { cursor }, asMember), 'reset');
	});

	it('lists deleted entries, leaves out non-downloadable files on request, and crosses mounted folders', async () => {
		ok(await upload('/Opts/live.txt', 'l'));
		ok(await upload('/Opts/dead.txt', 'd'));
		standIn.store.putFile(home(), '/Opts/Doc.paper', Buffer.from('<p>p</p>'));
		ok(await rpc('files/delete_v2', { path: '/Opts/dead.txt' }));
		expect(names(ok(await list({ path: '/Opts', include_deleted: true })).entries)).toEqual(['deleted:/Opts/dead.txt', 'file:/Opts/live.txt', 'file:/Opts/Doc.paper']);
		expect(names(ok(await list({ path: '/Opts', include_non_downloadable_files: false })).entries)).toEqual(['file:/Opts/live.txt']);

		const teamToken = standIn.issueTokens({ team: true }).access_token;
		const lea = standIn.team.members[2];
		const asLea = (root) => ({ t: teamToken, headers: { 'Dropbox-API-Select-User': lea.team_member_id, ...(root && { 'Dropbox-API-Path-Root': JSON.stringify({ '.tag': 'root', root: lea.root_namespace_id }) }) } });
		ok(await up('files/upload', { path: '/Léa notes.txt' }, Buffer.from('home'), asLea(false)));
		const root = ok(await rpc('files/list_folder', { path: '', recursive: true }, asLea(true)));
		expect(names(root.entries)).toContain(`file:${lea.home_path}/Léa notes.txt`);
		const mount = root.entries.find((e) => e.path_display === lea.home_path);
		expect(mount).toMatchObject({ '.tag': 'folder', sharing_info: { read_only: false, shared_folder_id: lea.home_namespace_id } });
		const noMounts = ok(await rpc('files/list_folder', { path: '', recursive: true, include_mounted_folders: false }, asLea(true)));
		expect(names(noMounts.entries)).not.toContain(`file:${lea.home_path}/Léa notes.txt`);
		const viaNs = ok(await rpc('files/get_metadata', { path: `ns:${lea.home_namespace_id}/léa NOTES.txt` }, asLea(true)));
		expect(viaNs.path_display).toBe(`${lea.home_path}/Léa notes.txt`);
		// A change under the mount reaches a cursor on the team space root.
		const { cursor } = ok(await rpc('files/list_folder/get_latest_cursor', { path: '', recursive: true }, asLea(true)));
		ok(await up('files/upload', { path: '/second.txt' }, Buffer.from('2'), asLea(false)));
		expect(names(ok(await rpc('files/list_folder/continue', { cursor }, asLea(true))).entries)).toEqual([`file:${lea.home_path}/second.txt`]);
	});

	it('long-polls: at once when changes wait, on the next change, or false at the timeout', async () => {
		ok(await rpc('files/create_folder_v2', { path: '/Poll' }));
		const { cursor } = ok(await rpc('files/list_folder/get_latest_cursor', { path: '/Poll' }));
		const poll = (c = cursor) => call(NOTIFY, '/2/files/list_folder/longpoll', { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ cursor: c, timeout: 30 }) });
		const started = Date.now();
		expect(ok(await poll())).toEqual({ changes: false });
		expect(Date.now() - started).toBeGreaterThanOrEqual(350);
		const waiting = poll();
		await new Promise((r) => setTimeout(r, 50));
		ok(await upload('/Poll/new.txt', 'n'));
		expect(ok(await waiting)).toEqual({ changes: true });
		expect(ok(await poll())).toEqual({ changes: true });
		expect(conflict(await poll('AAHbroken'), 'reset')).toEqual({ '.tag': 'reset' });
		standIn.filesOptions.longpollBackoff = 5;
		expect(ok(await poll())).toEqual({ changes: true, backoff: 5 });
		delete standIn.filesOptions.longpollBackoff;
		expect((await call(NOTIFY, '/2/files/list_folder/longpoll', { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ cursor, timeout: 10 }) })).text).toBe(
			'Error in call to API function "files/list_folder/longpoll": request body: timeout: 10 is not within range [30, 480]',
		);
	});

	it('tells store.onChange listeners about every change', async () => {
		const seen = [];
		const stop = standIn.store.onChange((change) => seen.push(`${change.op}:${change.path_lower}`));
		ok(await upload('/Hook/a.txt', 'a'));
		ok(await rpc('files/delete_v2', { path: '/Hook' }));
		stop();
		ok(await upload('/Hook/b.txt', 'b'));
		expect(seen).toEqual(['put:/hook', 'put:/hook/a.txt', 'delete:/hook', 'delete:/hook/a.txt']);
	});
});

describe('search', () => {
	beforeAll(async () => {
		token = standIn.issueTokens().access_token;
		ok(await upload('/Search/Quarterly Report 2025.pdf', 'numbers'));
		ok(await upload('/Search/notes/report draft.txt', 'the quarterly plan'));
		ok(await upload('/Search/batman car.txt', 'x'));
		ok(await upload('/Search/bat cave.txt', 'y'));
		ok(await upload('/Search/old report.txt', 'gone'));
		ok(await rpc('files/delete_v2', { path: '/Search/old report.txt' }));
	});
	const search = (query, options, extra = {}) => rpc('files/search_v2', { query, ...(options && { options }), ...extra });
	const paths = (r) => r.matches.map((m) => m.metadata.metadata.path_display);

	it('matches names (last word as a prefix) and contents, with filters', async () => {
		const r = ok(await search('report', { path: '/Search' }));
		expect(r.matches[0]).toEqual({ metadata: { '.tag': 'metadata', metadata: expect.objectContaining({ '.tag': 'file' }) }, match_type: { '.tag': 'filename' } });
		expect(paths(r).sort()).toEqual(['/Search/Quarterly Report 2025.pdf', '/Search/notes/report draft.txt']);
		expect(paths(ok(await search('bat c', { path: '/Search' })))).toEqual(['/Search/bat cave.txt']);
		const content = ok(await search('quarterly', { path: '/Search' }));
		expect(content.matches.map((m) => m.match_type['.tag']).sort()).toEqual(['file_content', 'filename']);
		expect(paths(ok(await search('quarterly', { path: '/Search', filename_only: true })))).toEqual(['/Search/Quarterly Report 2025.pdf']);
		expect(paths(ok(await search('report', { path: '/Search', file_extensions: ['pdf'] })))).toEqual(['/Search/Quarterly Report 2025.pdf']);
		expect(paths(ok(await search('report', { path: '/Search', file_categories: ['document'] })))).toEqual(['/Search/notes/report draft.txt']);
		expect(paths(ok(await search('report', { path: '/Search', file_status: 'deleted' })))).toEqual(['/Search/old report.txt']);
		expect(ok(await search('report', { path: '/Search', file_status: 'deleted' })).matches[0].metadata.metadata['.tag']).toBe('deleted');
		const ordered = ok(await search('report', { path: '/Search', order_by: 'last_modified_time' }));
		expect(paths(ordered)).toHaveLength(2);
		const lit = ok(await search('quarterly rep', { path: '/Search' }, { match_field_options: { include_highlights: true } }));
		expect(lit.matches[0].highlight_spans).toEqual([
			{ highlight_str: 'Quarterly', is_highlighted: true },
			{ highlight_str: ' ', is_highlighted: false },
			{ highlight_str: 'Rep', is_highlighted: true },
			{ highlight_str: 'ort 2025.pdf', is_highlighted: false },
		]);
		conflict(await search('x', { path: '/Search/none' }), 'path/not_found');
	});

	it('pages with search/continue_v2', async () => {
		const first = ok(await search('txt', { path: '/Search', max_results: 1 }));
		expect(first).toMatchObject({ has_more: true, cursor: expect.any(String) });
		const all = [...paths(first)];
		let pageResult = first;
		while (pageResult.has_more) {
			pageResult = ok(await rpc('files/search/continue_v2', { cursor: pageResult.cursor }));
			all.push(...paths(pageResult));
		}
		expect(all.sort()).toEqual(['/Search/bat cave.txt', '/Search/batman car.txt', '/Search/notes/report draft.txt']);
		expect(conflict(await rpc('files/search/continue_v2', { cursor: 'nonsense' }), 'invalid_argument')['.tag']).toBe('invalid_argument');
		standIn.injectFault({ route: 'files/search/continue_v2', kind: 'reset' });
		conflict(await rpc('files/search/continue_v2', { cursor: first.cursor }), 'invalid_argument');
		ok(await rpc('files/search/continue_v2', { cursor: first.cursor }));
	});
});

describe('path roots and seeding', () => {
	it("shows each team member only their own folder in the team space", async () => {
		const teamToken = standIn.issueTokens({ team: true }).access_token;
		const [admin, jonas, lea] = standIn.team.members;
		const as = (m, root) => ({ t: teamToken, headers: { 'Dropbox-API-Select-User': m.team_member_id, ...(root && { 'Dropbox-API-Path-Root': JSON.stringify(root) }) } });
		const rootOf = (m) => ({ '.tag': 'root', root: m.root_namespace_id });
		const listed = ok(await rpc('files/list_folder', { path: '' }, as(jonas, rootOf(jonas))));
		expect(listed.entries.map((e) => e.path_display)).toContain(jonas.home_path);
		expect(listed.entries.map((e) => e.path_display)).not.toContain(lea.home_path);
		conflict(await rpc('files/get_metadata', { path: lea.home_path }, as(jonas, rootOf(jonas))), 'path/not_found');
		expect((await rpc('files/list_folder', { path: '' }, as(jonas, { '.tag': 'namespace_id', namespace_id: lea.home_namespace_id }))).status).toBe(422);
		expect(ok(await rpc('files/get_metadata', { path: admin.home_path }, as(admin, rootOf(admin)))).path_display).toBe(admin.home_path);
	});

	it('keeps the seeding helpers working and shows seeded files through the API', async () => {
		const ns = standIn.store.personal().home_namespace_id;
		standIn.store.ensureFolder(ns, '/Seeded/Deep');
		standIn.store.putFile(ns, '/Seeded/Deep/Ünïcode.txt', Buffer.from('seeded'));
		expect((await down('files/download', { path: '/seeded/deep/ünïcode.txt' })).text).toBe('seeded');
		expect(await standIn.store.readFile(ns, '/Seeded/Deep/Ünïcode.txt')).toEqual(Buffer.from('seeded'));
	});

	it('resolves paths against the Dropbox-API-Path-Root namespace', async () => {
		const teamToken = standIn.issueTokens({ team: true }).access_token;
		const admin = standIn.team.members[0];
		const headers = (root) => ({ 'Dropbox-API-Select-User': admin.team_member_id, 'Dropbox-API-Path-Root': JSON.stringify(root) });
		const inRoot = await up('files/upload', { path: `${admin.home_path}/via root.txt` }, Buffer.from('r'), { t: teamToken, headers: headers({ '.tag': 'root', root: admin.root_namespace_id }) });
		expect(ok(inRoot).path_display).toBe(`${admin.home_path}/via root.txt`);
		const inHome = ok(await rpc('files/get_metadata', { path: '/via ROOT.txt' }, { t: teamToken, headers: headers({ '.tag': 'namespace_id', namespace_id: admin.home_namespace_id }) }));
		expect(inHome.path_display).toBe('/via root.txt');
		expect(inHome.id).toBe(ok(inRoot).id);
	});
});

/** A small ZIP reader: every entry's bytes, checked against the central directory's CRC-32 and sizes. */
function readZip(buf) {
	const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	expect(end).toBeGreaterThan(0);
	const count = buf.readUInt16LE(end + 10);
	let at = buf.readUInt32LE(end + 16);
	const out = {};
	for (let i = 0; i < count; i++) {
		expect(buf.readUInt32LE(at)).toBe(0x02014b50);
		const method = buf.readUInt16LE(at + 10);
		const crc = buf.readUInt32LE(at + 16);
		const size = buf.readUInt32LE(at + 24);
		const nameLength = buf.readUInt16LE(at + 28);
		const extra = buf.readUInt16LE(at + 30);
		const comment = buf.readUInt16LE(at + 32);
		const local = buf.readUInt32LE(at + 42);
		const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
		expect(method).toBe(0);
		expect(buf.readUInt32LE(local)).toBe(0x04034b50);
		const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
		const data = buf.subarray(dataAt, dataAt + size);
		expect(crc32(data) >>> 0).toBe(crc);
		out[name] = data;
		at += 46 + nameLength + extra + comment;
	}
	return out;
}
