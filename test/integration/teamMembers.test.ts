// Every Team Member operation through n8n's engine against the stand-in's team, with a team-linked credential.
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mockSleep } from '../harness';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

const member = (operation: string, extra: Parameters<typeof dropbox.run>[0] = {}) => ({ resource: 'teamMember', operation, ...extra });
const items = (values: IDataObject[]) => values.map((json) => ({ json }));
const teamRun = async (parameters: Parameters<typeof dropbox.run>[0], options: Parameters<typeof dropbox.run>[1] = {}) =>
	await dropbox.run(parameters, { tokens: { team: true }, ...options });
const ok = async (parameters: Parameters<typeof dropbox.run>[0], options: Parameters<typeof dropbox.run>[1] = {}) => {
	const result = await teamRun(parameters, options);
	if (result.error) throw result.error;
	return result;
};
const teamRequests = () => dropbox.standIn.requests.filter((r) => r.route.startsWith('team/'));
const memberOfStore = (email: string) => [...dropbox.standIn.store.members.values()].find((m) => m.email === email);

describe('Team Member: List and Get', () => {
	it('List with a Limit, Return All, and removed members only when asked', async () => {
		const limited = await ok(member('list', { limit: 2 }));
		expect(limited.items).toHaveLength(2);
		expect(limited.items[0].json).toMatchObject({ email: 'zoe@nordlicht.example', status: 'active', roles: ['Team'] });
		const all = await ok(member('list', { returnAll: true }));
		expect(all.items.map((item) => item.json.email)).toEqual(expect.arrayContaining(['zoe@nordlicht.example', 'jonas@nordlicht.example', 'lea@nordlicht.example']));
		const raw = await ok(member('list', { limit: 1, simplify: false }));
		expect(raw.items[0].json).toHaveProperty('profile.team_member_id');
		expect(dropbox.requestsTo('team/members/list_v2').at(-1)?.arg).toMatchObject({ limit: 1, include_removed: false });
	});

	it('Get many at once by email, team member ID, external ID and account ID; unknown values say found: false', async () => {
		const lea = memberOfStore('lea@nordlicht.example')!;
		const byEmail = await ok(member('get', { by: 'email', values: 'jonas@nordlicht.example, nobody@nordlicht.example' }));
		expect(byEmail.items.map((item) => [item.json.found, item.json.email])).toEqual([
			[true, 'jonas@nordlicht.example'],
			[false, 'nobody@nordlicht.example'],
		]);
		const byId = await ok(member('get', { by: 'teamMemberId', values: lea.team_member_id }));
		expect(byId.items[0].json).toMatchObject({ found: true, email: 'lea@nordlicht.example', external_id: 'HR-member-2' });
		const byExternal = await ok(member('get', { by: 'externalId', values: 'HR-member-1' }));
		expect(byExternal.items[0].json.email).toBe('jonas@nordlicht.example');
		const byAccount = await ok(member('get', { by: 'accountId', values: `${lea.account_id}` }));
		expect(byAccount.items[0].json).toMatchObject({ found: true, team_member_id: lea.team_member_id });
	});
});

