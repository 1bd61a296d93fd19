// Every File Request operation through n8n's engine against the stand-in, which keeps file requests per account with
// their deadlines, open or closed state and file counts, and enforces Dropbox's rules: Robin is on Pro, the outsider
// Mateo on Basic (no deadlines).
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { mockSleep } from '../harness';
import { fileRequests } from '../emulator/fileRequests';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

const byPath = (value: string) => ({ __rl: true, mode: 'path', value });
const request = (operation: string, extra: INodeParameters = {}): INodeParameters => ({ resource: 'fileRequest', operation, ...extra });
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const wire = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z');
const ok = async (parameters: INodeParameters, options: Parameters<typeof dropbox.run>[1] = {}) => {
	const result = await dropbox.run(parameters, options);
	if (result.error) throw result.error;
	return result;
};
const model = () => fileRequests(dropbox.standIn.store);
const mateo = () => {
	const found = [...dropbox.standIn.store.accounts.values()].find((account) => account.email === 'mateo.alvarez@example.org');
	if (!found) throw new Error('the stand-in has no outsider account');
	return found;
};
/** Runs as Mateo, the outsider on a Basic plan. */
const asMateo = { tokens: { account: '' } };
const robinsRequests = () => model().all().filter((r) => r.owner === dropbox.standIn.store.personal().account_id);
/** A request made straight in the stand-in, through the node. */
const made = async (title: string, folder: string, options: INodeParameters = {}) =>
	(await ok(request('create', { title, destination: byPath(folder), options }))).items[0].json as { id: string; url: string };

beforeAll(() => {
	asMateo.tokens.account = mateo().account_id;
	dropbox.put('/Requests/notes.txt', 'a file, not a folder');
});

describe('Create', () => {
	it('makes a request with a deadline, late uploads and a description; the output carries its URL', async () => {
		const deadline = inDays(14);
		const result = await ok(
			request('create', {
				title: 'Tax documents 2026',
				destination: byPath('/Clients/Acme/Tax'),
				options: { description: 'Receipts and statements, please', deadline, allowLateUploads: 'two_days' },
			}),
		);
		const json = result.items[0].json;
		expect(json).toMatchObject({
			title: 'Tax documents 2026',
			destination: '/Clients/Acme/Tax',
			is_open: true,
			file_count: 0,
			description: 'Receipts and statements, please',
			deadline: { deadline: wire(deadline), allow_late_uploads: { '.tag': 'two_days' } },
		});
		expect(json.url).toBe(`https://www.dropbox.com/request/${String(json.id)}`);
		expect(dropbox.requestsTo('file_requests/create')[0].arg).toEqual({
			title: 'Tax documents 2026',
			destination: '/Clients/Acme/Tax',
			deadline: { deadline: wire(deadline), allow_late_uploads: 'two_days' },
			description: 'Receipts and statements, please',
		});
		expect(dropbox.lookup('/Clients/Acme/Tax')?.tag).toBe('folder');
	});

	it('makes a closed request without a deadline, the folder given by its Dropbox web address', async () => {
		const result = await ok(request('create', { title: 'Later', destination: { __rl: true, mode: 'url', value: 'https://www.dropbox.com/home/Clients/Later' }, options: { open: false } }));
		expect(result.items[0].json).toMatchObject({ is_open: false, destination: '/Clients/Later' });
		expect(result.items[0].json.deadline).toBeUndefined();
		expect(dropbox.requestsTo('file_requests/create')[0].arg).toEqual({ title: 'Later', destination: '/Clients/Later', open: false });
	});

	it('explains not_a_folder when the destination is a file', async () => {
		const result = await dropbox.run(request('create', { title: 'Oops', destination: byPath('/Requests/notes.txt') }));
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toBe('Dropbox: not_a_folder');
		expect(result.error?.description).toContain('"/Requests/notes.txt" is a file');
	});

	it('explains the plan rule when a Basic account sets a deadline, and makes the request without one', async () => {
		const refused = await dropbox.run(request('create', { title: 'CVs', destination: byPath('/CVs'), options: { deadline: inDays(3) } }), asMateo);
		expect(refused.error).toBeInstanceOf(NodeApiError);
		expect(refused.error?.message).toBe('Dropbox: no_permission');
		expect(refused.error?.description).toContain('deadlines need a paid Dropbox plan (Plus, Essentials or Business');
		expect(model().all().filter((r) => r.owner === mateo().account_id)).toEqual([]);
		const plain = await ok(request('create', { title: 'CVs', destination: byPath('/CVs') }), asMateo);
		expect(plain.items[0].json).toMatchObject({ title: 'CVs', destination: '/CVs' });
	});

	it('after a lost answer, finds the request it made instead of failing or making a second', async () => {
		dropbox.standIn.injectFault({ route: 'file_requests/create', kind: 'lose_response' });
		const result = await ok(request('create', { title: 'Lost answer', destination: byPath('/Clients/Lost') }));
		expect(result.items[0].json).toMatchObject({ title: 'Lost answer', destination: '/Clients/Lost' });
		expect(dropbox.requestsTo('file_requests/create')).toHaveLength(1);
		expect(dropbox.requestsTo('file_requests/list_v2')).toHaveLength(1);
		expect(robinsRequests().filter((r) => r.title === 'Lost answer')).toHaveLength(1);
	});

	it('after a lost answer of a request that never reached Dropbox, sends it again once', async () => {
		dropbox.standIn.injectFault({ route: 'file_requests/create', kind: 'drop' });
		const result = await ok(request('create', { title: 'Dropped', destination: byPath('/Clients/Dropped') }));
		expect(result.items[0].json.title).toBe('Dropped');
		expect(dropbox.requestsTo('file_requests/create')).toHaveLength(2);
		expect(robinsRequests().filter((r) => r.title === 'Dropped')).toHaveLength(1);
	});
});

