// The stand-in's shared folders: several accounts, each seeing only what it should.
'use strict';


const { startDropboxStandIn } = require('./emulator');
const { rpcClient } = require('./emulator/rpc-client');


let standIn;
/** Tokens by person. */
const t = {};
/** Account records by person. */
const who = {};

function rpc(route, arg, token) {
	return rpcClient(standIn.port)(route, arg, token);
}

/** The call's JSON, failing the test on anything but 200. */
async function ok(route, arg, token = t.robin) {
	const res = await rpc(route, arg, token);
	if (res.status !== 200) throw new Error(`${route}: ${res.status} ${res.text}`);
	return res.json;
}

/** The tags of a 409. */
async function refused(route, arg, token = t.robin) {
	const res = await rpc(route, arg, token);
	expect(res.status).toBe(409);
	return res.json.error_summary.replace(/\/\.*$/, '');
}

async function waitJob(checkRoute, launched, token = t.robin) {
	let answer = launched;
	for (let i = 0; answer['.tag'] === 'async_job_id' || answer['.tag'] === 'in_progress'; i++) {
		if (i > 20) throw new Error('job never finished');
		answer = await ok(checkRoute, { async_job_id: launched.async_job_id }, token);
	}
	return answer;
}

const names = async (route, token) => (await ok(route, {}, token)).entries.map((e) => e.name);
const listRoot = async (token) => (await ok('files/list_folder', { path: '' }, token)).entries.map((e) => e.path_display);

beforeAll(async () => {
	standIn = await startDropboxStandIn();
	const { store } = standIn;
	who.robin = store.personal();
	who.mateo = [...store.accounts.values()].find((a) => a.email.startsWith('mateo'));
	who.zoe = store.members.get(standIn.team.members[0].team_member_id);
	who.jonas = store.members.get(standIn.team.members[1].team_member_id);
	t.robin = standIn.issueTokens().access_token;
	t.mateo = standIn.issueTokens({ account: who.mateo.account_id }).access_token;
	t.zoe = standIn.issueTokens({ account: who.zoe.account_id }).access_token;
	t.jonas = standIn.issueTokens({ account: who.jonas.account_id }).access_token;
});
afterAll(async () => await standIn.stop());

async function shareNew(path) {
	standIn.store.putFile(who.robin.home_namespace_id, `${path}/plan.txt`, Buffer.from('plan'));
	const launched = await ok('sharing/share_folder', { path });
	expect(launched['.tag']).toBe('complete');
	return launched.shared_folder_id;
}