describe('Team Member: Add', () => {
	it('adds 45 members in three calls, polls each job, one item per member with its own outcome', async () => {
		dropbox.standIn.store.team!.num_licensed_users = 100;
		const people = Array.from({ length: 45 }, (_, i) => ({ email: `new${String(i).padStart(2, '0')}@nordlicht.example`, first: `Neu${i}` }));
		// One of them is on the team already: only that one fails.
		people[30].email = 'jonas@nordlicht.example';
		const result = await ok(member('add', { email: '={{ $json.email }}', sendWelcomeEmail: false, additionalFields: { givenName: '={{ $json.first }}', surname: 'Muster' } }), {
			items: items(people),
		});
		expect(result.items).toHaveLength(45);
		const launches = dropbox.requestsTo('team/members/add_v2');
		expect(launches.map((r) => (r.arg as { new_members: unknown[] }).new_members.length)).toEqual([20, 20, 5]);
		expect(dropbox.requestsTo('team/members/add/job_status/get_v2').length).toBeGreaterThanOrEqual(3);
		const failed = result.items.filter((item) => item.json.status !== 'success');
		expect(failed).toHaveLength(1);
		expect(failed[0].json).toMatchObject({ status: 'failed', member_email: 'jonas@nordlicht.example', error: 'Dropbox: user_already_on_team' });
		expect(result.items[0].json).toMatchObject({ status: 'success', member_email: 'new00@nordlicht.example', profile: { status: { '.tag': 'invited' } } });
		expect(result.items.map((item) => item.pairedItem)).toEqual(people.map((_, i) => ({ item: i })));
		expect(memberOfStore('new44@nordlicht.example')?.name.display_name).toBe('Neu44 Muster');
	});

	it('a lost answer is reconciled by email, never sent again', async () => {
		dropbox.standIn.injectFault({ route: 'team/members/add_v2', kind: 'lose_response' });
		const result = await ok(member('add', { email: 'lost@nordlicht.example', additionalFields: { externalId: 'HR-lost' } }));
		expect(result.items[0].json).toMatchObject({ status: 'success', reconciled: true, profile: { email: 'lost@nordlicht.example', external_id: 'HR-lost' } });
		expect(dropbox.requestsTo('team/members/add_v2')).toHaveLength(1);
		expect(dropbox.requestsTo('team/members/get_info_v2')[0].arg).toEqual({ members: [{ '.tag': 'email', email: 'lost@nordlicht.example' }] });
	});

	it('Send Welcome Email reaches an invited member', async () => {
		await ok(member('add', { email: 'welcome@nordlicht.example', sendWelcomeEmail: false }));
		const before = dropbox.standIn.store.welcomeEmails?.length ?? 0;
		const sent = await ok(member('sendWelcomeEmail', { member: 'welcome@nordlicht.example' }));
		expect(sent.items[0].json).toEqual({ member: 'welcome@nordlicht.example', sent: true });
		expect(dropbox.standIn.store.welcomeEmails?.slice(before)).toEqual(['welcome@nordlicht.example']);
	});
});

describe('Team Member: Suspend, Unsuspend, Remove, Recover', () => {
	it('Suspend and Unsuspend change the status; suspending twice is Dropbox\'s plain refusal', async () => {
		const suspended = await ok(member('suspend', { member: 'lea@nordlicht.example', wipeData: false }));
		expect(suspended.items[0].json).toEqual({ member: 'lea@nordlicht.example', status: 'suspended' });
		const again = await teamRun(member('suspend', { member: 'lea@nordlicht.example' }));
		expect(again.error).toBeInstanceOf(NodeApiError);
		expect(again.error?.message).toMatch(/suspend_inactive_user/);
		expect(again.error?.description).toMatch(/Only active members can be suspended/);
		const back = await ok(member('unsuspend', { member: 'lea@nordlicht.example' }));
		expect(back.items[0].json.status).toBe('active');
	});

	it('Remove leaving the files with the team, then Recover', async () => {
		await ok(member('add', { email: 'temp@nordlicht.example', sendWelcomeEmail: false }));
		const removed = await ok(member('remove', { member: 'temp@nordlicht.example', files: 'leave' }));
		expect(removed.items[0].json).toEqual({ member: 'temp@nordlicht.example', status: 'complete' });
		expect(dropbox.requestsTo('team/members/remove/job_status/get').length).toBeGreaterThanOrEqual(1);
		const listed = await ok(member('list', { returnAll: true, includeRemoved: true }));
		expect(listed.items.find((item) => item.json.email === 'temp@nordlicht.example')?.json).toMatchObject({ status: 'removed', is_recoverable: true });
		const recovered = await ok(member('recover', { member: 'temp@nordlicht.example' }));
		expect(recovered.items[0].json.status).toBe('active');
	});

	it('Remove with the files transferred to another member', async () => {
		dropbox.standIn.store.team!.num_licensed_users = 100;
		await ok(member('add', { email: 'leaving@nordlicht.example', sendWelcomeEmail: false, additionalFields: { givenName: 'Lena', surname: 'Geht' } }));
		const leaving = memberOfStore('leaving@nordlicht.example')!;
		dropbox.standIn.store.putFile(leaving.home_namespace_id, '/Berichte/Q3.txt', Buffer.from('quartal'));
		const jonas = memberOfStore('jonas@nordlicht.example')!;
		const result = await ok(
			member('remove', { member: leaving.team_member_id, files: 'transfer', transferTo: jonas.team_member_id, transferAdmin: 'zoe@nordlicht.example' }),
		);
		expect(result.items[0].json.status).toBe('complete');
		expect(dropbox.requestsTo('team/members/remove')[0].arg).toMatchObject({
			transfer_dest_id: { '.tag': 'team_member_id', team_member_id: jonas.team_member_id },
			transfer_admin_id: { '.tag': 'email', email: 'zoe@nordlicht.example' },
			keep_account: false,
		});
		const moved = await dropbox.standIn.store.readFile(jonas.home_namespace_id, '/Lena Geht (former member)/Berichte/Q3.txt');
		expect(moved.toString()).toBe('quartal');
		const recover = await teamRun(member('recover', { member: 'leaving@nordlicht.example' }));
		expect(recover.error?.message).toMatch(/user_unrecoverable/);
	});

	it('Remove keeping a Basic account sends wipe_data false; the last admin cannot be removed', async () => {
		await ok(member('add', { email: 'basic@nordlicht.example', sendWelcomeEmail: false }));
		// An invited member has no account to keep yet: Dropbox's refusal comes with what to do.
		const invited = await teamRun(member('remove', { member: 'basic@nordlicht.example', files: 'keepAccount' }));
		expect(invited.error?.message).toMatch(/cannot_keep_invited_user_account/);
		expect(dropbox.requestsTo('team/members/remove').at(-1)?.arg).toMatchObject({ keep_account: true, wipe_data: false });
		const admin = await teamRun(member('remove', { member: 'zoe@nordlicht.example' }));
		expect(admin.error?.description).toMatch(/last admin/);
	});
});