describe('Get and Count', () => {
	it('gets a request by ID or URL, with the file count rising as files land in its folder', async () => {
		const { id, url } = await made('Photos', '/Clients/Photos');
		dropbox.put('/Clients/Photos/one.jpg', '1');
		dropbox.put('/Clients/Photos/two.jpg', '2');
		const byId = await ok(request('get', { id }));
		expect(byId.items[0].json).toMatchObject({ id, url, file_count: 2, is_open: true });
		const byUrl = await ok(request('get', { id: url }));
		expect(byUrl.items[0].json.id).toBe(id);
		expect(dropbox.requestsTo('file_requests/get').map((r) => r.arg)).toEqual([{ id }, { id }]);
	});

	it('explains not_found for an ID of no request', async () => {
		const result = await dropbox.run(request('get', { id: 'aaaaaaaaaaaaaaaaaaaa' }));
		expect(result.error?.message).toBe('Dropbox: not_found');
		expect(result.error?.description).toContain('File Request → List');
	});

	it('counts the account\'s requests, open and closed', async () => {
		const result = await ok(request('count'));
		expect(result.items[0].json).toEqual({ file_request_count: robinsRequests().length });
		expect(robinsRequests().length).toBeGreaterThan(3);
	});
});

describe('List', () => {
	afterEach(() => {
		model().options.pageSize = 1000;
		model().refuseListV2(dropbox.standIn.store.personal().account_id, false);
	});

	it('follows the cursor across pages up to the Limit, and through every page with Return All', async () => {
		model().options.pageSize = 2;
		const limited = await ok(request('list', { returnAll: false, limit: 5 }));
		expect(limited.items.map((i) => i.json.id)).toEqual(robinsRequests().slice(0, 5).map((r) => r.id));
		expect(dropbox.requestsTo('file_requests/list_v2').map((r) => r.arg)).toEqual([{ limit: 5 }]);
		expect(dropbox.requestsTo('file_requests/list/continue')).toHaveLength(2);
		dropbox.standIn.clearRequests();
		const all = await ok(request('list', { returnAll: true }));
		expect(all.items.map((i) => i.json.id)).toEqual(robinsRequests().map((r) => r.id));
		expect(all.items[0].json.url).toMatch(/^https:\/\/www\.dropbox\.com\/request\//);
		expect(dropbox.requestsTo('file_requests/list_v2').map((r) => r.arg)).toEqual([{ limit: 1000 }]);
		expect(dropbox.requestsTo('file_requests/list/continue')).toHaveLength(Math.ceil(robinsRequests().length / 2) - 1);
	});

	it('uses the v1 list when Dropbox refuses list_v2, with the Limit applied', async () => {
		model().refuseListV2(dropbox.standIn.store.personal().account_id);
		const result = await ok(request('list', { returnAll: false, limit: 3 }));
		expect(result.items.map((i) => i.json.id)).toEqual(robinsRequests().slice(0, 3).map((r) => r.id));
		expect(dropbox.requestsTo('file_requests/list_v2')).toHaveLength(1);
		expect(dropbox.requestsTo('file_requests/list')).toHaveLength(1);
	});
});

describe('Update', () => {
	it('changes the title, folder, description and deadline, closes, reopens and removes the deadline', async () => {
		const { id } = await made('Draft', '/Clients/Draft');
		const deadline = inDays(10);
		const changed = await ok(
			request('update', {
				id,
				updateFields: { title: 'Final', destination: '/Clients/Final', description: 'All of it', deadline, allowLateUploads: 'always', status: 'closed' },
			}),
		);
		expect(changed.items[0].json).toMatchObject({
			title: 'Final',
			destination: '/Clients/Final',
			description: 'All of it',
			is_open: false,
			deadline: { deadline: wire(deadline), allow_late_uploads: { '.tag': 'always' } },
		});
		expect(dropbox.requestsTo('file_requests/update')[0].arg).toEqual({
			id,
			title: 'Final',
			destination: '/Clients/Final',
			description: 'All of it',
			open: false,
			deadline: { '.tag': 'update', deadline: wire(deadline), allow_late_uploads: 'always' },
		});
		const reopened = await ok(request('update', { id, updateFields: { status: 'open' } }));
		expect(reopened.items[0].json).toMatchObject({ is_open: true, deadline: { deadline: wire(deadline) } });
		const removed = await ok(request('update', { id, updateFields: { removeDeadline: true } }));
		expect(removed.items[0].json.deadline).toBeUndefined();
		expect(dropbox.requestsTo('file_requests/update').map((r) => r.arg).slice(1)).toEqual([
			{ id, open: true },
			{ id, deadline: { '.tag': 'update' } },
		]);
		expect(model().find(id)?.deadline).toBeNull();
	});

	it('changes only the late-upload period, keeping the request\'s deadline', async () => {
		const deadline = inDays(4);
		const { id } = await made('Late', '/Clients/Late', { deadline });
		const result = await ok(request('update', { id, updateFields: { allowLateUploads: 'seven_days' } }));
		expect(result.items[0].json.deadline).toEqual({ deadline: wire(deadline), allow_late_uploads: { '.tag': 'seven_days' } });
		expect(dropbox.requestsTo('file_requests/get')).toHaveLength(1);
		expect(dropbox.requestsTo('file_requests/update')[0].arg).toEqual({ id, deadline: { '.tag': 'update', deadline: wire(deadline), allow_late_uploads: 'seven_days' } });
	});

	it('explains validation_error when the request\'s deadline has passed and only the late period changes', async () => {
		const { id } = await made('Expired', '/Clients/Expired', { deadline: inDays(1) });
		const stored = model().find(id);
		if (!stored?.deadline) throw new Error('no deadline stored');
		stored.deadline.deadline = wire(inDays(-1));
		const result = await dropbox.run(request('update', { id, updateFields: { allowLateUploads: 'one_day' } }));
		expect(result.error?.message).toBe('Dropbox: validation_error');
		expect(result.error?.description).toContain('Deadline lies in the future');
	});

	it('explains not_a_folder for a file as the new folder, and the plan rule for a Basic account\'s deadline', async () => {
		const { id } = await made('Move me', '/Clients/MoveMe');
		const file = await dropbox.run(request('update', { id, updateFields: { destination: '/Requests/notes.txt' } }));
		expect(file.error?.message).toBe('Dropbox: not_a_folder');
		expect(file.error?.description).toContain('"/Requests/notes.txt" is a file');
		const mateos = (await ok(request('create', { title: 'Basic', destination: byPath('/Basic') }), asMateo)).items[0].json.id as string;
		const plan = await dropbox.run(request('update', { id: mateos, updateFields: { deadline: inDays(2) } }), asMateo);
		expect(plan.error?.message).toBe('Dropbox: no_permission');
		expect(plan.error?.description).toContain('deadlines need a paid Dropbox plan');
		expect(model().find(mateos)?.deadline).toBeNull();
	});
});

describe('Delete and Delete All Closed', () => {
	it('deletes several closed requests in one call, one item each', async () => {
		const a = await made('Del A', '/Clients/DelA', { open: false });
		const b = await made('Del B', '/Clients/DelB', { open: false });
		const result = await ok(request('delete', { ids: `${a.id}, ${b.url}\n${a.id}` }));
		expect(result.items.map((i) => i.json)).toEqual([expect.objectContaining({ id: a.id, deleted: true }), expect.objectContaining({ id: b.id, deleted: true })]);
		expect(dropbox.requestsTo('file_requests/delete').map((r) => r.arg)).toEqual([{ ids: [a.id, b.id] }]);
		expect(model().find(a.id)).toBeUndefined();
		expect(model().find(b.id)).toBeUndefined();
	});

	it('explains that open requests must be closed first, and deletes nothing', async () => {
		const open = await made('Still open', '/Clients/Open');
		const result = await dropbox.run(request('delete', { ids: open.id }));
		expect(result.error?.message).toBe('Dropbox: file_request_open');
		expect(result.error?.description).toContain('Close them first with File Request → Update (Status: Closed)');
		expect(model().find(open.id)).toBeDefined();
	});

	it('after a lost answer, sees the requests gone and reports them deleted', async () => {
		const gone = await made('Gone', '/Clients/Gone', { open: false });
		dropbox.standIn.injectFault({ route: 'file_requests/delete', kind: 'lose_response' });
		const result = await ok(request('delete', { ids: gone.id }));
		expect(result.items.map((i) => i.json)).toEqual([{ id: gone.id, deleted: true }]);
		expect(dropbox.requestsTo('file_requests/delete')).toHaveLength(1);
		expect(dropbox.requestsTo('file_requests/get').map((r) => r.arg)).toEqual([{ id: gone.id }]);
	});

	it('deletes every closed request of the account, one item each', async () => {
		await made('Closed 1', '/Clients/C1', { open: false });
		await made('Closed 2', '/Clients/C2', { open: false });
		const closed = robinsRequests().filter((r) => !r.isOpen).map((r) => r.id);
		expect(closed.length).toBeGreaterThanOrEqual(2);
		const result = await ok(request('deleteAllClosed'));
		expect(result.items.map((i) => i.json.id).sort()).toEqual([...closed].sort());
		expect(result.items.every((i) => i.json.deleted === true)).toBe(true);
		expect(robinsRequests().every((r) => r.isOpen)).toBe(true);
	});

	it('after a lost answer with closed requests left, sends it again; with none left, reports the outcome unknown', async () => {
		const left = await made('Left', '/Clients/Left', { open: false });
		dropbox.standIn.injectFault({ route: 'file_requests/delete_all_closed', kind: 'drop' });
		const again = await ok(request('deleteAllClosed'));
		expect(again.items.map((i) => i.json.id)).toEqual([left.id]);
		expect(dropbox.requestsTo('file_requests/delete_all_closed')).toHaveLength(2);
		dropbox.standIn.clearRequests();
		await made('Lost', '/Clients/LostAll', { open: false });
		dropbox.standIn.injectFault({ route: 'file_requests/delete_all_closed', kind: 'lose_response' });
		const unknown = await dropbox.run(request('deleteAllClosed'));
		expect(unknown.error?.message).toBe('Dropbox: outcome unknown (file_requests/delete_all_closed)');
		expect(unknown.error?.description).toContain('whether closed file requests remain');
		expect(dropbox.requestsTo('file_requests/delete_all_closed')).toHaveLength(1);
	});
});

describe('bad input is refused before any call, naming the parameter', () => {
	const cases: Array<[string, INodeParameters, string]> = [
		['an empty title', request('create', { title: '  ', destination: byPath('/X') }), 'Title: is empty'],
		['an empty title from an expression', request('create', { title: '={{ $json.missing ?? "" }}', destination: byPath('/X') }), 'Title: is empty'],
		['a deadline that is not a date', request('create', { title: 't', destination: byPath('/X'), options: { deadline: 'next Friday' } }), 'Deadline: "next Friday" is not a date'],
		['a deadline in the past', request('create', { title: 't', destination: byPath('/X'), options: { deadline: '2020-01-01T00:00:00Z' } }), 'Deadline: 2020-01-01T00:00:00.000Z is in the past'],
		['late uploads without a deadline', request('create', { title: 't', destination: byPath('/X'), options: { allowLateUploads: 'one_day' } }), 'Allow Late Uploads: needs a Deadline'],
		['a destination by ID', request('create', { title: 't', destination: { __rl: true, mode: 'id', value: 'id:abc123' } }), 'Destination Folder: cannot be a file ID here'],
		['the root as destination', request('create', { title: 't', destination: byPath('/') }), 'Destination Folder: "/" is the root folder'],
		['an ID that is not one (Get)', request('get', { id: 'not an id!' }), 'File Request ID: "not an id!" is not a file request ID'],
		['an empty ID from an expression (Get)', request('get', { id: '={{ "" }}' }), 'File Request ID: is empty'],
		['an ID that is not one (Update)', request('update', { id: 'a/b', updateFields: { title: 'x' } }), 'File Request ID: "a/b" is not a file request ID'],
		['an ID that is not one among several (Delete)', request('delete', { ids: 'oaCAVmEyrqYnkZX9955Y, https://example.com/x' }), 'File Request IDs: "https://example.com/x" is not a file request ID'],
		['no IDs (Delete)', request('delete', { ids: ' , ' }), 'File Request IDs: is empty'],
		['an empty new title', request('update', { id: 'oaCAVmEyrqYnkZX9955Y', updateFields: { title: '' } }), 'Title: is empty'],
		['a new deadline that is not a date', request('update', { id: 'oaCAVmEyrqYnkZX9955Y', updateFields: { deadline: '31.12.' } }), 'Deadline: "31.12." is not a date'],
		['a new deadline in the past', request('update', { id: 'oaCAVmEyrqYnkZX9955Y', updateFields: { deadline: '2021-06-01T00:00:00Z' } }), 'Deadline: 2021-06-01T00:00:00.000Z is in the past'],
		['a deadline and Remove Deadline', request('update', { id: 'oaCAVmEyrqYnkZX9955Y', updateFields: { deadline: inDays(1), removeDeadline: true } }), 'Remove Deadline: is given together with a Deadline or Allow Late Uploads'],
		['a relative new folder', request('update', { id: 'oaCAVmEyrqYnkZX9955Y', updateFields: { destination: 'Clients' } }), 'Destination Folder: "Clients" is a relative path'],
		['nothing to update', request('update', { id: 'oaCAVmEyrqYnkZX9955Y' }), 'Update Fields: is empty'],
	];
	it.each(cases)('%s', async (_label, parameters, message) => {
		const result = await dropbox.run(parameters);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toBeTruthy();
		expect(dropbox.standIn.requests).toHaveLength(0);
	});
});