describe('sharing a folder', () => {
	it('turns it into a shared namespace that keeps its path, id and content', async () => {
		const before = await ok('files/get_metadata', { path: '/Apollo' }).catch(() => null);
		expect(before).toBeNull();
		standIn.store.putFile(who.robin.home_namespace_id, '/Apollo/docs/a.txt', Buffer.from('a'));
		const folderId = standIn.store.lookup(who.robin.home_namespace_id, '/Apollo').id;
		const shared = await ok('sharing/share_folder', { path: '/Apollo', acl_update_policy: 'owner' });
		expect(shared).toMatchObject({ '.tag': 'complete', name: 'Apollo', path_display: '/Apollo', access_type: { '.tag': 'owner' }, folder_id: folderId });
		expect(shared.shared_folder_id).toMatch(/^[0-9]+$/);
		expect(shared.policy.acl_update_policy['.tag']).toBe('owner');
		const meta = await ok('files/get_metadata', { path: '/Apollo' });
		expect(meta.shared_folder_id).toBe(shared.shared_folder_id);
		const inside = await ok('files/get_metadata', { path: '/Apollo/docs/a.txt' });
		expect(inside.parent_shared_folder_id).toBe(shared.shared_folder_id);
		expect((await standIn.store.readFile(shared.shared_folder_id, '/docs/a.txt')).toString()).toBe('a');
	});

	it('creates a missing folder, and refuses a file, a shared folder, inside one and around one', async () => {
		const created = await ok('sharing/share_folder', { path: '/Brand New' });
		expect(created.path_display).toBe('/Brand New');
		standIn.store.putFile(who.robin.home_namespace_id, '/file.txt', Buffer.from('x'));
		expect(await refused('sharing/share_folder', { path: '/file.txt' })).toBe('bad_path/is_file');
		const again = await rpc('sharing/share_folder', { path: '/brand new' }, t.robin);
		expect(again.json.error_summary).toMatch(/^bad_path\/already_shared/);
		expect(again.json.error.bad_path.already_shared.shared_folder_id).toBe(created.shared_folder_id);
		standIn.store.ensureFolder(created.shared_folder_id, '/Inner');
		expect(await refused('sharing/share_folder', { path: '/Brand New/Inner' })).toBe('bad_path/inside_shared_folder');
		standIn.store.ensureFolder(who.robin.home_namespace_id, '/Outer');
		await ok('sharing/share_folder', { path: '/Outer/Sub' });
		expect(await refused('sharing/share_folder', { path: '/Outer' })).toBe('bad_path/contains_shared_folder');
	});

	it('answers a job for large folders or force_async, in progress for asyncJobPolls polls', async () => {
		standIn.filesOptions.asyncJobPolls = 3;
		try {
			standIn.store.ensureFolder(who.robin.home_namespace_id, '/Async');
			const launched = await ok('sharing/share_folder', { path: '/Async', force_async: true });
			expect(launched['.tag']).toBe('async_job_id');
			const answers = [];
			for (let i = 0; i < 4; i++) answers.push((await ok('sharing/check_share_job_status', { async_job_id: launched.async_job_id }))['.tag']);
			expect(answers).toEqual(['in_progress', 'in_progress', 'in_progress', 'complete']);
			// Another account cannot ask about it.
			expect(await refused('sharing/check_share_job_status', { async_job_id: launched.async_job_id }, t.mateo)).toBe('invalid_async_job_id');
		} finally {
			standIn.filesOptions.asyncJobPolls = 1;
		}
	});
});