describe('Team Member: profiles and roles', () => {
	it('Set Profile changes name, email, external and persistent ID', async () => {
		await ok(member('add', { email: 'profile@nordlicht.example', sendWelcomeEmail: false }));
		const result = await ok(
			member('setProfile', {
				member: 'profile@nordlicht.example',
				updateFields: { email: 'p.neu@nordlicht.example', givenName: 'Petra', surname: 'Neu', externalId: 'HR-77', persistentId: 'sso-77' },
			}),
		);
		expect(result.items[0].json).toMatchObject({ email: 'p.neu@nordlicht.example', name: 'Petra Neu', external_id: 'HR-77', persistent_id: 'sso-77' });
		const taken = await teamRun(member('setProfile', { member: 'p.neu@nordlicht.example', updateFields: { externalId: 'HR-member-1' } }));
		expect(taken.error?.message).toMatch(/external_id_used_by_other_user/);
	});

	it('List Available Roles, then Set Admin Role gives and takes roles; an unknown role is Dropbox\'s role_not_found with a hint', async () => {
		const roles = await ok(member('listRoles'));
		expect(roles.items.map((item) => item.json.name)).toEqual(expect.arrayContaining(['Team', 'User management', 'Support']));
		const support = roles.items.find((item) => item.json.name === 'Support')!.json.role_id as string;
		const given = await ok(member('setAdminRole', { member: 'jonas@nordlicht.example', roleIds: support }));
		expect(given.items[0].json).toMatchObject({ roles: [{ role_id: support, name: 'Support' }] });
		const taken = await ok(member('setAdminRole', { member: 'jonas@nordlicht.example', roleIds: '' }));
		expect(taken.items[0].json.roles).toEqual([]);
		const unknown = await teamRun(member('setAdminRole', { member: 'jonas@nordlicht.example', roleIds: 'pid_dbtmr:doesNotExist' }));
		expect(unknown.error).toBeInstanceOf(NodeApiError);
		expect(unknown.error?.message).toMatch(/role_not_found/);
		expect(unknown.error?.description).toMatch(/List Available Roles/);
	});
});

describe('Team Member: a member Dropbox does not know', () => {
	it('a well-formed team member ID of nobody is Dropbox\'s user_not_found, with what to check', async () => {
		const result = await teamRun(member('suspend', { member: 'dbmid:AAnobodyHasThisMemberIdAtAll0000' }));
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toMatch(/user_not_found/);
		expect(result.error?.description).toMatch(/No member of the team has this ID or email/);
		expect(dropbox.requestsTo('team/members/suspend')).toHaveLength(1);
	});
});

