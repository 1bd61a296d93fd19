// The team member and namespace locators' lists against the stand-in (plain HTTP, Host header): the team's
// members by name and email, page by page, and its namespaces; team calls, without Select-User.
import type { IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import { searchTeamMembers } from '../../nodes/DropboxSuite/methods/teamMembers';
import { searchTeamNamespaces } from '../../nodes/DropboxSuite/methods/teamNamespaces';
import { startDropboxStandIn } from '../emulator';
import { accountId, teamMemberId } from '../emulator/ids';
import { standInRpc } from './standInRpc';

type StandIn = Awaited<ReturnType<typeof startDropboxStandIn>>;
let standIn: StandIn;
let token = '';
const sent: IHttpRequestOptions[] = [];

function context() {
	return {
		getNode: () => ({ id: '1', name: 'Dropbox Suite', type: 'n8n-nodes-dropbox-suite.dropboxSuite', typeVersion: 1, position: [0, 0], parameters: {} }),
		// Act As is ignored: the lists are team calls.
		getNodeParameter: () => ({ actAs: 'member', teamMemberId: 'dbmid:whoever' }),
		getCredentials: async () => ({ appType: 'team' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				sent.push(options);
				return await standInRpc(standIn.port, token, String(options.url), options.body);
			},
		},
	} as unknown as ILoadOptionsFunctions;
}

/** A member as the stand-in's world seeds them, added to the team. */
function join(seed: string, display: string) {
	const store = standIn.store;
	const team = store.team!;
	const home = store.createNamespace('team_member_folder', display);
	store.mount(team.root_namespace_id, `/${display}`, home.id);
	const [given, surname] = display.split(' ');
	const member = store.addAccount({
		account_id: accountId(seed),
		name: { given_name: given, surname, familiar_name: given, display_name: display, abbreviated_name: `${given[0]}${surname[0]}` },
		email: `${seed}@nordlicht.example`,
		email_verified: true,
		disabled: false,
		country: 'DE',
		locale: 'de',
		referral_link: 'https://www.dropbox.com/referrals/AAx?src=global9',
		account_type: 'business',
		is_paired: false,
		home_namespace_id: home.id,
		root_namespace_id: team.root_namespace_id,
		home_path: `/${display}`,
		allocated: 0,
		team_member_id: teamMemberId(seed),
		role: 'member_only',
		roles: [],
		status: 'active',
		joined_on: '2026-01-05T09:00:00Z',
	} as never);
	team.memberIds.push(String(member.team_member_id));
	return member;
}

beforeAll(async () => {
	standIn = await startDropboxStandIn();
	token = standIn.issueTokens({ team: true }).access_token;
	for (let i = 0; i < 250; i++) join(`list-${i}`, `Person Number${i}`);
});
afterAll(async () => await standIn.stop());
beforeEach(() => (sent.length = 0));

describe('team member list', () => {
	it('lists members as "name <email>" with their team member ID, page by page', async () => {
		const first = await searchTeamMembers.call(context());
		expect(first.results).toHaveLength(200);
		expect(first.results[0]).toEqual({ name: 'Zoë Ångström <zoe@nordlicht.example>', value: standIn.store.team!.memberIds[0] });
		expect(first.paginationToken).toEqual(expect.any(String));
		const second = await searchTeamMembers.call(context(), undefined, first.paginationToken);
		expect(second.results).toHaveLength(253 - 200);
		expect(second.paginationToken).toBeUndefined();
		expect(sent.map((request) => request.url)).toEqual([
			'https://api.dropboxapi.com/2/team/members/list_v2',
			'https://api.dropboxapi.com/2/team/members/list/continue_v2',
		]);
		expect(sent.every((request) => !request.headers?.['Dropbox-API-Select-User'])).toBe(true);
	});

	it('filters by name and by email, case-insensitively', async () => {
		expect((await searchTeamMembers.call(context(), 'léa')).results.map((r) => r.name)).toEqual(['Léa Dubois <lea@nordlicht.example>']);
		expect((await searchTeamMembers.call(context(), 'JONAS@')).results.map((r) => r.value)).toEqual([teamMemberId('member-1')]);
	});

	it('marks members who are not active', async () => {
		const lea = standIn.store.members.get(teamMemberId('member-2'))!;
		lea.status = 'suspended';
		try {
			expect((await searchTeamMembers.call(context(), 'lea@')).results.map((r) => r.name)).toEqual(['Léa Dubois <lea@nordlicht.example> (suspended)']);
		} finally {
			lea.status = 'active';
		}
	});
});

describe('team namespace list', () => {
	it('lists the team folder and the members\' folders by name and kind, with their namespace IDs', async () => {
		const all = await searchTeamNamespaces.call(context());
		const [folderId] = [...(standIn.store.team!.teamFolders ?? new Map()).keys()];
		expect(all.results).toEqual(expect.arrayContaining([{ name: 'Projekte (team folder)', value: String(folderId) }]));
		const filtered = await searchTeamNamespaces.call(context(), 'projekte');
		expect(filtered.results.map((r) => r.value)).toEqual([String(folderId)]);
		expect(sent[0].url).toBe('https://api.dropboxapi.com/2/team/namespaces/list');
	});
});
