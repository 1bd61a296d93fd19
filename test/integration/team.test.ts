// The Team resource through n8n's engine against the stand-in's team, and how Dropbox answers for members who
// cannot be acted as (removed, suspended) or a credential without team_data.member.
import { NodeApiError } from 'n8n-workflow';

import { mockSleep } from '../harness';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

const teamOp = (operation: string, extra: Parameters<typeof dropbox.run>[0] = {}) => ({ resource: 'team', operation, ...extra });
const teamRun = async (parameters: Parameters<typeof dropbox.run>[0], scopes?: string[]) => await dropbox.run(parameters, { tokens: { team: true, ...(scopes && { scopes }) } });
const ok = async (parameters: Parameters<typeof dropbox.run>[0]) => {
	const result = await teamRun(parameters);
	if (result.error) throw result.error;
	return result;
};
const memberByEmail = (email: string) => [...dropbox.standIn.store.members.values()].find((m) => m.email === email)!;

describe('Team', () => {
	it('Get Info gives the name, ID and licences', async () => {
		const info = await ok(teamOp('getInfo'));
		expect(info.items[0].json).toMatchObject({ name: 'Nordlicht Études GmbH', team_id: dropbox.standIn.store.team!.team_id, num_licensed_users: expect.any(Number) });
	});

	it('Get Features, simplified and raw, follows the team space', async () => {
		const simple = await ok(teamOp('getFeatures', { features: ['has_team_shared_dropbox', 'upload_api_rate_limit'] }));
		expect(simple.items[0].json).toEqual({ has_team_shared_dropbox: true, upload_api_rate_limit: 25000 });
		dropbox.standIn.store.team!.teamSpace = false;
		try {
			const raw = await ok(teamOp('getFeatures', { features: ['has_team_shared_dropbox'], simplify: false }));
			expect(raw.items[0].json).toEqual({ values: [{ '.tag': 'has_team_shared_dropbox', has_team_shared_dropbox: { '.tag': 'has_team_shared_dropbox', has_team_shared_dropbox: false } }] });
		} finally {
			dropbox.standIn.store.team!.teamSpace = true;
		}
	});

	it('List Namespaces with a Limit and Return All: the team space, team folders and members\' folders', async () => {
		const all = await ok(teamOp('listNamespaces', { returnAll: true }));
		const types = all.items.map((item) => item.json.namespace_type);
		expect(types.filter((t) => t === 'team_member_folder')).toHaveLength(3);
		expect(all.items[0].json).toMatchObject({ name: 'Nordlicht Études GmbH', namespace_type: 'team_folder' });
		const zoe = memberByEmail('zoe@nordlicht.example');
		expect(all.items.find((item) => item.json.team_member_id === zoe.team_member_id)?.json.namespace_id).toBe(zoe.home_namespace_id);
		const limited = await ok(teamOp('listNamespaces', { limit: 2 }));
		expect(limited.items).toHaveLength(2);
		expect(dropbox.requestsTo('team/namespaces/list').at(-1)?.arg).toEqual({ limit: 2 });
	});

	it('Get Authenticated Admin names the admin who linked the app', async () => {
		const admin = await ok(teamOp('getAuthenticatedAdmin'));
		expect(admin.items[0].json).toMatchObject({ email: 'zoe@nordlicht.example', team_member_id: dropbox.standIn.store.team!.adminMemberId });
	});

	it('a credential without team_info.read gets Dropbox\'s missing_scope with the scope to add', async () => {
		const result = await teamRun(teamOp('getInfo'), ['members.read']);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.description).toMatch(/lacks the "team_info.read" permission/);
	});
});

describe('Acting as a member: members who cannot be acted as', () => {
	const actAs = (teamMemberId: string) => ({ resource: 'account', operation: 'getCurrent', requestOptions: { actAs: 'member', teamMemberId } });

	it('a removed member is invalid_select_user, a suspended one user_suspended', async () => {
		const removed = await dropbox.run(
			{ resource: 'teamMember', operation: 'add', email: 'kurz@nordlicht.example', sendWelcomeEmail: false },
			{ tokens: { team: true } },
		);
		expect(removed.error).toBeUndefined();
		const kurz = memberByEmail('kurz@nordlicht.example');
		const invited = await teamRun(actAs(kurz.team_member_id!));
		expect(invited.error?.message).toMatch(/invalid_select_user/);
		kurz.status = 'removed';
		const gone = await teamRun(actAs(kurz.team_member_id!));
		expect(gone.error?.message).toMatch(/invalid_select_user/);
		expect(gone.error?.description).toMatch(/not an active member of this team/);
		const jonas = memberByEmail('jonas@nordlicht.example');
		jonas.status = 'suspended';
		try {
			const suspended = await teamRun(actAs(jonas.team_member_id!));
			expect(suspended.error?.message).toMatch(/user_suspended/);
			expect(suspended.error?.description).toMatch(/unsuspend/);
		} finally {
			jonas.status = 'active';
		}
	});

	it('without team_data.member, acting as a member is Dropbox\'s missing_scope', async () => {
		const jonas = memberByEmail('jonas@nordlicht.example');
		const result = await teamRun(actAs(jonas.team_member_id!), ['account_info.read', 'members.read']);
		expect(result.error?.message).toMatch(/missing_scope/);
		expect(result.error?.description).toMatch(/team_data.member/);
	});
});
