// Every Account operation through n8n's real execution engine against the stand-in, checked field by field.
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mockSleep } from '../harness';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

const account = (operation: string, extra: Record<string, unknown> = {}) => ({ resource: 'account', operation, ...extra });

describe('Account', () => {
	it('Get Current returns the connected account', async () => {
		const result = await dropbox.run(account('getCurrent'));
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const me = dropbox.standIn.defaultAccount;
		const { json } = result.items[0];
		expect(json.account_id).toBe(me.account_id);
		expect(json.email).toBe(me.email);
		expect(json.name).toEqual(me.name);
		expect(json.root_info).toEqual(me.root_info);
		expect(json.account_type).toEqual(me.account_type);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(dropbox.requestsTo('users/get_current_account')).toHaveLength(1);
	});

	it('Get Space Usage simplifies the allocation, or returns it raw', async () => {
		const simple = await dropbox.run(account('getSpaceUsage'));
		const raw = await dropbox.run(account('getSpaceUsage', { simplify: false }));
		const usage = raw.items[0].json as { used: number; allocation: { '.tag': string; allocated: number } };
		expect(usage.allocation['.tag']).toBe('individual');
		expect(simple.items[0].json).toEqual({
			allocationType: 'individual',
			used: usage.used,
			allocated: usage.allocation.allocated,
			remaining: usage.allocation.allocated - usage.used,
			usedPercent: Math.round((usage.used / usage.allocation.allocated) * 10_000) / 100,
		});
	});

	it('Get returns another account by ID', async () => {
		const other = dropbox.standIn.team.members[1];
		const result = await dropbox.run(account('get', { accountId: other.account_id }));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ account_id: other.account_id, email: other.email, name: other.name });
		expect(dropbox.requestsTo('users/get_account')[0].arg).toEqual({ account_id: other.account_id });
	});

	it('Get Many returns one item per account, duplicates sent once', async () => {
		const [a, b] = dropbox.standIn.team.members;
		const result = await dropbox.run(account('getMany', { accountIds: `${a.account_id}, ${b.account_id},${a.account_id}` }));
		expect(result.items.map((item) => item.json.account_id)).toEqual([a.account_id, b.account_id]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(dropbox.requestsTo('users/get_account_batch')[0].arg).toEqual({ account_ids: [a.account_id, b.account_id] });
	});

	it('Get Features flattens Dropbox\'s unions, or returns them raw', async () => {
		const features = ['paper_as_files', 'file_locking', 'team_shared_dropbox', 'distinct_member_home'];
		const simple = await dropbox.run(account('getFeatures', { features }));
		const raw = await dropbox.run(account('getFeatures', { features, simplify: false }));
		const values = raw.items[0].json.values as Array<Record<string, { '.tag': string } & Record<string, unknown>>>;
		expect(values.map((v) => v['.tag'])).toEqual(features);
		const flattened = Object.fromEntries(values.map((v) => [v['.tag'], v[String(v['.tag'])][v[String(v['.tag'])]['.tag']]]));
		expect(simple.items[0].json).toEqual(flattened);
		expect(typeof simple.items[0].json.paper_as_files).toBe('boolean');
	});

	it('Check Access echoes the text', async () => {
		const result = await dropbox.run(account('checkAccess', { query: 'hello Zoë' }));
		expect(result.items[0].json).toEqual({ result: 'hello Zoë' });
	});

	it('runs once per input item, each output paired with its item', async () => {
		const result = await dropbox.run(account('checkAccess', { query: '={{ $json.text }}' }), {
			items: [{ json: { text: 'one' } }, { json: { text: 'two' } }],
		});
		expect(result.items.map((item) => [item.json.result, item.pairedItem])).toEqual([
			['one', { item: 0 }],
			['two', { item: 1 }],
		]);
	});
});

