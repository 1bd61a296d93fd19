// Path Root "Team Space" through n8n's engine: the member's root is looked up once per execution, not once per
// item, and looked up again (once) when Dropbox answers 422 invalid_root because the root changed.
import { NodeApiError } from 'n8n-workflow';

import { mockSleep } from '../harness';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

const LOOKUP = 'users/get_current_account';
const USAGE = 'users/get_space_usage';
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ json: { i } }));

function spaceUsageInTeamSpace() {
	const member = dropbox.standIn.team.members[1];
	return {
		member,
		parameters: {
			resource: 'account',
			operation: 'getSpaceUsage',
			requestOptions: { actAs: 'member', teamMemberId: member.team_member_id, pathRoot: 'teamSpace' },
		},
	};
}

describe('Path Root "Team Space"', () => {
	it('looks the root up once for all items of an execution', async () => {
		const { member, parameters } = spaceUsageInTeamSpace();
		const result = await dropbox.run(parameters, { items: items(4), tokens: { team: true } });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(4);
		expect(dropbox.requestsTo(LOOKUP)).toHaveLength(1);
		const calls = dropbox.requestsTo(USAGE);
		expect(calls).toHaveLength(4);
		for (const call of calls) expect(JSON.parse(String(call.headers['dropbox-api-path-root']))).toEqual({ '.tag': 'root', root: member.root_namespace_id });
	});

	it('looks the root up again once on a 422 invalid_root and succeeds', async () => {
		const { parameters } = spaceUsageInTeamSpace();
		dropbox.standIn.injectFault({ route: USAGE, kind: 'path_root_changed' });
		const result = await dropbox.run(parameters, { items: items(3), tokens: { team: true } });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(dropbox.requestsTo(LOOKUP)).toHaveLength(2);
		expect(dropbox.requestsTo(USAGE).map((r) => r.status)).toEqual([422, 200, 200, 200]);
		expect(result.sleeps).toEqual([]);
	});

	it('reports a root that keeps changing after one new look-up', async () => {
		const { parameters } = spaceUsageInTeamSpace();
		dropbox.standIn.injectFault({ route: USAGE, kind: 'path_root_changed', times: 2 });
		const result = await dropbox.run(parameters, { tokens: { team: true } });
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('422');
		expect(result.error?.description).toContain('team space root changed');
		expect(dropbox.requestsTo(LOOKUP)).toHaveLength(2);
		expect(dropbox.requestsTo(USAGE)).toHaveLength(2);
	});
});
