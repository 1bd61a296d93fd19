// The stand-in's file sharing (sharing/*_file_* routes), spoken to over plain HTTP with the Dropbox host name.
'use strict';


const { startDropboxStandIn } = require('./emulator');
const { rpcClient } = require('./emulator/rpc-client');
const { sharedFilesOf } = require('./emulator/sharing/files');

let standIn;
let robin;
let mateo;
let zoe;

function call(route, arg, token) {
	return rpcClient(standIn.port)(route, arg, token);
}

const as = (who) => ({ call: (route, arg) => call(route, arg, who.token) });

beforeAll(async () => {
	standIn = await startDropboxStandIn();
	const accounts = [...standIn.store.accounts.values()];
	const account = (email) => accounts.find((a) => a.email === email);
	robin = { account: standIn.store.personal(), token: standIn.issueTokens().access_token };
	mateo = { account: account('mateo.alvarez@example.org') };
	mateo.token = standIn.issueTokens({ account: mateo.account.account_id }).access_token;
	zoe = { account: account('zoe@nordlicht.example') };
});
afterAll(async () => await standIn.stop());

const fileId = (path) => standIn.store.lookup(standIn.store.personal().home_namespace_id, path).id;

describe('sharing a file', () => {
	test('add members: accounts by email or ID become members, other emails invitees; quiet sends nothing', async () => {
		standIn.store.putFile(robin.account.home_namespace_id, '/Share/plan.txt', Buffer.from('plan'));
		const added = await as(robin).call('sharing/add_file_member', {
			file: '/Share/plan.txt',
			members: [{ '.tag': 'email', email: 'MATEO.alvarez@example.org' }, { '.tag': 'dropbox_id', dropbox_id: zoe.account.account_id }, { '.tag': 'email', email: 'new.person@example.net' }],
			access_level: 'editor',
			custom_message: 'Bitte ansehen',
		});
		expect(added.status).toBe(200);
		expect(added.json.map((r) => r.result)).toEqual([0, 1, 2].map(() => ({ '.tag': 'success', success: { '.tag': 'editor' } })));
		const sent = sharedFilesOf(standIn.store).invitations.filter((i) => i.file_id === fileId('/Share/plan.txt'));
		expect(sent.map((i) => [i.email, i.custom_message])).toEqual([
			['mateo.alvarez@example.org', 'Bitte ansehen'],
			['zoe@nordlicht.example', 'Bitte ansehen'],
			['new.person@example.net', 'Bitte ansehen'],
		]);
		const quiet = await as(robin).call('sharing/add_file_member', { file: '/Share/plan.txt', members: [{ '.tag': 'email', email: 'quiet@example.net' }], quiet: true });
		expect(quiet.json[0].result).toEqual({ '.tag': 'success', success: { '.tag': 'viewer' } });
		expect(sharedFilesOf(standIn.store).invitations.some((i) => i.email === 'quiet@example.net')).toBe(false);

		const members = await as(robin).call('sharing/list_file_members', { file: '/share/PLAN.txt' });
		expect(members.json.users.map((u) => [u.user.email, u.access_type['.tag']])).toEqual([
			['robin.fischer@example.com', 'owner'],
			['mateo.alvarez@example.org', 'editor'],
			['zoe@nordlicht.example', 'editor'],
		]);
		expect(members.json.invitees.map((u) => u.invitee.email)).toEqual(['new.person@example.net', 'quiet@example.net']);

		const received = await as(mateo).call('sharing/list_received_files', {});
		expect(received.json.entries.map((e) => [e.name, e.access_type['.tag'], e.path_lower])).toEqual([['plan.txt', 'editor', undefined]]);
		expect(received.json.entries[0].time_invited).toMatch(/Z$/);
	});

	test('member errors: unknown account ID, the owner, "owner" access; a bad email is a 400', async () => {
		standIn.store.putFile(robin.account.home_namespace_id, '/Share/errors.txt', Buffer.from('e'));
		const answer = await as(robin).call('sharing/add_file_member', {
			file: '/Share/errors.txt',
			members: [{ '.tag': 'dropbox_id', dropbox_id: 'dbid:AAnobodyAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, { '.tag': 'email', email: robin.account.email }],
		});
		expect(answer.json.map((r) => r.result.member_error['.tag'])).toEqual(['invalid_member', 'no_permission']);
		const owner = await as(robin).call('sharing/add_file_member', { file: '/Share/errors.txt', members: [{ '.tag': 'email', email: 'a@example.net' }], access_level: 'owner' });
		expect(owner.json[0].result.member_error['.tag']).toBe('no_permission');
		const bad = await as(robin).call('sharing/add_file_member', { file: '/Share/errors.txt', members: [{ '.tag': 'email', email: 'not-an-email' }] });
		expect(bad.status).toBe(400);
		expect(bad.text).toContain("request body: members.email: 'not-an-email' did not match pattern");
	});

	test('files that cannot be reached: invalid_file, is_folder; strangers see invalid_file; members may not manage', async () => {
		standIn.store.ensureFolder(robin.account.home_namespace_id, '/Share/Folder');
		const missing = await as(robin).call('sharing/get_file_metadata', { file: '/Share/none.txt' });
		expect([missing.status, missing.json.error_summary]).toEqual([409, expect.stringMatching(/^access_error\/invalid_file\//)]);
		const folder = await as(robin).call('sharing/get_file_metadata', { file: '/Share/Folder' });
		expect(folder.json.error).toEqual({ '.tag': 'access_error', access_error: { '.tag': 'is_folder' } });
		standIn.store.putFile(robin.account.home_namespace_id, '/Share/private.txt', Buffer.from('p'));
		const stranger = await as(mateo).call('sharing/get_file_metadata', { file: fileId('/Share/private.txt') });
		expect(stranger.json.error.access_error['.tag']).toBe('invalid_file');
		const asMember = await as(mateo).call('sharing/unshare_file', { file: fileId('/Share/plan.txt') });
		expect(asMember.json.error).toEqual({ '.tag': 'access_error', access_error: { '.tag': 'no_permission' } });
		const badPath = await as(robin).call('sharing/get_file_metadata', { file: 'plan.txt' });
		expect(badPath.status).toBe(400);
	});

	test('paging: list_file_members and list_received_files continue with their cursors; a bad cursor is invalid_cursor', async () => {
		standIn.store.putFile(robin.account.home_namespace_id, '/Share/many.txt', Buffer.from('m'));
		const emails = Array.from({ length: 7 }, (_, i) => ({ '.tag': 'email', email: `p${i}@example.net` }));
		await as(robin).call('sharing/add_file_member', { file: '/Share/many.txt', members: emails, quiet: true });
		let page = (await as(robin).call('sharing/list_file_members', { file: '/Share/many.txt', limit: 3 })).json;
		const seen = [...page.users, ...page.invitees];
		while (page.cursor) {
			page = (await as(robin).call('sharing/list_file_members/continue', { cursor: page.cursor })).json;
			seen.push(...page.users, ...page.invitees);
		}
		expect(seen).toHaveLength(8);
		const bad = await as(robin).call('sharing/list_file_members/continue', { cursor: 'nope' });
		expect(bad.json.error).toEqual({ '.tag': 'invalid_cursor' });
		const limit = await as(robin).call('sharing/list_file_members', { file: '/Share/many.txt', limit: 301 });
		expect(limit.status).toBe(400);

		for (const name of ['r1', 'r2', 'r3']) {
			standIn.store.putFile(robin.account.home_namespace_id, `/Share/${name}.txt`, Buffer.from(name));
			await as(robin).call('sharing/add_file_member', { file: `/Share/${name}.txt`, members: [{ '.tag': 'dropbox_id', dropbox_id: mateo.account.account_id }], quiet: true });
		}
		const first = (await as(mateo).call('sharing/list_received_files', { limit: 2 })).json;
		expect(first.entries.map((e) => e.name)).toEqual(['r3.txt', 'r2.txt']);
		const rest = (await as(mateo).call('sharing/list_received_files/continue', { cursor: first.cursor })).json;
		expect(rest.entries.map((e) => e.name)).toEqual(['r1.txt', 'plan.txt']);
		expect(rest.cursor).toBeUndefined();
		const wrongKind = await as(mateo).call('sharing/list_received_files/continue', { cursor: page.cursor ?? first.cursor.replace(/./, 'x') });
		expect(wrongKind.json.error).toEqual({ '.tag': 'invalid_cursor' });
	});

	test('batches: members and metadata of several files in one call, with per-file access errors', async () => {
		const members = await as(robin).call('sharing/list_file_members/batch', { files: ['/Share/plan.txt', '/Share/none.txt'], limit: 2 });
		expect(members.json[0]).toMatchObject({ file: '/Share/plan.txt', result: { '.tag': 'result', member_count: 5 } });
		expect(members.json[0].result.members.users).toHaveLength(2);
		expect(typeof members.json[0].result.members.cursor).toBe('string');
		expect(members.json[1].result).toEqual({ '.tag': 'access_error', access_error: { '.tag': 'invalid_file' } });
		const meta = await as(robin).call('sharing/get_file_metadata/batch', { files: [fileId('/Share/plan.txt'), '/Share/Folder'], actions: ['unshare'] });
		expect(meta.json[0].result).toMatchObject({ '.tag': 'metadata', name: 'plan.txt', access_type: { '.tag': 'owner' }, permissions: [{ action: { '.tag': 'unshare' }, allow: true }] });
		expect(meta.json[1].result.access_error['.tag']).toBe('is_folder');
		const tooMany = await as(robin).call('sharing/get_file_metadata/batch', { files: Array.from({ length: 101 }, () => '/Share/plan.txt') });
		expect(tooMany.status).toBe(400);
	});

	test('update and remove members; remove answers member_error with status 200', async () => {
		const update = await as(robin).call('sharing/update_file_member', { file: '/Share/plan.txt', member: { '.tag': 'dropbox_id', dropbox_id: mateo.account.account_id }, access_level: 'viewer' });
		expect([update.status, update.json]).toEqual([200, {}]);
		const toOwner = await as(robin).call('sharing/update_file_member', { file: '/Share/plan.txt', member: { '.tag': 'email', email: 'new.person@example.net' }, access_level: 'owner' });
		expect(toOwner.json.error).toEqual({ '.tag': 'no_permission' });
		const removed = await as(robin).call('sharing/remove_file_member_2', { file: '/Share/plan.txt', member: { '.tag': 'email', email: 'new.person@example.net' } });
		expect(removed.json).toEqual({ '.tag': 'success', success: {} });
		const again = await as(robin).call('sharing/remove_file_member_2', { file: '/Share/plan.txt', member: { '.tag': 'email', email: 'new.person@example.net' } });
		expect([again.status, again.json]).toEqual([200, { '.tag': 'member_error', member_error: { '.tag': 'invalid_member' } }]);
	});

	test('policy, relinquish (not the owner), relinquish_access (idempotent), unshare removes everyone', async () => {
		const policy = await as(robin).call('sharing/update_file_policy', { file: '/Share/plan.txt', viewer_info_policy: 'disabled' });
		expect(policy.json.policy.viewer_info_policy).toEqual({ '.tag': 'disabled' });
		const ownerLeaves = await as(robin).call('sharing/relinquish_file_membership', { file: '/Share/plan.txt' });
		expect(ownerLeaves.json.error).toEqual({ '.tag': 'no_permission' });
		const leaves = await as(mateo).call('sharing/relinquish_file_membership', { file: fileId('/Share/r1.txt') });
		expect([leaves.status, leaves.text]).toEqual([200, 'null']);
		const gone = await as(mateo).call('sharing/get_file_metadata', { file: fileId('/Share/r1.txt') });
		expect(gone.json.error.access_error['.tag']).toBe('invalid_file');

		const access = await as(mateo).call('sharing/relinquish_access', { file_id: fileId('/Share/r2.txt') });
		expect([access.status, access.json]).toEqual([200, {}]);
		expect((await as(mateo).call('sharing/relinquish_access', { file_id: fileId('/Share/r2.txt') })).json).toEqual({});
		expect((await as(robin).call('sharing/relinquish_access', { file_id: fileId('/Share/r2.txt') })).json.error).toEqual({ '.tag': 'owner' });
		expect((await as(mateo).call('sharing/relinquish_access', { file_id: 'id:nothing' })).json.error).toEqual({ '.tag': 'invalid_file_id' });

		expect((await as(robin).call('sharing/unshare_file', { file: '/Share/plan.txt' })).text).toBe('null');
		const after = (await as(robin).call('sharing/list_file_members', { file: '/Share/plan.txt' })).json;
		expect([after.users.length, after.invitees.length]).toEqual([1, 0]);
		const received = (await as(mateo).call('sharing/list_received_files', {})).json;
		expect(received.entries.map((e) => e.name)).not.toContain('plan.txt');
	});

	test('arguments are checked against the route table: unknown fields and missing ones are 400s', async () => {
		const unknown = await as(robin).call('sharing/unshare_file', { file: '/Share/plan.txt', everyone: true });
		expect(unknown.text).toContain("unknown field 'everyone'");
		const missing = await as(robin).call('sharing/update_file_member', { file: '/Share/plan.txt', member: { '.tag': 'email', email: 'a@example.net' } });
		expect(missing.text).toContain("missing required field 'access_level'");
	});
});
