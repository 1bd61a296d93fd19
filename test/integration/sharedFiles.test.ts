// Every Shared File operation through n8n's engine against the stand-in, as the owner (Robin) and as the person a
// file is shared with (Mateo, through his own credential); many files in one batch call; bad input refused before
// any request; lost answers of unsafe calls reconciled.
import type { IHttpRequestOptions, ILoadOptionsFunctions, INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { searchFileMembers, searchReceivedFiles } from '../../nodes/DropboxSuite/methods/sharedFiles';
import { sharedFilesOf } from '../emulator/sharing/files';
import { isOutcomeUnknown } from '../../nodes/shared/errors';
import { mockSleep } from '../harness';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

const byPath = (value: string) => ({ __rl: true, mode: 'path', value });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const fromList = (value: string) => ({ __rl: true, mode: 'list', value });
const byEmail = (value: string) => ({ __rl: true, mode: 'email', value });
/** A value the editor cannot check (an expression): only the node's own check at run time sees it. */
const late = (value: string) => `={{ ${JSON.stringify(value)} }}`;
const shared = (operation: string, extra: INodeParameters = {}): INodeParameters => ({ resource: 'sharedFile', operation, ...extra });
type RunOptions = Parameters<typeof dropbox.run>[1];
const ok = async (parameters: INodeParameters, options: RunOptions = {}) => {
	const result = await dropbox.run(parameters, options);
	if (result.error) throw result.error;
	return result;
};
const account = (email: string) => {
	const found = [...dropbox.standIn.store.accounts.values()].find((a: { email: string }) => a.email === email);
	if (!found) throw new Error(`no account ${email}`);
	return found as { account_id: string; email: string };
};
const mateo = () => account('mateo.alvarez@example.org');
const asMateo = (): RunOptions => ({ tokens: { account: mateo().account_id } });
const idOf = (path: string) => String(dropbox.lookup(path)?.id);
const sharedRequests = () => dropbox.standIn.requests.filter((r: { route: string }) => r.route.startsWith('sharing/'));

/** A file of Robin's shared with Mateo (editor) and one invitee. */
async function sharedFile(path: string) {
	dropbox.put(path, `content of ${path}`);
	await ok(shared('addMembers', { file: byPath(path), members: `${mateo().email}, guest@example.net`, accessLevel: 'editor', options: { quiet: true } }));
	return idOf(path);
}

describe('Shared File', () => {
	it('Add Members: a list in one item, each member\'s outcome, the message sent, Quiet sends nothing', async () => {
		dropbox.put('/Shared/plan.txt', 'plan');
		const result = await ok(
			shared('addMembers', {
				file: byPath('/Shared/plan.txt'),
				members: `${mateo().email}\nzoe@nordlicht.example, dbid:AAnobodyAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
				accessLevel: 'viewer_no_comment',
				options: { customMessage: 'Bitte lesen – danke!' },
			}),
		);
		expect(result.items.map((item) => [item.json.member, item.json.success, item.json.access_level ?? item.json.error])).toEqual([
			[mateo().email, true, 'viewer_no_comment'],
			['zoe@nordlicht.example', true, 'viewer_no_comment'],
			['dbid:AAnobodyAAAAAAAAAAAAAAAAAAAAAAAAAAA', false, 'Dropbox: member_error/invalid_member'],
		]);
		expect(result.items[2].json.description).toContain('List Members');
		expect(dropbox.requestsTo('sharing/add_file_member')).toHaveLength(1);
		const sent = sharedFilesOf(dropbox.standIn.store).invitations.filter((i: { file_id: string }) => i.file_id === idOf('/Shared/plan.txt'));
		expect(sent.map((i: { email: string; custom_message: string | null }) => [i.email, i.custom_message])).toEqual([
			[mateo().email, 'Bitte lesen – danke!'],
			['zoe@nordlicht.example', 'Bitte lesen – danke!'],
		]);

		dropbox.put('/Shared/quiet.txt', 'q');
		await ok(shared('addMembers', { file: byPath('/Shared/quiet.txt'), members: 'quiet@example.net', options: { quiet: true } }));
		expect(sharedFilesOf(dropbox.standIn.store).invitations.some((i: { email: string }) => i.email === 'quiet@example.net')).toBe(false);
		expect(dropbox.requestsTo('sharing/add_file_member')[1].arg).toMatchObject({ quiet: true, access_level: 'viewer' });
	});

	it('Add Members: one member per input item, through an expression', async () => {
		dropbox.put('/Shared/per-item.txt', 'p');
		const items = ['a@example.net', 'b@example.net', 'c@example.net'].map((email) => ({ json: { email } }));
		const result = await ok(shared('addMembers', { file: byPath('/Shared/per-item.txt'), members: '={{ $json.email }}' }), { items });
		expect(result.items.map((item) => item.json.member)).toEqual(['a@example.net', 'b@example.net', 'c@example.net']);
		const members = await ok(shared('listMembers', { file: byPath('/Shared/per-item.txt'), returnAll: true }));
		expect(members.items.filter((item) => item.json.member_type === 'invitee')).toHaveLength(3);
	});

	it('List Members: Return All follows the cursor; Limit stops early', async () => {
		dropbox.put('/Shared/crowd.txt', 'c');
		const emails = Array.from({ length: 320 }, (_, i) => `p${i}@example.net`).join(',');
		await ok(shared('addMembers', { file: byPath('/Shared/crowd.txt'), members: emails, options: { quiet: true } }));
		dropbox.standIn.clearRequests();
		const all = await ok(shared('listMembers', { file: byPath('/Shared/crowd.txt'), returnAll: true }));
		expect(all.items).toHaveLength(321);
		expect(all.items[0].json).toMatchObject({ member_type: 'user', access_type: { '.tag': 'owner' }, file: '/Shared/crowd.txt' });
		expect(dropbox.requestsTo('sharing/list_file_members/continue')).toHaveLength(1);
		const some = await ok(shared('listMembers', { file: byPath('/Shared/crowd.txt'), limit: 5 }));
		expect(some.items).toHaveLength(5);
		expect(dropbox.requestsTo('sharing/list_file_members').at(-1)?.arg).toMatchObject({ limit: 5, include_inherited: true });
	});

	it('List Members of Many Files and Get Sharing Metadata of Many Files: one request for all items', async () => {
		const ids = [await sharedFile('/Many/a.txt'), await sharedFile('/Many/b.txt'), await sharedFile('/Many/c.txt')];
		dropbox.standIn.clearRequests();
		const items = [{ json: { file: '/Many/a.txt' } }, { json: { file: ids[1] } }, { json: { file: '/Many/c.txt' } }];
		const members = await ok(shared('listMembersOfMany', { file: byPath('={{ $json.file }}') }), { items });
		expect(sharedRequests().map((r: { route: string }) => r.route)).toEqual(['sharing/list_file_members/batch']);
		expect(dropbox.requestsTo('sharing/list_file_members/batch')[0].arg).toEqual({ files: ['/Many/a.txt', ids[1], '/Many/c.txt'], limit: 1000 });
		expect(members.items.map((item) => [item.json.file, item.json.member_count, (item.json.members as unknown[]).length])).toEqual([
			['/Many/a.txt', 3, 3],
			[ids[1], 3, 3],
			['/Many/c.txt', 3, 3],
		]);
		expect(members.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);

		dropbox.standIn.clearRequests();
		const metadata = await ok(shared('getMetadataOfMany', { file: byPath('={{ $json.file }}') }), { items });
		expect(sharedRequests().map((r: { route: string }) => r.route)).toEqual(['sharing/get_file_metadata/batch']);
		expect(metadata.items.map((item) => [item.json.id, item.json.name, item.json['.tag']])).toEqual([
			[ids[0], 'a.txt', undefined],
			[ids[1], 'b.txt', undefined],
			[ids[2], 'c.txt', undefined],
		]);
	});

	it('List Members of Many Files: more members than Members per Call are continued; a file that is not there is its item\'s error', async () => {
		dropbox.put('/Many/big.txt', 'b');
		await ok(shared('addMembers', { file: byPath('/Many/big.txt'), members: 'x1@example.net,x2@example.net,x3@example.net', options: { quiet: true } }));
		dropbox.standIn.clearRequests();
		const items = [{ json: { file: '/Many/big.txt' } }, { json: { file: '/Many/none.txt' } }];
		const result = await dropbox.run(shared('listMembersOfMany', { file: byPath('={{ $json.file }}'), membersPerCall: 2 }), { items, continueOnFail: true });
		expect(dropbox.requestsTo('sharing/list_file_members/batch')).toHaveLength(1);
		expect(dropbox.requestsTo('sharing/list_file_members/continue')).toHaveLength(1);
		expect((result.items[0].json.members as unknown[]).length).toBe(4);
		expect(result.items[1].json).toMatchObject({ error: expect.stringContaining('access_error/invalid_file') });
		expect(String(result.items[1].json.description)).toContain('List Received Files');
	});

	it('Get Sharing Metadata: the owner sees the path; the recipient by ID, without a path', async () => {
		const id = await sharedFile('/Meta/report.pdf');
		const owner = await ok(shared('getMetadata', { file: byPath('/Meta/report.pdf') }));
		expect(owner.items[0].json).toMatchObject({ id, name: 'report.pdf', access_type: { '.tag': 'owner' }, path_display: '/Meta/report.pdf', owner_display_names: ['Robin Fischer'] });
		const recipient = await ok(shared('getMetadata', { file: byId(id) }), asMateo());
		expect(recipient.items[0].json).toMatchObject({ id, access_type: { '.tag': 'editor' } });
		expect(recipient.items[0].json.path_display).toBeUndefined();
	});

	it('List Received Files as the recipient: Return All and Limit', async () => {
		await sharedFile('/Received/one.txt');
		await sharedFile('/Received/two.txt');
		const all = await ok(shared('listReceived', { returnAll: true }), asMateo());
		const names = all.items.map((item) => item.json.name);
		expect(names.slice(0, 2)).toEqual(['two.txt', 'one.txt']);
		const one = await ok(shared('listReceived', { limit: 1 }), asMateo());
		expect(one.items.map((item) => item.json.name)).toEqual(['two.txt']);
		expect(dropbox.requestsTo('sharing/list_received_files').at(-1)?.arg).toEqual({ limit: 1 });
	});

	it('Update Member, Remove Member (and a member Dropbox cannot remove), Update Policy', async () => {
		await sharedFile('/Members/doc.txt');
		const updated = await ok(shared('updateMember', { file: byPath('/Members/doc.txt'), member: fromList(mateo().account_id), accessLevel: 'viewer' }));
		expect(updated.items[0].json).toMatchObject({ member: mateo().account_id, access_level: 'viewer' });
		const list = await ok(shared('listMembers', { file: byPath('/Members/doc.txt'), returnAll: true }));
		expect(list.items.find((item) => (item.json.user as { email?: string } | undefined)?.email === mateo().email)?.json.access_type).toEqual({ '.tag': 'viewer' });

		const removed = await ok(shared('removeMember', { file: byPath('/Members/doc.txt'), member: byEmail('guest@example.net') }));
		expect(removed.items[0].json).toMatchObject({ member: 'guest@example.net', removed: true });
		const again = await dropbox.run(shared('removeMember', { file: byPath('/Members/doc.txt'), member: byEmail('guest@example.net') }));
		expect(again.error).toBeInstanceOf(NodeApiError);
		expect(again.error!.message).toContain('member_error/invalid_member');

		const policy = await ok(shared('updatePolicy', { file: byPath('/Members/doc.txt'), viewerInfoPolicy: 'disabled' }));
		expect(policy.items[0].json.policy).toMatchObject({ viewer_info_policy: { '.tag': 'disabled' } });
	});

	it('Unshare removes every member: the recipient no longer receives the file', async () => {
		const id = await sharedFile('/Unshare/old.txt');
		await ok(shared('unshare', { file: byPath('/Unshare/old.txt') }));
		const members = await ok(shared('listMembers', { file: byPath('/Unshare/old.txt'), returnAll: true }));
		expect(members.items.map((item) => item.json.member_type)).toEqual(['user']);
		const received = await ok(shared('listReceived', { returnAll: true }), asMateo());
		expect(received.items.map((item) => item.json.id)).not.toContain(id);
	});

	it('Relinquish Membership as the recipient; the owner cannot, with Dropbox\'s reason and what to do', async () => {
		const id = await sharedFile('/Leave/mine.txt');
		const left = await ok(shared('relinquish', { file: fromList(id) }), asMateo());
		expect(left.items[0].json).toEqual({ file: id, relinquished: true });
		const received = await ok(shared('listReceived', { returnAll: true }), asMateo());
		expect(received.items.map((item) => item.json.id)).not.toContain(id);
		const owner = await dropbox.run(shared('relinquish', { file: byId(id) }));
		expect(owner.error).toBeInstanceOf(NodeApiError);
		expect(owner.error!.message).toContain('no_permission');
		expect(owner.error!.description).toContain('Unshare');
	});

	it('Relinquish All Access as the recipient (relinquish_access), and again: idempotent', async () => {
		const id = await sharedFile('/Leave/all.txt');
		await ok(shared('relinquishAccess', { file: byId(id.slice(3)) }), asMateo());
		expect(dropbox.requestsTo('sharing/relinquish_access')[0].arg).toEqual({ file_id: id });
		await ok(shared('relinquishAccess', { file: byId(id) }), asMateo());
		const metadata = await dropbox.run(shared('getMetadata', { file: byId(id) }), asMateo());
		expect(metadata.error!.message).toContain('access_error/invalid_file');
	});
});

describe('bad input is refused before any request, naming the parameter', () => {
	const refused = async (parameters: INodeParameters, parameter: string, options: RunOptions = {}) => {
		dropbox.standIn.clearRequests();
		const result = await dropbox.run(parameters, options);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error!.message).toContain(parameter);
		expect(dropbox.standIn.requests).toHaveLength(0);
		return result.error!;
	};

	it.each([
		['an email that is not one', shared('addMembers', { file: byPath('/Shared/plan.txt'), members: 'ana@example.com, not-an-email' }), 'Members'],
		['an account ID that is not one', shared('addMembers', { file: byPath('/Shared/plan.txt'), members: 'dbid:short' }), 'Members'],
		['no members', shared('addMembers', { file: byPath('/Shared/plan.txt'), members: ' , ' }), 'Members'],
		['a file ID that is not one', shared('getMetadata', { file: byId(late('id:has space')) }), 'File'],
		['a relative path', shared('listMembers', { file: byPath(late('Shared/plan.txt')) }), 'File'],
		['a revision instead of a file', shared('unshare', { file: byPath('rev:0123456789abcdef') }), 'File'],
		['a member email that is not one', shared('removeMember', { file: byPath('/Shared/plan.txt'), member: byEmail(late('guest(at)example.net')) }), 'Member'],
		['a member account ID that is not one', shared('updateMember', { file: byPath('/Shared/plan.txt'), member: fromList('dbid:x'), accessLevel: 'viewer' }), 'Member'],
		['a received file given by path', shared('relinquish', { file: byId(late('/Shared/plan.txt')) }), 'File'],
		['an empty received file', shared('relinquishAccess', { file: fromList(late(' ')) }), 'File'],
	])('%s', async (_label, parameters, parameter) => {
		const error = await refused(parameters, parameter);
		expect(error!.description).toBeTruthy();
	});

	it('one bad file among many: nothing is sent, even for the good ones', async () => {
		const items = [{ json: { file: '/Many/a.txt' } }, { json: { file: 'Many/b.txt' } }];
		await refused(shared('listMembersOfMany', { file: byPath('={{ $json.file }}') }), 'File', { items });
		await refused(shared('getMetadataOfMany', { file: byPath('={{ $json.file }}') }), 'File', { items });
		await refused(shared('listMembersOfMany', { file: byPath('/Many/a.txt'), membersPerCall: 5000 }), 'Members per Call');
	});
});

describe('a lost answer of an unsafe sharing call: looked up, never sent twice', () => {
	const lose = (route: string) => dropbox.standIn.injectFault({ route, kind: 'lose_response' });
	const statuses = (route: string) => dropbox.requestsTo(route).map((request: { status: number | null }) => request.status);

	it('Add Members: the members are there, so it was done', async () => {
		dropbox.put('/Lost/add.txt', 'a');
		lose('sharing/add_file_member');
		const result = await ok(shared('addMembers', { file: byPath('/Lost/add.txt'), members: `${mateo().email}, lost@example.net`, options: { quiet: true } }));
		expect(statuses('sharing/add_file_member')).toEqual([null]);
		expect(result.items.map((item) => [item.json.member, item.json.success, item.json.reconciled])).toEqual([
			[mateo().email, true, true],
			['lost@example.net', true, true],
		]);
	});

	it('Add Members: a 500 before anything was done: nobody is there, so it is sent again', async () => {
		dropbox.put('/Lost/retry.txt', 'r');
		dropbox.standIn.injectFault({ route: 'sharing/add_file_member', kind: 'server_error', status: 500 });
		const result = await ok(shared('addMembers', { file: byPath('/Lost/retry.txt'), members: 'retry@example.net', options: { quiet: true } }));
		expect(statuses('sharing/add_file_member')).toEqual([500, 200]);
		expect(result.items[0].json).toMatchObject({ member: 'retry@example.net', success: true, access_level: 'viewer' });
	});

	it('Add Members: some members there and some not cannot be told apart: outcome unknown, not sent again', async () => {
		await sharedFile('/Lost/partly.txt');
		dropbox.standIn.clearRequests();
		lose('sharing/add_file_member');
		const result = await dropbox.run(shared('addMembers', { file: byPath('/Lost/partly.txt'), members: `${mateo().email}, dbid:AAnobodyAAAAAAAAAAAAAAAAAAAAAAAAAAA` }));
		expect(isOutcomeUnknown(result.error)).toBe(true);
		expect(result.error!.description).toContain('List Members');
		expect(statuses('sharing/add_file_member')).toEqual([null]);
	});

	it('Remove Member and Unshare: the member is gone, so it was done', async () => {
		await sharedFile('/Lost/remove.txt');
		lose('sharing/remove_file_member_2');
		const removed = await ok(shared('removeMember', { file: byPath('/Lost/remove.txt'), member: byEmail('guest@example.net') }));
		expect(statuses('sharing/remove_file_member_2')).toEqual([null]);
		expect(removed.items[0].json).toMatchObject({ removed: true, reconciled: true });
		lose('sharing/unshare_file');
		await ok(shared('unshare', { file: byPath('/Lost/remove.txt') }));
		expect(statuses('sharing/unshare_file')).toEqual([null]);
	});

	it('Relinquish Membership: the file is out of reach, so it was done; relinquish_access is simply sent again', async () => {
		const id = await sharedFile('/Lost/leave.txt');
		lose('sharing/relinquish_file_membership');
		await ok(shared('relinquish', { file: byId(id) }), asMateo());
		expect(statuses('sharing/relinquish_file_membership')).toEqual([null]);
		const other = await sharedFile('/Lost/leave-all.txt');
		dropbox.standIn.injectFault({ route: 'sharing/relinquish_access', kind: 'lose_response', status: 502 });
		await ok(shared('relinquishAccess', { file: byId(other) }), asMateo());
		expect(statuses('sharing/relinquish_access')).toEqual([502, 200]);
	});
});

describe('the locator lists: files shared with this account, members of the chosen file', () => {
	/** A load-options context whose Dropbox answers come from `answer`; `file` is the operation's File parameter. */
	function context(answer: (route: string, arg: Record<string, unknown>) => unknown, file?: unknown) {
		const calls: Array<[string, Record<string, unknown>]> = [];
		const fn = {
			getNode: () => ({ id: '1', name: 'Dropbox Suite', type: 'n8n-nodes-dropbox-suite.dropboxSuite', typeVersion: 1, position: [0, 0], parameters: {} }),
			getNodeParameter: () => ({}),
			getCurrentNodeParameter: (name: string) => (name === 'file' ? file : undefined),
			getCredentials: async () => ({ appType: 'user' }),
			helpers: {
				httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
					const route = String(options.url).replace(/^https:\/\/api\.dropboxapi\.com\/2\//, '');
					const arg = JSON.parse(String(options.body)) as Record<string, unknown>;
					calls.push([route, arg]);
					return answer(route, arg);
				},
			},
		} as unknown as ILoadOptionsFunctions;
		return { fn, calls };
	}

	it('received files: name and owner, the ID as value, filtered, paged by cursor', async () => {
		const entries = [
			{ id: 'id:a1', name: 'Plan.txt', owner_display_names: ['Robin Fischer'], preview_url: 'https://www.dropbox.com/scl/fi/x/Plan.txt?dl=0' },
			{ id: 'id:b2', name: 'Budget.xlsx', owner_display_names: ['Zoë Ångström'] },
		];
		const { fn, calls } = context(() => ({ entries, cursor: 'next' }));
		const page = await searchReceivedFiles.call(fn, 'zoë');
		expect(page).toEqual({ results: [{ name: 'Budget.xlsx (from Zoë Ångström)', value: 'id:b2' }], paginationToken: 'next' });
		expect(calls).toEqual([['sharing/list_received_files', { limit: 100 }]]);
		const more = context(() => ({ entries: [] }));
		expect(await searchReceivedFiles.call(more.fn, undefined, 'next')).toEqual({ results: [], paginationToken: undefined });
		expect(more.calls).toEqual([['sharing/list_received_files/continue', { cursor: 'next' }]]);
	});

	it('members of the chosen file: users by account ID, invitees by email, not the owner; nothing without a file', async () => {
		const answer = () => ({
			users: [
				{ access_type: { '.tag': 'owner' }, user: { account_id: 'dbid:owner', email: 'robin@example.com', display_name: 'Robin' } },
				{ access_type: { '.tag': 'editor' }, user: { account_id: 'dbid:mateo', email: 'mateo@example.org', display_name: 'Mateo' } },
			],
			groups: [],
			invitees: [{ access_type: { '.tag': 'viewer' }, invitee: { '.tag': 'email', email: 'guest@example.net' } }],
		});
		const { fn, calls } = context(answer, { __rl: true, mode: 'path', value: '/Shared/plan.txt' });
		const page = await searchFileMembers.call(fn);
		expect(page.results).toEqual([
			{ name: 'Mateo <mateo@example.org> (editor)', value: 'dbid:mateo' },
			{ name: 'guest@example.net (invited, viewer)', value: 'guest@example.net' },
		]);
		expect(calls).toEqual([['sharing/list_file_members', { file: '/Shared/plan.txt', include_inherited: false, limit: 100 }]]);
		expect((await searchFileMembers.call(fn, 'guest')).results.map((r) => r.value)).toEqual(['guest@example.net']);
		const none = context(answer, { __rl: true, mode: 'path', value: '' });
		expect(await searchFileMembers.call(none.fn)).toEqual({ results: [] });
		expect(none.calls).toEqual([]);
	});
});