describe('Bad input fails before any request', () => {
	it.each([
		['get', { accountId: '={{ "" }}' }, 'Account ID: is empty'],
		['get', { accountId: '12345' }, 'Account ID: "12345" is not a Dropbox account ID'],
		['getMany', { accountIds: ' , ' }, 'Account IDs: is empty'],
		['getMany', { accountIds: 'dbid:short' }, 'Account IDs: "dbid:short" is not a Dropbox account ID'],
	])('%s with %j', async (operation, parameters, message) => {
		const result = await dropbox.run(account(operation, parameters));
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(message);
		expect(dropbox.standIn.requests).toHaveLength(0);
	});

	it('Act As on a personal app', async () => {
		const result = await dropbox.run(account('getCurrent', { requestOptions: { actAs: 'member', teamMemberId: 'dbmid:x' } }));
		expect(result.error?.message).toMatch(/^Act As: "member" needs a team app/);
		expect(dropbox.standIn.requests).toHaveLength(0);
	});

	it('a team app without a member to act as', async () => {
		const result = await dropbox.run(account('getCurrent'), { tokens: { team: true } });
		expect(result.error?.message).toMatch(/^Act As: is "Connected Account"/);
		expect(result.error?.description).toContain('Team Member');
		expect(dropbox.standIn.requests).toHaveLength(0);
	});

	it('a malformed team member ID or namespace ID', async () => {
		const member = await dropbox.run(account('getCurrent', { requestOptions: { actAs: 'member', teamMemberId: 'zoe' } }), { tokens: { team: true } });
		expect(member.error?.message).toBe('Team Member: "zoe" is not a team member ID');
		const namespace = await dropbox.run(account('getCurrent', { requestOptions: { pathRoot: 'namespace', namespaceId: 'ns:12' } }));
		expect(namespace.error?.message).toBe('Namespace: "ns:12" is not a namespace ID');
		expect(dropbox.standIn.requests).toHaveLength(0);
	});

	it('with Continue On Fail, the item carries the error and the rest go on', async () => {
		const result = await dropbox.run(account('get', { accountId: '={{ $json.id }}' }), {
			continueOnFail: true,
			items: [{ json: { id: 'bad' } }, { json: { id: dropbox.standIn.defaultAccount.account_id } }],
		});
		expect(result.items[0].json.error).toBe('Account ID: "bad" is not a Dropbox account ID');
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(result.items[1].json.account_id).toBe(dropbox.standIn.defaultAccount.account_id);
	});
});

describe('Dropbox errors', () => {
	it('an unknown account ID gives NodeApiError with Dropbox\'s summary', async () => {
		const result = await dropbox.run(account('get', { accountId: `dbid:${'A'.repeat(35)}` }));
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toBe('Dropbox: no_account');
		expect((result.error as NodeApiError).httpCode).toBe('409');
	});

	it('a missing scope names the scope and says to reconnect', async () => {
		const result = await dropbox.run(account('get', { accountId: dropbox.standIn.team.members[1].account_id }), {
			tokens: { scopes: ['account_info.read'] },
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toBe('Dropbox: missing_scope');
		expect(result.error?.description).toContain('"sharing.read"');
		expect(result.error?.description).toContain('Reconnect');
	});

	it('a revoked token says to reconnect, and no token reaches the error', async () => {
		const stored = dropbox.credential();
		dropbox.standIn.store.revokeToken?.(stored.data.oauthTokenData.access_token);
		const tokens = stored.data.oauthTokenData;
		stored.data.oauthTokenData = { ...tokens, access_token: 'not-a-token', refresh_token: 'not-a-refresh-token' };
		const result = await dropbox.run(account('getCurrent'), { credential: stored });
		expect(result.error).toBeDefined();
		const shown = JSON.stringify({ message: result.error?.message, description: result.error?.description, error: result.error });
		expect(shown).not.toContain('not-a-token');
		expect(shown).not.toContain(tokens.access_token);
		expect(shown).not.toContain('Bearer');
	});
});
