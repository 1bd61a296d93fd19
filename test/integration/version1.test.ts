// Workflows saved with release 0.1.0 (the action node's typeVersion 1, with its Batch resource and File's locks,
// tags and revisions) run unchanged: through n8n's execution engine against the stand-in, checked against what
// the stand-in holds afterwards. Parameters are as 0.1.0 saved them: n8n leaves out a value that is the default
// (Batch's first operation was Delete, so a Batch → Delete node has no "operation").
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { mockSleep, runNode } from '../harness';
import { DropboxSuiteOAuth2Api } from '../../credentials/DropboxSuiteOAuth2Api.credentials';
import { DropboxSuite } from '../../nodes/DropboxSuite/DropboxSuite.node';
import { CREDENTIAL_TYPE, NODE_TYPE, useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

const byPath = (value: string) => ({ __rl: true, mode: 'path', value });
const items = (values: IDataObject[]) => values.map((json) => ({ json }));

/** Runs a node of this typeVersion once through n8n's WorkflowExecute. */
async function run(typeVersion: number, parameters: INodeParameters, inputs?: IDataObject[]) {
	const stored = dropbox.credential();
	return await runNode({
		nodeTypes: [{ name: NODE_TYPE, type: new DropboxSuite() }],
		credentialTypes: [new DropboxSuiteOAuth2Api()],
		node: { type: NODE_TYPE, typeVersion, parameters, credentials: { [CREDENTIAL_TYPE]: { id: stored.id, name: 'Dropbox' } } },
		credentials: { [stored.id]: { type: stored.type, data: stored.data } },
		items: inputs && items(inputs),
	});
}
const ok = async (typeVersion: number, parameters: INodeParameters, inputs?: IDataObject[]) => {
	const result = await run(typeVersion, parameters, inputs);
	if (result.error) throw result.error;
	return result;
};

const store = () => dropbox.standIn.store as unknown as { tags: Map<string, string[]>; locks: Map<string, unknown> };

describe('a workflow saved with 0.1.0 (typeVersion 1)', () => {
	afterEach(() => {
		dropbox.standIn.filesOptions.asyncJobPolls = 1;
	});

	const names = ['a.txt', 'b.txt', 'c.txt', 'd.txt'];
	/** 0.1.0's Batch → Delete as saved: the resource and the path; Delete was Batch's default operation. */
	const batchDelete = (folder: string): INodeParameters => ({ resource: 'batch', path: byPath(`={{ "${folder}/" + $json.name }}`) });

	it('Batch → Delete of several items: one batch call, every entry gone', async () => {
		for (const name of names) dropbox.put(`/V1Del/${name}`, name);
		const result = await ok(1, batchDelete('/V1Del'), names.map((name) => ({ name })));
		expect(result.items.map((item) => [item.json.status, item.json.name])).toEqual(names.map((name) => ['success', name]));
		expect(result.items.map((item) => item.pairedItem)).toEqual(names.map((_, item) => ({ item })));
		expect(dropbox.requestsTo('files/delete_batch')).toHaveLength(1);
		for (const name of names) expect(dropbox.lookup(`/V1Del/${name}`)).toBeUndefined();
	});

	it('the same parameters in a version 2 node do not run (there they name no operation): the reason for version 1', async () => {
		for (const name of names) dropbox.put(`/V2Del/${name}`, name);
		const result = await run(2, { ...batchDelete('/V2Del'), operation: 'delete' }, names.map((name) => ({ name })));
		// n8n drops the operation: version 2's Batch has none (it has no Batch at all).
		expect(result.error?.message).toBe('Could not get parameter "operation"');
		expect(dropbox.requestsTo('files/delete_batch')).toHaveLength(0);
		for (const name of names) expect(dropbox.lookup(`/V2Del/${name}`)).toBeDefined();
	});

	it('a version 2 pair in a version 1 node fails before any request, saying to add a new node', async () => {
		dropbox.put('/V1Wrong/a.txt', 'a');
		const result = await run(1, { resource: 'tag', operation: 'addTags', file: byPath('/V1Wrong/a.txt'), tags: 'x' });
		expect(result.error?.message).toBe('The operation "addTags" of "tag" is not known in version 1 of the node');
		expect(result.error?.description).toContain('Add a new Dropbox Suite node, which is version 2');
		expect(dropbox.standIn.requests).toHaveLength(0);
	});

	it('Batch → Get Job Status picks up a Batch → Delete that outlasted its wait', async () => {
		for (const name of names) dropbox.put(`/V1Job/${name}`, name);
		dropbox.standIn.filesOptions.asyncJobPolls = 1000;
		const launched = await ok(1, { ...batchDelete('/V1Job'), options: { waitSeconds: 1 } }, names.map((name) => ({ name })));
		expect(launched.items.map((item) => item.json.status)).toEqual(names.map(() => 'in_progress'));
		const jobId = String(launched.items[0].json.async_job_id);
		const running = await ok(1, { resource: 'batch', operation: 'getJobStatus', jobId, jobKind: 'deleteBatch' });
		expect(running.items.map((item) => item.json)).toEqual([{ async_job_id: jobId, status: 'in_progress' }]);
		dropbox.standIn.filesOptions.asyncJobPolls = 0;
		const done = await ok(1, { resource: 'batch', operation: 'getJobStatus', jobId, jobKind: 'deleteBatch' });
		expect(done.items.map((item) => [item.json.status, item.json.job_index, item.json.name])).toEqual(names.map((name, index) => ['success', index, name]));
		for (const name of names) expect(dropbox.lookup(`/V1Job/${name}`)).toBeUndefined();
		expect(dropbox.requestsTo('files/delete_batch')).toHaveLength(1);
	});

	it('Batch → Copy and Batch → Create Folder', async () => {
		dropbox.put('/V1Copy/a.txt', 'copy me');
		const copied = await ok(1, { resource: 'batch', operation: 'copy', from: byPath('/V1Copy/a.txt'), toPath: '/V1Copy/Out/a.txt' });
		expect(copied.items[0].json).toMatchObject({ status: 'success', path_display: '/V1Copy/Out/a.txt' });
		expect((await dropbox.read('/V1Copy/Out/a.txt')).toString()).toBe('copy me');
		const created = await ok(1, { resource: 'batch', operation: 'createFolder', path: '={{ "/V1Folders/" + $json.name }}' }, [{ name: 'x' }, { name: 'y' }]);
		expect(created.items.map((item) => item.json.status)).toEqual(['success', 'success']);
		expect(dropbox.lookup('/V1Folders/x')).toBeDefined();
		expect(dropbox.lookup('/V1Folders/y')).toBeDefined();
	});

	it('File → Lock locks the file in Dropbox', async () => {
		const entry = dropbox.put('/V1Locks/contract.docx', 'c');
		const locked = await ok(1, { resource: 'file', operation: 'lock', paths: '/V1Locks/contract.docx' });
		expect(locked.items[0].json).toMatchObject({ success: true, path: '/V1Locks/contract.docx' });
		expect(store().locks.has(entry.id)).toBe(true);
		const state = await ok(1, { resource: 'file', operation: 'getLockState', paths: '/V1Locks/contract.docx' });
		expect(state.items[0].json.lock).toBeTruthy();
		await ok(1, { resource: 'file', operation: 'unlock', paths: '/V1Locks/contract.docx' });
		expect(store().locks.has(entry.id)).toBe(false);
	});

	it('File → Add Tags tags the file in Dropbox', async () => {
		const entry = dropbox.put('/V1Tags/invoice.pdf', 'i');
		await ok(1, { resource: 'file', operation: 'addTags', file: byPath('/V1Tags/invoice.pdf'), tags: 'invoice, 2026' });
		expect(store().tags.get(entry.id)).toEqual(expect.arrayContaining(['invoice', '2026']));
		const tags = await ok(1, { resource: 'file', operation: 'getTags', file: byPath('/V1Tags/invoice.pdf') });
		expect(tags.items[0].json.tags).toEqual(expect.arrayContaining(['invoice', '2026']));
	});

	it('File → List Revisions lists the file\'s revisions, newest first', async () => {
		const first = dropbox.put('/V1Rev/doc.txt', 'one');
		const second = dropbox.put('/V1Rev/doc.txt', 'two');
		const revisions = await ok(1, { resource: 'file', operation: 'listRevisions', file: byPath('/V1Rev/doc.txt') });
		expect(revisions.items.map((item) => item.json.rev)).toEqual([second.rev, first.rev]);
	});

	it('File → Get Temporary Link, and a pair that stayed where it was (File → Download)', async () => {
		dropbox.put('/V1Keep/report.txt', 'report');
		const link = await ok(1, { resource: 'file', operation: 'getTemporaryLink', file: byPath('/V1Keep/report.txt') });
		expect(String(link.items[0].json.link)).toMatch(/^https:\/\//);
		const downloaded = await ok(1, { resource: 'file', operation: 'download', file: byPath('/V1Keep/report.txt') });
		expect((await downloaded.binary(downloaded.items[0])).toString()).toBe('report');
	});

	it('Folder → List gives the entries whole, as 0.1.0 did; a version 2 node simplifies them', async () => {
		dropbox.put('/V1List/a.txt', 'a');
		await ok(1, { resource: 'file', operation: 'lock', paths: '/V1List/a.txt' });
		const listed = await ok(1, { resource: 'folder', folder: byPath('/V1List') });
		const simplified = await ok(2, { resource: 'folder', folder: byPath('/V1List') });
		const raw = await ok(2, { resource: 'folder', folder: byPath('/V1List'), simplify: false });
		// A saved 0.1.0 List has no Simplify (it came later): its entries keep their nested details, such as the lock.
		expect(listed.items[0].json.file_lock_info).toMatchObject({ is_lockholder: true });
		expect(listed.items.map((item) => item.json)).toEqual(raw.items.map((item) => item.json));
		expect(simplified.items[0].json.file_lock_info).toBeUndefined();
	});
});
