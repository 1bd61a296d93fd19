// The stand-in's team: members in every state, roles, jobs, team folders, namespaces, features, and the
// select headers, spoken to over HTTP as Dropbox would be.
'use strict';


const { startDropboxStandIn } = require('./emulator');
const { rpcClient } = require('./emulator/rpc-client');

const API = 'api.dropboxapi.com';

let standIn;
let admin;
let team;

function rpc(route, arg, token = admin, headers = {}) {
	return rpcClient(standIn.port)(route, arg, token, headers);
}

async function ok(route, arg, token) {
	const res = await rpc(route, arg, token);
	if (res.status !== 200) throw new Error(`${route}: ${res.status} ${res.text}`);
	return res.json;
}

async function refused(route, arg, token) {
	const res = await rpc(route, arg, token);
	expect(res.status).toBe(409);
	return res.json.error_summary.replace(/\/\.*$/, '');
}

const byEmail = (email) => ({ '.tag': 'email', email });

async function pollUntilDone(checkRoute, launched) {
	const answers = [];
	let answer = launched;
	while (answer['.tag'] === 'async_job_id' || answer['.tag'] === 'in_progress') {
		if (answers.length > 20) throw new Error('job never finished');
		answer = await ok(checkRoute, { async_job_id: launched.async_job_id });
		answers.push(answer['.tag']);
	}
	return { answer, answers };
}

beforeAll(async () => {
	standIn = await startDropboxStandIn();
	team = standIn.store.team;
	team.num_licensed_users = 50;
	admin = standIn.issueTokens({ team: true }).access_token;
});
afterAll(async () => await standIn.stop());