describe('Team Member: bad input is refused before any call', () => {
	const cases: Array<[string, Parameters<typeof dropbox.run>[0], RegExp]> = [
		['an email that is not one (Add)', member('add', { email: 'anna.example.com' }), /^Email: "anna.example.com" is not an email address/],
		['an email that is not one (Get)', member('get', { by: 'email', values: 'jonas@nordlicht.example, nope' }), /^Values: "nope" is not an email address/],
		['a dbmid: that is not one', member('suspend', { member: 'dbmid:Jonas Berg' }), /^Member: "dbmid:Jonas Berg" is not a team member ID/],
		['neither ID nor email', member('unsuspend', { member: 'Jonas' }), /^Member: "Jonas" is not a team member ID/],
		['an email that is not one (locator By Email)', member('recover', { member: { __rl: true, mode: 'email', value: '={{ "jonas(at)" + "nordlicht.example" }}' } }), /^Member: "jonas\(at\)nordlicht.example" is not an email address/],
		['an empty member', member('sendWelcomeEmail', { member: { __rl: true, mode: 'list', value: '={{ "" }}' } }), /^Member: is empty/],
		['a role that is not a role ID', member('setAdminRole', { member: 'jonas@nordlicht.example', roleIds: 'team_admin' }), /^Role IDs: "team_admin" is not a role ID/],
		['a role that is not a role ID (Add)', member('add', { email: 'x@nordlicht.example', additionalFields: { roleIds: 'Support' } }), /^Role IDs: "Support" is not a role ID/],
		['Transfer To that is not a member', member('remove', { member: 'jonas@nordlicht.example', files: 'transfer', transferTo: 'dbmid:x/y', transferAdmin: 'zoe@nordlicht.example' }), /^Transfer To: "dbmid:x\/y" is not a team member ID/],
		['an empty profile change', member('setProfile', { member: 'jonas@nordlicht.example', updateFields: {} }), /^Update Fields: is empty/],
		['an empty first name', member('setProfile', { member: 'jonas@nordlicht.example', updateFields: { givenName: ' ' } }), /^First Name: is empty/],
	];
	it.each(cases)('%s', async (_label, parameters, message) => {
		const result = await teamRun(parameters);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toMatch(message);
		expect(teamRequests()).toHaveLength(0);
	});
});

describe('the onboarding example, step by step', () => {
	it('adds the member, shares a folder in a team folder with them as the admin, sends the welcome email', async () => {
		const admin = await ok({ resource: 'team', operation: 'getAuthenticatedAdmin' });
		const requestOptions = { actAs: 'member', teamMemberId: String(admin.items[0].json.team_member_id), pathRoot: 'teamSpace' };
		const added = await ok(member('add', { email: 'mika.sommer@nordlicht.example', sendWelcomeEmail: false, additionalFields: { givenName: 'Mika', surname: 'Sommer' } }));
		expect(added.items[0].json.status).toBe('success');
		const shared = await ok({ resource: 'sharedFolder', operation: 'share', folder: { __rl: true, mode: 'path', value: '/Projekte/Onboarding' }, options: {}, requestOptions });
		const folderId = String(shared.items[0].json.shared_folder_id);
		expect(folderId).toEqual(expect.any(String));
		await ok({ resource: 'sharedFolder', operation: 'addMembers', sharedFolder: { __rl: true, mode: 'id', value: folderId }, members: 'mika.sommer@nordlicht.example', accessLevel: 'editor', requestOptions });
		const listed = await ok({ resource: 'sharedFolder', operation: 'listMembers', sharedFolder: { __rl: true, mode: 'id', value: folderId }, returnAll: true, requestOptions });
		expect(JSON.stringify(listed.items.map((item) => item.json))).toContain('mika.sommer@nordlicht.example');
		const before = dropbox.standIn.store.welcomeEmails?.length ?? 0;
		await ok(member('sendWelcomeEmail', { member: 'mika.sommer@nordlicht.example' }));
		expect(dropbox.standIn.store.welcomeEmails?.slice(before)).toEqual(['mika.sommer@nordlicht.example']);
	});
});
