// Team context through n8n's engine: Act As with the Team Member locator (by email, from the list, or a plain
// string saved before it was a locator), Path Root with the Namespace locator, and the checks made before any call.
import { useDropbox } from './dropbox';

const dropbox = useDropbox();

const team = () => dropbox.standIn.team;
const store = () => dropbox.standIn.store;
const locator = (mode: string, value: string) => ({ __rl: true, mode, value });
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ json: { i } }));
const temporaryLink = (path: string, requestOptions: Record<string, unknown>) => ({
	resource: 'temporaryLink',
	operation: 'getTemporaryLink',
	file: locator('path', path),
	requestOptions,
});
const teamFolderId = () => String([...(store().team?.teamFolders ?? new Map()).keys()][0]);

describe('Act As a team member', () => {
	it('by email: looked up once for all items, then every call selects that member', async () => {
		const [, jonas] = team().members;
		store().putFile(jonas.home_namespace_id, '/Notes/plan.txt', Buffer.from('plan'));
		const result = await dropbox.run(temporaryLink('/Notes/plan.txt', { actAs: 'member', teamMemberId: locator('email', 'Jonas@Nordlicht.example') }), {
			items: items(3),
			tokens: { team: true },
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		const lookups = dropbox.requestsTo('team/members/get_info_v2');
		expect(lookups).toHaveLength(1);
		expect(lookups[0].arg).toEqual({ members: [{ '.tag': 'email', email: 'Jonas@Nordlicht.example' }] });
		expect(lookups[0].headers['dropbox-api-select-user']).toBeUndefined();
		const calls = dropbox.requestsTo('files/get_temporary_link');
		expect(calls.map((call) => call.headers['dropbox-api-select-user'])).toEqual([jonas.team_member_id, jonas.team_member_id, jonas.team_member_id]);
	});

	it('from the list (a team member ID) and as a plain string saved before the locator: the same header', async () => {
		const [, , lea] = team().members;
		store().putFile(lea.home_namespace_id, '/a.txt', Buffer.from('a'));
		for (const teamMemberId of [locator('list', lea.team_member_id), lea.team_member_id]) {
			dropbox.standIn.clearRequests();
			const result = await dropbox.run(temporaryLink('/a.txt', { actAs: 'member', teamMemberId }), { tokens: { team: true } });
			expect(result.error).toBeUndefined();
			expect(dropbox.requestsTo('files/get_temporary_link')[0].headers['dropbox-api-select-user']).toBe(lea.team_member_id);
			expect(dropbox.requestsTo('team/members/get_info_v2')).toHaveLength(0);
		}
	});

	it('an email that is no member of the team fails naming Team Member, before any call in a member\'s Dropbox', async () => {
		const result = await dropbox.run(temporaryLink('/a.txt', { actAs: 'member', teamMemberId: locator('email', 'nobody@nordlicht.example') }), { tokens: { team: true } });
		expect(result.error?.message).toBe('Team Member: no member of the team has the email "nobody@nordlicht.example"');
		expect(dropbox.standIn.requests.map((request) => request.route)).toEqual(['team/members/get_info_v2']);
	});

	it.each([
		['not an email', locator('email', 'jonas'), 'Team Member: "jonas" is not an email address'],
		['not a team member ID', locator('id', 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc'), 'Team Member: "dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc" is not a team member ID'],
		['empty', locator('list', ''), 'Team Member: is empty'],
	])('a member %s fails before any call', async (_label, teamMemberId, message) => {
		const result = await dropbox.run(temporaryLink('/a.txt', { actAs: 'member', teamMemberId }), { tokens: { team: true } });
		expect(result.error?.message).toBe(message);
		expect(dropbox.standIn.requests).toHaveLength(0);
	});

	it('a team credential without Act As fails before any call, saying what to choose', async () => {
		const result = await dropbox.run(temporaryLink('/a.txt', {}), { tokens: { team: true } });
		expect(result.error?.message).toBe('Act As: is "Connected Account", but a team app has no Dropbox of its own');
		expect(result.error?.description).toBe('Under Request Options, set Act As to "Team Member" (or "Team Admin") and choose the Team Member.');
		expect(dropbox.standIn.requests).toHaveLength(0);
	});
});

describe('Path Root with the Namespace locator', () => {
	it('a team folder from the list: paths start in it', async () => {
		const [, jonas] = team().members;
		store().putFile(teamFolderId(), '/brief.txt', Buffer.from('brief'));
		const result = await dropbox.run(
			temporaryLink('/brief.txt', { actAs: 'member', teamMemberId: locator('email', 'jonas@nordlicht.example'), pathRoot: 'namespace', namespaceId: locator('list', teamFolderId()) }),
			{ tokens: { team: true } },
		);
		expect(result.error).toBeUndefined();
		const [call] = dropbox.requestsTo('files/get_temporary_link');
		expect(call.headers['dropbox-api-select-user']).toBe(jonas.team_member_id);
		expect(JSON.parse(String(call.headers['dropbox-api-path-root']))).toEqual({ '.tag': 'namespace_id', namespace_id: teamFolderId() });
	});

	it('acting by email in the team space: the file of a team folder by its team-space path', async () => {
		store().putFile(teamFolderId(), '/space.txt', Buffer.from('space'));
		const result = await dropbox.run(temporaryLink('/Projekte/space.txt', { actAs: 'member', teamMemberId: locator('email', 'lea@nordlicht.example'), pathRoot: 'teamSpace' }), {
			tokens: { team: true },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.metadata).toMatchObject({ name: 'space.txt' });
		expect(JSON.parse(String(dropbox.requestsTo('files/get_temporary_link')[0].headers['dropbox-api-path-root']))).toEqual({ '.tag': 'root', root: team().root_namespace_id });
	});

	it('a namespace that is not one fails naming Namespace, before any call', async () => {
		const result = await dropbox.run(temporaryLink('/a.txt', { pathRoot: 'namespace', namespaceId: locator('id', 'Projekte') }));
		expect(result.error?.message).toBe('Namespace: "Projekte" is not a namespace ID');
		expect(dropbox.standIn.requests).toHaveLength(0);
	});
});