describe('members', () => {
	it('add_v2 takes at most 20, answers a job, and reports each member\'s outcome', async () => {
		const many = Array.from({ length: 21 }, (_, i) => ({ member_email: `m${i}@nordlicht.example` }));
		const tooMany = await rpc('team/members/add_v2', { new_members: many });
		expect(tooMany.status).toBe(400);
		expect(tooMany.text).toMatch(/more than 20/);
		const badEmail = await rpc('team/members/add_v2', { new_members: [{ member_email: 'nope' }] });
		expect(badEmail.status).toBe(400);
		const launched = await ok('team/members/add_v2', {
			new_members: [
				{ member_email: 'neu@nordlicht.example', member_given_name: 'Nina', member_surname: 'Neu', member_external_id: 'HR-9', send_welcome_email: false },
				{ member_email: 'jonas@nordlicht.example' },
				{ member_email: 'dup@nordlicht.example', member_external_id: 'HR-9' },
			],
		});
		expect(launched['.tag']).toBe('async_job_id');
		const { answer, answers } = await pollUntilDone('team/members/add/job_status/get_v2', launched);
		expect(answers).toEqual(['in_progress', 'complete']);
		expect(answer.complete.map((r) => r['.tag'])).toEqual(['success', 'user_already_on_team', 'duplicate_external_member_id']);
		expect(answer.complete[0].profile).toMatchObject({ email: 'neu@nordlicht.example', status: { '.tag': 'invited' }, external_id: 'HR-9', name: { display_name: 'Nina Neu' } });
		expect(answer.complete[0].profile.account_id).toBeUndefined();
		expect(answer.complete[1]).toEqual({ '.tag': 'user_already_on_team', user_already_on_team: 'jonas@nordlicht.example' });
	});

	it('get_info_v2 by every selector; unknown ones are id_not_found', async () => {
		const { members_info: info } = await ok('team/members/get_info_v2', {
			members: [byEmail('LEA@nordlicht.example'), { '.tag': 'external_id', external_id: 'HR-member-1' }, { '.tag': 'team_member_id', team_member_id: team.adminMemberId }, byEmail('x@y.example')],
		});
		expect(info.map((i) => i['.tag'])).toEqual(['member_info', 'member_info', 'member_info', 'id_not_found']);
		expect(info[2].roles.map((r) => r.name)).toEqual(['Team']);
		const badTag = await rpc('team/members/get_info_v2', { members: [{ '.tag': 'account_id', account_id: 'dbid:x' }] });
		expect(badTag.status).toBe(400);
	});

	it('suspend, unsuspend and their refusals; the last admin is kept', async () => {
		expect(await refused('team/members/unsuspend', { user: byEmail('lea@nordlicht.example') })).toBe('unsuspend_non_suspended_member');
		await ok('team/members/suspend', { user: byEmail('lea@nordlicht.example'), wipe_data: false });
		expect(await refused('team/members/suspend', { user: byEmail('lea@nordlicht.example') })).toBe('suspend_inactive_user');
		expect(await refused('team/members/suspend', { user: byEmail('zoe@nordlicht.example') })).toBe('suspend_last_admin');
		expect(await refused('team/members/suspend', { user: byEmail('ghost@nordlicht.example') })).toBe('user_not_found');
		await ok('team/members/unsuspend', { user: byEmail('lea@nordlicht.example') });
	});

	it('remove: a job; the rules about keeping the account and transferring; recover within 7 days only when files stayed', async () => {
		await pollUntilDone('team/members/add/job_status/get_v2', await ok('team/members/add_v2', { new_members: [{ member_email: 'r1@nordlicht.example' }, { member_email: 'r2@nordlicht.example' }] }));
		expect(await refused('team/members/remove', { user: byEmail('r1@nordlicht.example'), keep_account: true })).toBe('cannot_keep_account_and_delete_data');
		expect(await refused('team/members/remove', { user: byEmail('r1@nordlicht.example'), transfer_dest_id: byEmail('jonas@nordlicht.example') })).toBe('unspecified_transfer_admin_id');
		expect(
			await refused('team/members/remove', { user: byEmail('r1@nordlicht.example'), transfer_dest_id: byEmail('jonas@nordlicht.example'), transfer_admin_id: byEmail('lea@nordlicht.example') }),
		).toBe('transfer_admin_is_not_admin');
		expect(await refused('team/members/remove', { user: byEmail('zoe@nordlicht.example') })).toBe('remove_last_admin');
		const launched = await ok('team/members/remove', { user: byEmail('r1@nordlicht.example') });
		expect((await pollUntilDone('team/members/remove/job_status/get', launched)).answer).toEqual({ '.tag': 'complete' });
		const listed = await ok('team/members/list_v2', { include_removed: true });
		expect(listed.members.find((m) => m.profile.email === 'r1@nordlicht.example').profile.status).toEqual({ '.tag': 'removed', is_recoverable: true, is_disconnected: false });
		const active = await ok('team/members/list_v2', {});
		expect(active.members.some((m) => m.profile.email === 'r1@nordlicht.example')).toBe(false);
		expect(await refused('team/members/suspend', { user: byEmail('r1@nordlicht.example') })).toBe('user_not_in_team');
		await ok('team/members/recover', { user: byEmail('r1@nordlicht.example') });
		expect(await refused('team/members/recover', { user: byEmail('r1@nordlicht.example') })).toBe('user_not_in_team');
		// Removed more than 7 days ago: no longer recoverable.
		await pollUntilDone('team/members/remove/job_status/get', await ok('team/members/remove', { user: byEmail('r2@nordlicht.example') }));
		[...standIn.store.members.values()].find((m) => m.email === 'r2@nordlicht.example').removedAt -= 8 * 86_400_000;
		expect(await refused('team/members/recover', { user: byEmail('r2@nordlicht.example') })).toBe('user_unrecoverable');
	});

	it('roles: the list, set_admin_permissions_v2, role_not_found, last_admin; set_profile_v2 rules', async () => {
		const { roles } = await ok('team/members/get_available_team_member_roles');
		expect(roles.length).toBeGreaterThanOrEqual(4);
		expect(roles.every((r) => /^pid_dbtmr:/.test(r.role_id))).toBe(true);
		const support = roles.find((r) => r.name === 'Support').role_id;
		expect(await ok('team/members/set_admin_permissions_v2', { user: byEmail('jonas@nordlicht.example'), new_roles: [support] })).toMatchObject({ roles: [{ name: 'Support' }] });
		expect(await refused('team/members/set_admin_permissions_v2', { user: byEmail('jonas@nordlicht.example'), new_roles: ['pid_dbtmr:unknown'] })).toBe('role_not_found');
		expect(await refused('team/members/set_admin_permissions_v2', { user: byEmail('zoe@nordlicht.example'), new_roles: [] })).toBe('last_admin');
		expect((await rpc('team/members/set_admin_permissions_v2', { user: byEmail('jonas@nordlicht.example'), new_roles: ['team_admin'] })).status).toBe(400);
		expect(await refused('team/members/set_profile_v2', { user: byEmail('jonas@nordlicht.example') })).toBe('no_new_data_specified');
		expect(await refused('team/members/set_profile_v2', { user: { '.tag': 'external_id', external_id: 'HR-member-1' }, new_external_id: 'X' })).toBe(
			'external_id_and_new_external_id_unsafe',
		);
		expect(await refused('team/members/set_profile_v2', { user: byEmail('jonas@nordlicht.example'), new_email: 'lea@nordlicht.example' })).toBe('email_reserved_for_other_user');
		const changed = await ok('team/members/set_profile_v2', { user: byEmail('jonas@nordlicht.example'), new_persistent_id: 'sso-1', new_surname: 'Bergmann' });
		expect(changed.member_info.profile).toMatchObject({ persistent_id: 'sso-1', name: { display_name: 'Jonas Bergmann' } });
	});

	it('the select headers: removed and invited members are invalid_select_user, suspended ones user_suspended, admins only for Select-Admin', async () => {
		const lea = [...standIn.store.members.values()].find((m) => m.email === 'lea@nordlicht.example');
		const asMember = async (id, token = admin, header = 'Dropbox-API-Select-User') => await rpc('users/get_current_account', undefined, token, { [header]: id });
		expect((await asMember(lea.team_member_id)).status).toBe(200);
		expect((await asMember(lea.team_member_id, admin, 'Dropbox-API-Select-Admin')).json.error['.tag']).toBe('invalid_select_admin');
		lea.status = 'suspended';
		expect((await asMember(lea.team_member_id)).json.error['.tag']).toBe('user_suspended');
		lea.status = 'removed';
		expect((await asMember(lea.team_member_id)).json.error['.tag']).toBe('invalid_select_user');
		lea.status = 'active';
		const invited = [...standIn.store.members.values()].find((m) => m.email === 'neu@nordlicht.example');
		expect((await asMember(invited.team_member_id)).json.error['.tag']).toBe('invalid_select_user');
		const noMemberScope = standIn.issueTokens({ team: true, scopes: ['account_info.read'] }).access_token;
		const missing = await asMember(lea.team_member_id, noMemberScope);
		expect(missing.status).toBe(401);
		expect(missing.json.error).toEqual({ '.tag': 'missing_scope', required_scope: 'team_data.member' });
	});
});

