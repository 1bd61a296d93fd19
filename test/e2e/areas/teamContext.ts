// Team context in a real n8n, with the team-linked credential the suite seeds: a File operation acting as a
// member chosen by email (the locator's By Email mode, looked up with team/members/get_info_v2), in the team
// space (Path Root), and a team credential without Act As refused before any call.
import { STAND_IN } from '../../../scripts/n8n.cjs';
import { errorText, output, runWebhook } from '../context';
import type { E2eArea, E2eContext } from '../context';
import { webhookWorkflow } from '../workflows';
import type { CredentialRef } from '../workflows';

const TEAM_CREDENTIAL: CredentialRef = { id: STAND_IN.teamCredentialId, name: STAND_IN.teamCredentialName };
const hook = (name: string) => `e2e-team-context-${name}`;

const workflows = [
	webhookWorkflow('E2eTeamCtxLink', 'e2e team context: link as a member by email, in the team space', hook('link'), [
		{
			name: 'Link',
			credential: TEAM_CREDENTIAL,
			parameters: {
				resource: 'temporaryLink',
				operation: 'getTemporaryLink',
				file: { __rl: true, mode: 'path', value: '={{ $json.body.path }}' },
				requestOptions: {
					actAs: 'member',
					teamMemberId: { __rl: true, mode: 'email', value: '={{ $json.body.email }}' },
					pathRoot: 'teamSpace',
				},
			},
		},
	]),
	webhookWorkflow('E2eTeamCtxNoAct', 'e2e team context: no member chosen', hook('no-member'), [
		{ name: 'Link', credential: TEAM_CREDENTIAL, parameters: { resource: 'temporaryLink', operation: 'getTemporaryLink', file: { __rl: true, mode: 'path', value: '/a.txt' } } },
	]),
];

export const teamContextArea: E2eArea = {
	workflows,
	activate: workflows.map((workflow) => workflow.id),
	register,
};

function register(ctx: E2eContext) {
	const store = () => ctx.standIn.store;
	const teamFolder = () => {
		const [id] = [...(store().team?.teamFolders ?? new Map()).keys()];
		if (!id) throw new Error('the stand-in team has no team folder');
		return String(id);
	};

	describe('Team context (Act As by email, Path Root Team Space)', () => {
		test('a file of a team folder, by its team-space path, acting as the member with that email', async () => {
			store().putFile(teamFolder(), '/E2E/Angebot.txt', Buffer.from('Angebot'));
			const lea = [...store().members.values()].find((member) => member.email === 'lea@nordlicht.example');
			if (!lea) throw new Error('the stand-in team has no Léa');
			const since = ctx.standIn.requests.length;

			const run = await runWebhook(ctx, 'E2eTeamCtxLink', hook('link'), { path: '/Projekte/E2E/Angebot.txt', email: 'lea@nordlicht.example' });
			expect(run.execution.status).toBe('success');
			const [item] = output(run.execution, 'Link');
			expect(item.metadata).toMatchObject({ name: 'Angebot.txt' });
			expect(String(item.link)).toMatch(/^https:\/\//);

			const calls = ctx.standIn.requests.slice(since);
			// One look-up answered (n8n may have refreshed an expired token first: a 401, then the same call again).
			expect(calls.filter((call) => call.route === 'team/members/get_info_v2' && call.status === 200)).toHaveLength(1);
			const [link] = calls.filter((call) => call.route === 'files/get_temporary_link');
			expect(link.headers['dropbox-api-select-user']).toBe(lea.team_member_id);
			expect(JSON.parse(String(link.headers['dropbox-api-path-root']))).toEqual({ '.tag': 'root', root: store().team?.root_namespace_id });
		});

		test('a team credential without Act As fails before any call, naming Act As', async () => {
			const since = ctx.standIn.requests.length;
			const run = await runWebhook(ctx, 'E2eTeamCtxNoAct', hook('no-member'));
			expect(run.execution.status).toBe('error');
			expect(errorText(run.execution)).toContain('Act As: is "Connected Account", but a team app has no Dropbox of its own');
			expect(ctx.standIn.requests.slice(since).filter((call) => call.route.startsWith('files/'))).toHaveLength(0);
		});
	});
}