describe('members', () => {
	it('an invitation shows in the collaborator’s mountable folders; mounting puts it in their tree', async () => {
		const id = await shareNew('/Invite');
		await ok('sharing/add_folder_member', { shared_folder_id: id, members: [{ member: { '.tag': 'email', email: 'Mateo.Alvarez@example.org' }, access_level: 'editor' }] });
		expect(await names('sharing/list_mountable_folders', t.mateo)).toContain('Invite');
		expect(await names('sharing/list_folders', t.mateo)).not.toContain('Invite');
		const members = await ok('sharing/list_folder_members', { shared_folder_id: id });
		expect(members.invitees.map((i) => i.invitee.email)).toEqual(['mateo.alvarez@example.org']);
		expect(members.users.map((u) => u.access_type['.tag'])).toEqual(['owner']);
		// Others see nothing of it.
		expect(await refused('sharing/get_folder_metadata', { shared_folder_id: id }, t.jonas)).toBe('not_a_member');
		expect(await refused('sharing/get_folder_metadata', { shared_folder_id: '999999999' }, t.jonas)).toBe('invalid_id');

		const cursor = (await ok('files/list_folder/get_latest_cursor', { path: '', recursive: true }, t.mateo)).cursor;
		const mounted = await ok('sharing/mount_folder', { shared_folder_id: id }, t.mateo);
		expect(mounted).toMatchObject({ path_display: '/Invite', access_type: { '.tag': 'editor' } });
		expect(await listRoot(t.mateo)).toContain('/Invite');
		expect((await ok('files/list_folder/continue', { cursor }, t.mateo)).entries.map((e) => e.path_display)).toContain('/Invite');
		expect((await ok('files/get_metadata', { path: '/Invite/plan.txt' }, t.mateo)).parent_shared_folder_id).toBe(id);
		expect(await names('sharing/list_mountable_folders', t.mateo)).not.toContain('Invite');
		expect(await names('sharing/list_folders', t.mateo)).toContain('Invite');
		expect(await refused('sharing/mount_folder', { shared_folder_id: id }, t.mateo)).toBe('already_mounted');
		// A file written by the collaborator is the owner's to read.
		await ok('files/create_folder_v2', { path: '/Invite/From Mateo' }, t.mateo);
		expect((await ok('files/get_metadata', { path: '/Invite/From Mateo' })).name).toBe('From Mateo');

		// Moved in his Dropbox, it is still the shared folder, at its new path.
		await ok('files/move_v2', { from_path: '/Invite', to_path: '/Moved Invite' }, t.mateo);
		expect((await ok('sharing/get_folder_metadata', { shared_folder_id: id }, t.mateo)).path_display).toBe('/Moved Invite');
		await ok('sharing/unmount_folder', { shared_folder_id: id }, t.mateo);
		expect(await listRoot(t.mateo)).not.toContain('/Moved Invite');
		expect(await names('sharing/list_mountable_folders', t.mateo)).toContain('Invite');
		await ok('sharing/mount_folder', { shared_folder_id: id }, t.mateo);

		const relinquished = await ok('sharing/relinquish_folder_membership', { shared_folder_id: id, leave_a_copy: true }, t.mateo);
		expect((await waitJob('sharing/check_job_status', relinquished, t.mateo))['.tag']).toBe('complete');
		const copy = await ok('files/get_metadata', { path: '/Invite/plan.txt' }, t.mateo);
		expect(copy.parent_shared_folder_id).toBeUndefined();
		expect(await refused('sharing/get_folder_metadata', { shared_folder_id: id }, t.mateo)).toBe('not_a_member');
		expect(await refused('sharing/relinquish_folder_membership', { shared_folder_id: id })).toBe('folder_owner');
	});

	it('checks who may add members, bad members, and keeps members already there', async () => {
		const id = await shareNew('/Rules');
		const add = (member, level = 'viewer', token = t.robin) => rpc('sharing/add_folder_member', { shared_folder_id: id, members: [{ member, access_level: level }] }, token);
		expect((await add({ '.tag': 'email', email: 'not an email' })).status).toBe(400);
		expect((await rpc('sharing/add_folder_member', { shared_folder_id: id, members: [{ member: { '.tag': 'email', email: 'x@nowhere.invalid' } }] }, t.robin)).json.error_summary).toMatch(/^bad_member\/invalid_email/);
		expect((await add({ '.tag': 'dropbox_id', dropbox_id: 'dbid:AAnobodyAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).json.error_summary).toMatch(/^bad_member\/invalid_dropbox_id/);
		expect((await add({ '.tag': 'dropbox_id', dropbox_id: who.jonas.account_id })).status).toBe(200);
		await ok('sharing/mount_folder', { shared_folder_id: id }, t.jonas);
		// Already a member: accepted, access unchanged.
		expect((await add({ '.tag': 'email', email: who.jonas.email }, 'editor')).status).toBe(200);
		const members = await ok('sharing/list_folder_members', { shared_folder_id: id });
		expect(members.users.find((u) => u.user.account_id === who.jonas.account_id).access_type['.tag']).toBe('viewer');
		// A viewer may not add anyone.
		const byViewer = await add({ '.tag': 'email', email: 'someone@example.com' }, 'viewer', t.jonas);
		expect(byViewer.json.error_summary).toMatch(/^no_permission/);
		expect(await refused('sharing/unshare_folder', { shared_folder_id: id }, t.jonas)).toBe('no_permission');
		expect(await refused('sharing/update_folder_policy', { shared_folder_id: id, acl_update_policy: 'owner' }, t.jonas)).toBe('no_permission');
		// Editors may, under the default policy; then not once it is "owner".
		await ok('sharing/update_folder_member', { shared_folder_id: id, member: { '.tag': 'dropbox_id', dropbox_id: who.jonas.account_id }, access_level: 'editor' });
		expect((await add({ '.tag': 'email', email: 'guest@example.com' }, 'viewer', t.jonas)).status).toBe(200);
		const policy = await ok('sharing/update_folder_policy', { shared_folder_id: id, acl_update_policy: 'owner', viewer_info_policy: 'disabled' });
		expect(policy.policy).toMatchObject({ acl_update_policy: { '.tag': 'owner' }, viewer_info_policy: { '.tag': 'disabled' } });
		expect(await refused('sharing/update_folder_policy', { shared_folder_id: id, member_policy: 'team' })).toBe('not_on_team');
		expect((await add({ '.tag': 'email', email: 'other@example.com' }, 'viewer', t.jonas)).json.error_summary).toMatch(/^no_permission/);
	});

	it('lists members in pages, updates and removes them (with or without a copy), transfers ownership', async () => {
		const id = await shareNew('/Many');
		const members = Array.from({ length: 30 }, (_, i) => ({ member: { '.tag': 'email', email: `person${i}@example.com` }, access_level: 'viewer' }));
		await ok('sharing/add_folder_member', { shared_folder_id: id, members: [...members, { member: { '.tag': 'dropbox_id', dropbox_id: who.mateo.account_id }, access_level: 'editor' }] });
		let page = await ok('sharing/list_folder_members', { shared_folder_id: id, limit: 7 });
		let count = page.users.length + page.invitees.length;
		while (page.cursor) {
			page = await ok('sharing/list_folder_members/continue', { cursor: page.cursor });
			count += page.users.length + page.invitees.length;
		}
		expect(count).toBe(32);
		expect(await refused('sharing/list_folder_members/continue', { cursor: 'nonsense' })).toBe('invalid_cursor');

		const level = await ok('sharing/update_folder_member', { shared_folder_id: id, member: { '.tag': 'email', email: 'person3@example.com' }, access_level: 'viewer_no_comment' });
		expect(level.access_level['.tag']).toBe('viewer_no_comment');
		expect(await refused('sharing/update_folder_member', { shared_folder_id: id, member: { '.tag': 'email', email: 'absent@example.com' }, access_level: 'editor' })).toBe('member_error/not_a_member');

		expect(await refused('sharing/transfer_folder', { shared_folder_id: id, to_dropbox_id: who.mateo.account_id })).toBe('new_owner_not_a_member');
		await ok('sharing/mount_folder', { shared_folder_id: id }, t.mateo);
		await ok('sharing/unmount_folder', { shared_folder_id: id }, t.mateo);
		expect(await refused('sharing/transfer_folder', { shared_folder_id: id, to_dropbox_id: who.mateo.account_id })).toBe('new_owner_unmounted');
		await ok('sharing/mount_folder', { shared_folder_id: id }, t.mateo);
		await ok('sharing/transfer_folder', { shared_folder_id: id, to_dropbox_id: who.mateo.account_id });
		const asRobin = await ok('sharing/get_folder_metadata', { shared_folder_id: id });
		expect(asRobin.access_type['.tag']).toBe('editor');
		expect(asRobin.owner_display_names).toEqual(['Mateo Álvarez']);
		await ok('sharing/transfer_folder', { shared_folder_id: id, to_dropbox_id: who.robin.account_id }, t.mateo);

		const removed = await ok('sharing/remove_folder_member', { shared_folder_id: id, member: { '.tag': 'dropbox_id', dropbox_id: who.mateo.account_id }, leave_a_copy: true });
		expect(removed['.tag']).toBe('async_job_id');
		expect((await waitJob('sharing/check_remove_member_job_status', removed))['.tag']).toBe('complete');
		expect((await ok('files/get_metadata', { path: '/Many/plan.txt' }, t.mateo)).parent_shared_folder_id).toBeUndefined();
		expect(await refused('sharing/remove_folder_member', { shared_folder_id: id, member: { '.tag': 'dropbox_id', dropbox_id: who.robin.account_id }, leave_a_copy: false })).toBe('folder_owner');
	});

	it('unshares: members lose it or keep a copy; the owner keeps the content as a plain folder', async () => {
		for (const leave of [false, true]) {
			const path = `/Unshare ${leave}`;
			const id = await shareNew(path);
			await ok('sharing/add_folder_member', { shared_folder_id: id, members: [{ member: { '.tag': 'email', email: who.zoe.email }, access_level: 'editor' }] });
			await ok('sharing/mount_folder', { shared_folder_id: id }, t.zoe);
			expect((await ok('files/get_metadata', { path }, t.zoe)).shared_folder_id).toBe(id);
			const launched = await ok('sharing/unshare_folder', { shared_folder_id: id, leave_a_copy: leave });
			expect(launched['.tag']).toBe('async_job_id');
			expect((await waitJob('sharing/check_job_status', launched))['.tag']).toBe('complete');
			const owner = await ok('files/get_metadata', { path: `${path}/plan.txt` });
			expect(owner.parent_shared_folder_id).toBeUndefined();
			const theirs = await rpc('files/get_metadata', { path: `${path}/plan.txt` }, t.zoe);
			expect(theirs.status).toBe(leave ? 200 : 409);
			expect(await refused('sharing/get_folder_metadata', { shared_folder_id: id })).toBe('invalid_id');
		}
	});

	it('a team owner’s member policy "team" keeps outsiders out; teammates get the team_member_id', async () => {
		standIn.store.ensureFolder(who.zoe.home_namespace_id, '/Team Only');
		const shared = await ok('sharing/share_folder', { path: '/Team Only', member_policy: 'team' }, t.zoe);
		expect(shared.policy).toMatchObject({ member_policy: { '.tag': 'team' }, resolved_member_policy: { '.tag': 'team' } });
		expect(shared.owner_team.name).toBe(standIn.team.name);
		const id = shared.shared_folder_id;
		const add = (email) => rpc('sharing/add_folder_member', { shared_folder_id: id, members: [{ member: { '.tag': 'email', email } }] }, t.zoe);
		expect((await add(who.mateo.email)).json.error_summary).toMatch(/^cant_share_outside_team/);
		expect((await add('stranger@example.com')).json.error_summary).toMatch(/^cant_share_outside_team/);
		expect((await add(who.jonas.email)).status).toBe(200);
		await ok('sharing/mount_folder', { shared_folder_id: id }, t.jonas);
		const members = await ok('sharing/list_folder_members', { shared_folder_id: id }, t.zoe);
		expect(members.users.find((u) => u.user.account_id === who.jonas.account_id).user).toMatchObject({ same_team: true, team_member_id: who.jonas.team_member_id });
		// Outside a team there is no member policy to set.
		expect(await refused('sharing/share_folder', { path: '/No Team', member_policy: 'team' })).toBe('team_policy_disallows_member_policy');
	});

	it('sets access inheritance and pages list_folders', async () => {
		const id = await shareNew('/Inherit');
		const set = await ok('sharing/set_access_inheritance', { shared_folder_id: id, access_inheritance: 'no_inherit' });
		expect(set).toMatchObject({ '.tag': 'complete', access_inheritance: { '.tag': 'no_inherit' } });
		let page = await ok('sharing/list_folders', { limit: 2 });
		const all = [...page.entries];
		while (page.cursor) {
			page = await ok('sharing/list_folders/continue', { cursor: page.cursor });
			all.push(...page.entries);
		}
		expect(all.map((f) => f.shared_folder_id)).toContain(id);
		expect(new Set(all.map((f) => f.shared_folder_id)).size).toBe(all.length);
		expect(await refused('sharing/list_folders/continue', { cursor: 'x' })).toBe('invalid_cursor');
	});
});