describe('team folders, namespaces, features', () => {
	it('a team space: create refused, archive refused, the team space listed as a team folder', async () => {
		expect(await refused('team/team_folder/create', { name: 'X' })).toBe('other');
		const [projekte] = team.teamFolders.values();
		expect(await refused('team/team_folder/archive', { team_folder_id: projekte.team_folder_id })).toBe('team_shared_dropbox_error/disallowed');
		const { team_folders: folders } = await ok('team/team_folder/list', {});
		expect(folders.map((f) => [f.name, f.is_team_shared_dropbox])).toEqual([
			['Nordlicht Études GmbH', true],
			['Projekte', false],
		]);
		expect(await refused('team/team_folder/rename', { team_folder_id: team.root_namespace_id, name: 'Y' })).toBe('team_shared_dropbox_error/disallowed');
	});

	it('without a team space: the states of a team folder and the archive job', async () => {
		team.teamSpace = false;
		team.archivePolls = 3;
		try {
			const created = await ok('team/team_folder/create', { name: 'Archiv 2026' });
			const id = created.team_folder_id;
			expect(await refused('team/team_folder/create', { name: 'archiv 2026' })).toBe('folder_name_already_used');
			expect(await refused('team/team_folder/create', { name: 'a/b' })).toBe('invalid_folder_name');
			expect(await refused('team/team_folder/activate', { team_folder_id: id })).toBe('status_error/active');
			const launched = await ok('team/team_folder/archive', { team_folder_id: id });
			const info = async () => (await ok('team/team_folder/get_info', { team_folder_ids: [id] }))[0].status['.tag'];
			expect(await info()).toBe('archive_in_progress');
			expect(await refused('team/team_folder/rename', { team_folder_id: id, name: 'Z' })).toBe('status_error/archive_in_progress');
			const { answer, answers } = await pollUntilDone('team/team_folder/archive/check', launched);
			expect(answers).toEqual(['in_progress', 'in_progress', 'in_progress', 'complete']);
			expect(answer).toMatchObject({ '.tag': 'complete', team_folder_id: id, status: { '.tag': 'archived' } });
			await ok('team/team_folder/activate', { team_folder_id: id });
			expect((await ok('team/team_folder/archive', { team_folder_id: id, force_async_off: true }))['.tag']).toBe('complete');
			expect(await refused('team/team_folder/restore', { team_folder_id: id })).toBe('status_error/archived');
			expect(await ok('team/team_folder/permanently_delete', { team_folder_id: id })).toBeNull();
			expect((await ok('team/team_folder/get_info', { team_folder_ids: [id] }))[0]).toEqual({ '.tag': 'id_not_found', id_not_found: id });
			expect(await refused('team/team_folder/activate', { team_folder_id: id })).toBe('access_error/invalid_team_folder_id');
			expect((await ok('team/team_folder/restore', { team_folder_id: id })).status).toEqual({ '.tag': 'archived' });
			expect((await rpc('team/team_folder/create', { name: 'Q', colour: 'blue' })).status).toBe(400);
		} finally {
			team.teamSpace = true;
		}
	});

	it('namespaces in pages; features', async () => {
		const first = await ok('team/namespaces/list', { limit: 2 });
		expect(first.namespaces).toHaveLength(2);
		expect(first.has_more).toBe(true);
		const rest = await ok('team/namespaces/list/continue', { cursor: first.cursor });
		const all = [...first.namespaces, ...rest.namespaces];
		expect(all.filter((n) => n.namespace_type['.tag'] === 'team_member_folder').every((n) => n.team_member_id?.startsWith('dbmid:'))).toBe(true);
		expect(await refused('team/namespaces/list/continue', { cursor: 'garbage!' })).toBe('invalid_cursor');
		const { values } = await ok('team/features/get_values', { features: [{ '.tag': 'has_team_shared_dropbox' }, { '.tag': 'upload_api_rate_limit' }] });
		expect(values).toEqual([
			{ '.tag': 'has_team_shared_dropbox', has_team_shared_dropbox: { '.tag': 'has_team_shared_dropbox', has_team_shared_dropbox: true } },
			{ '.tag': 'upload_api_rate_limit', upload_api_rate_limit: { '.tag': 'limit', limit: 25000 } },
		]);
	});
});
