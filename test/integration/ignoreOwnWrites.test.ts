// Two-way sync without echoes, through n8n's engine against the stand-in: the write operations' "Mark as Written
// by n8n" (a file property of the package's own template, carried by the upload commit or set right after the
// write) and the triggers' "Ignore Changes Made by Dropbox Suite" (the mark read from list_folder itself, no call per
// event). A person's later edit, rename or move of a file n8n wrote still fires; deletions are always reported.
import { createHmac } from 'crypto';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { contentHash } from '../emulator';
import { createTriggerWorkflow, mockSleep } from '../harness';
import type { TriggerWorkflow } from '../harness';
import { startDropbox } from './dropbox';
import { DropboxSuiteOAuth2Api } from '../../credentials/DropboxSuiteOAuth2Api.credentials';
import { DropboxSuitePollingTrigger } from '../../nodes/DropboxSuitePollingTrigger/DropboxSuitePollingTrigger.node';
import { DropboxSuiteTrigger } from '../../nodes/DropboxSuiteTrigger/DropboxSuiteTrigger.node';
import { ORIGIN_TEMPLATE_NAME, forgetOriginTemplates } from '../../nodes/shared/origin';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const properties = require('../emulator/files/properties');

mockSleep();

type Dropbox = Awaited<ReturnType<typeof startDropbox>>;
type Credential = ReturnType<Dropbox['credential']>;
let dropbox: Dropbox;
let credential: Credential;

beforeAll(async () => {
	dropbox = await startDropbox();
	credential = dropbox.credential();
});
afterAll(async () => await dropbox.stop());
beforeEach(() => {
	dropbox.standIn.clearRequests();
	dropbox.standIn.clearFaults();
});

const store = () => dropbox.standIn.store;
const home = () => store().personal().home_namespace_id;
/** A person's write, straight into the stand-in's store (as the Dropbox app or website would make it). */
const personPuts = (path: string, content: string) => store().putFile(home(), path, Buffer.from(content));
let folderCount = 0;
const freshFolder = () => {
	const path = `/Sync ${++folderCount}`;
	store().ensureFolder(home(), path);
	return path;
};
const byPath = (value: string) => ({ __rl: true, mode: 'path', value });
const account = () => String((credential.data.oauthTokenData as IDataObject).account_id);
const routes = () => dropbox.standIn.requests.map((request) => request.route);

/** The mark the stand-in holds on an entry (the group of our template), or undefined. */
function markOf(path: string): Record<string, string> | undefined {
	const entry = store().lookup(home(), path);
	const { templates, groups } = properties.propertiesOf(store());
	const ours = [...templates].find(([, t]: [string, { name: string }]) => t.name === ORIGIN_TEMPLATE_NAME)?.[0];
	const fields = entry && ours ? groups.get(entry.id)?.get(ours) : undefined;
	return fields ? Object.fromEntries(fields.map((f: { name: string; value: string }) => [f.name, f.value])) : undefined;
}

async function act(parameters: INodeParameters, items?: INodeExecutionData[]) {
	const result = await dropbox.run(parameters, { credential, items });
	expect(result.error).toBeUndefined();
	return result.items.map((item) => item.json);
}

const MARK = { markWritten: true };

// ---- triggers ----------------------------------------------------------------------------------------------

const ALL_EVENTS = ['fileAdded', 'fileModified', 'fileDeleted', 'fileMoved', 'folderAdded', 'folderDeleted', 'folderMoved'];

function webhookTrigger(folder: string, options: INodeParameters = { ignoreOwn: true }) {
	return createTriggerWorkflow({
		nodeType: new DropboxSuiteTrigger(),
		nodeTypeName: 'n8n-nodes-dropbox-suite.dropboxSuiteTrigger',
		parameters: { path: folder, events: ALL_EVENTS, options },
		credentialTypes: [new DropboxSuiteOAuth2Api()],
		credentials: { [credential.id]: { type: credential.type, data: credential.data } },
	});
}

function pollingTrigger(folder: string, options: INodeParameters = { ignoreOwn: true }) {
	return createTriggerWorkflow({
		nodeType: new DropboxSuitePollingTrigger(),
		nodeTypeName: 'n8n-nodes-dropbox-suite.dropboxSuitePollingTrigger',
		parameters: { path: folder, events: ALL_EVENTS, options },
		credentialTypes: [new DropboxSuiteOAuth2Api()],
		credentials: { [credential.id]: { type: credential.type, data: credential.data } },
	});
}

/** A signed notification for the account, as Dropbox sends it; the events the pass started the workflow with. */
async function notified(workflow: TriggerWorkflow): Promise<Array<[string, string]>> {
	const body = Buffer.from(JSON.stringify({ list_folder: { accounts: [account()] }, delta: { users: [1] } }));
	const call = await workflow.webhook({
		name: 'default',
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-dropbox-signature': createHmac('sha256', 'test-app-secret').update(body).digest('hex') },
		rawBody: body,
	});
	expect(call.error).toBeUndefined();
	return (call.result?.workflowData?.[0] ?? []).map((item) => [String(item.json.event), String(item.json.path)]);
}

describe('Mark as Written by Dropbox Suite', () => {
	it('Upload carries the mark in its commit: the content hash it computed and the name; the template is made once', async () => {
		forgetOriginTemplates();
		const folder = freshFolder();
		const [written] = await act({ resource: 'file', operation: 'upload', path: `${folder}/a.txt`, source: 'text', text: 'from n8n', options: MARK });
		expect(markOf(`${folder}/a.txt`)).toEqual({ content_hash: contentHash(Buffer.from('from n8n')), name: 'a.txt' });
		expect(written.content_hash).toBe(contentHash(Buffer.from('from n8n')));
		const upload = dropbox.requestsTo('files/upload')[0].arg as IDataObject;
		expect((upload.property_groups as IDataObject[])[0]).toMatchObject({ fields: [{ name: 'content_hash', value: contentHash(Buffer.from('from n8n')) }, { name: 'name', value: 'a.txt' }] });
		// No call after the upload: the mark arrived with the file.
		expect(routes()).toEqual(['file_properties/templates/list_for_user', 'file_properties/templates/add_for_user', 'file_properties/templates/list_for_user', 'file_properties/templates/get_for_user', 'files/upload']);

		dropbox.standIn.clearRequests();
		await act({ resource: 'file', operation: 'upload', path: `${folder}/b.txt`, source: 'text', text: 'second', options: MARK });
		expect(routes()).toEqual(['files/upload']);
		expect(markOf(`${folder}/b.txt`)).toEqual({ content_hash: contentHash(Buffer.from('second')), name: 'b.txt' });
	});

	it('a new process finds the template by its name instead of making another', async () => {
		forgetOriginTemplates();
		const folder = freshFolder();
		await act({ resource: 'file', operation: 'upload', path: `${folder}/c.txt`, source: 'text', text: 'c', options: MARK });
		expect(routes()).not.toContain('file_properties/templates/add_for_user');
		const { templates } = properties.propertiesOf(store());
		expect([...templates.values()].filter((t: { name: string }) => t.name === ORIGIN_TEMPLATE_NAME)).toHaveLength(1);
	});

	it('is off by default: nothing is marked and no template route is called', async () => {
		const folder = freshFolder();
		await act({ resource: 'file', operation: 'upload', path: `${folder}/plain.txt`, source: 'text', text: 'plain' });
		expect(routes()).toEqual(['files/upload']);
		expect(markOf(`${folder}/plain.txt`)).toBeUndefined();
	});

	it('Upload Many marks every file in the one finish_batch_v2 commit', async () => {
		const folder = freshFolder();
		const items = ['x', 'y', 'z'].map((name) => ({ json: { path: `${folder}/${name}.txt`, text: `text ${name}` } }));
		await act({ resource: 'file', operation: 'uploadMany', path: '={{ $json.path }}', source: 'text', text: '={{ $json.text }}', options: MARK }, items);
		for (const name of ['x', 'y', 'z']) expect(markOf(`${folder}/${name}.txt`)).toEqual({ content_hash: contentHash(Buffer.from(`text ${name}`)), name: `${name}.txt` });
		expect(routes()).not.toContain('file_properties/properties/overwrite');
	});

	it('Copy, Move, Rename, Create Folder and Restore mark what they wrote, one properties/overwrite each', async () => {
		const folder = freshFolder();
		personPuts(`${folder}/src.txt`, 'source');
		const hash = contentHash(Buffer.from('source'));

		await act({ resource: 'file', operation: 'copy', from: byPath(`${folder}/src.txt`), toPath: `${folder}/copy.txt`, options: MARK });
		expect(markOf(`${folder}/copy.txt`)).toEqual({ content_hash: hash, name: 'copy.txt' });
		expect(markOf(`${folder}/src.txt`)).toBeUndefined();
		expect(dropbox.requestsTo('file_properties/properties/overwrite')).toHaveLength(1);

		await act({ resource: 'file', operation: 'move', from: byPath(`${folder}/copy.txt`), toPath: `${folder}/moved.txt`, options: MARK });
		expect(markOf(`${folder}/moved.txt`)).toEqual({ content_hash: hash, name: 'moved.txt' });

		await act({ resource: 'file', operation: 'rename', file: byPath(`${folder}/moved.txt`), newName: 'renamed.txt', options: MARK });
		expect(markOf(`${folder}/renamed.txt`)).toEqual({ content_hash: hash, name: 'renamed.txt' });

		await act({ resource: 'folder', operation: 'create', path: `${folder}/Made`, markWritten: true });
		expect(markOf(`${folder}/Made`)).toEqual({ content_hash: '', name: 'made' });

		const first = String(store().lookup(home(), `${folder}/src.txt`)?.rev);
		personPuts(`${folder}/src.txt`, 'edited by a person');
		await act({ resource: 'fileRevision', operation: 'restore', path: `${folder}/src.txt`, rev: first, markWritten: true });
		expect(markOf(`${folder}/src.txt`)).toEqual({ content_hash: hash, name: 'src.txt' });
		expect(dropbox.requestsTo('file_properties/properties/overwrite')).toHaveLength(5);
	});

	it('Paper Create and Update read the doc after the write (they answer without a content hash) and mark it', async () => {
		const folder = freshFolder();
		const [created] = await act({ resource: 'paper', operation: 'create', path: `${folder}/Notes.paper`, importFormat: 'markdown', source: 'text', text: '# Notes', markWritten: true });
		const doc = store().lookup(home(), `${folder}/Notes.paper`);
		expect(created.file_id).toBe(doc?.id);
		expect(markOf(`${folder}/Notes.paper`)).toEqual({ content_hash: doc?.content_hash, name: 'notes.paper' });
		expect(routes().filter((route) => !route.startsWith('file_properties/templates/')).slice(-2)).toEqual(['files/get_metadata', 'file_properties/properties/overwrite']);

		await act({ resource: 'paper', operation: 'update', doc: byPath(`${folder}/Notes.paper`), policy: 'append', importFormat: 'markdown', source: 'text', text: 'more', markWritten: true });
		const updated = store().lookup(home(), `${folder}/Notes.paper`);
		expect(updated?.content_hash).not.toBe(doc?.content_hash);
		expect(markOf(`${folder}/Notes.paper`)).toEqual({ content_hash: updated?.content_hash, name: 'notes.paper' });

		const trigger = pollingTrigger(folder, { ignoreOwn: true, includeNonDownloadable: true });
		await trigger.activate();
		await act({ resource: 'paper', operation: 'update', doc: byPath(`${folder}/Notes.paper`), policy: 'append', importFormat: 'markdown', source: 'text', text: 'again', markWritten: true });
		expect((await trigger.poll()).result).toBeNull();
		await act({ resource: 'paper', operation: 'update', doc: byPath(`${folder}/Notes.paper`), policy: 'append', importFormat: 'markdown', source: 'text', text: 'by hand' });
		expect((await trigger.poll()).items.map((item) => [item.json.event, item.json.name])).toEqual([['fileModified', 'Notes.paper']]);
	});

	it('a team app without files.team_metadata.write: Dropbox\'s missing_scope, naming the preset that has it; nothing is uploaded', async () => {
		forgetOriginTemplates();
		const team = dropbox.credential({ team: true, scopes: ['files.content.write', 'files.metadata.read', 'files.metadata.write', 'team_data.member', 'members.read'] });
		const member = { __rl: true, mode: 'id', value: dropbox.standIn.team.members[0].team_member_id };
		const result = await dropbox.run(
			{ resource: 'file', operation: 'upload', path: '/t.txt', source: 'text', text: 'x', options: MARK, requestOptions: { actAs: 'member', teamMemberId: member } },
			{ credential: team },
		);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.description).toContain('files.team_metadata.write');
		expect(result.error?.description).toContain('Everything for a Team App, Sync Marks Included');
		// n8n refreshes the token once on a 401 and asks again; nothing is uploaded.
		expect(routes().filter((route) => route !== 'oauth2/token')).toEqual(['file_properties/templates/list_for_team', 'file_properties/templates/list_for_team']);
	});

	it('a team app with the team.v3 scopes marks with a team template, acting as a member', async () => {
		forgetOriginTemplates();
		const team = dropbox.credential({ team: true });
		const member = dropbox.standIn.team.members[0];
		const result = await dropbox.run(
			{ resource: 'file', operation: 'upload', path: '/team-marked.txt', source: 'text', text: 'team', options: MARK, requestOptions: { actAs: 'member', teamMemberId: { __rl: true, mode: 'id', value: member.team_member_id } } },
			{ credential: team },
		);
		expect(result.error).toBeUndefined();
		expect(routes().slice(0, 2)).toEqual(['file_properties/templates/list_for_team', 'file_properties/templates/add_for_team']);
		const entry = store().lookup(member.home_namespace_id, '/team-marked.txt');
		const { templates, groups } = properties.propertiesOf(store());
		const [id, template] = [...groups.get(entry?.id).keys()].map((key: string) => [key, templates.get(key)])[0];
		expect(template).toMatchObject({ owner: `team:${dropbox.standIn.team.team_id}`, name: ORIGIN_TEMPLATE_NAME });
		expect(groups.get(entry?.id).get(id)).toEqual([{ name: 'content_hash', value: contentHash(Buffer.from('team')) }, { name: 'name', value: 'team-marked.txt' }]);
		forgetOriginTemplates();
	});
});

describe('Ignore Changes Made by Dropbox Suite', () => {
	it('webhook: a marked upload does not fire; a person\'s edit, rename and deletion of it do', async () => {
		const folder = freshFolder();
		const trigger = webhookTrigger(folder);
		await trigger.activate();
		const [cursorCall] = dropbox.requestsTo('files/list_folder/get_latest_cursor');
		expect(cursorCall.arg).toMatchObject({ include_property_groups: { '.tag': 'filter_some', filter_some: [expect.stringMatching(/^ptid:/)] } });

		await act({ resource: 'file', operation: 'upload', path: `${folder}/doc.txt`, source: 'text', text: 'n8n wrote this', options: MARK });
		dropbox.standIn.clearRequests();
		expect(await notified(trigger)).toEqual([]);
		// The mark came with the listing: the echo costs the feed read and nothing else.
		expect(routes()).toEqual(['files/list_folder/continue']);

		personPuts(`${folder}/doc.txt`, 'a person edited this');
		expect(await notified(trigger)).toEqual([['fileModified', `${folder}/doc.txt`]]);

		// n8n writes the person's version back unchanged elsewhere... and a person renames the file n8n wrote.
		await act({ resource: 'file', operation: 'upload', path: `${folder}/other.txt`, source: 'text', text: 'n8n again', options: MARK });
		expect(await notified(trigger)).toEqual([]);
		await act({ resource: 'file', operation: 'rename', file: byPath(`${folder}/other.txt`), newName: 'by-person.txt' });
		expect(await notified(trigger)).toEqual([['fileMoved', `${folder}/by-person.txt`]]);

		await act({ resource: 'file', operation: 'delete', file: byPath(`${folder}/by-person.txt`) });
		expect(await notified(trigger)).toEqual([['fileDeleted', `${folder}/by-person.txt`]]);
	});

	it('webhook: a write by another workflow and process (template looked up afresh) is recognised from Dropbox alone', async () => {
		// The writer keeps nothing the trigger could read: only the mark in Dropbox links them.
		const folder = freshFolder();
		const trigger = webhookTrigger(folder);
		await trigger.activate();
		forgetOriginTemplates();
		await act({ resource: 'file', operation: 'upload', path: `${folder}/one.txt`, source: 'text', text: '1', options: MARK });
		personPuts(`${folder}/two.txt`, '2');
		expect(await notified(trigger)).toEqual([['fileAdded', `${folder}/two.txt`]]);
	});

	it('skips marked copies, moves, renames and folders; unmarked writes of the same kinds fire', async () => {
		const folder = freshFolder();
		personPuts(`${folder}/base.txt`, 'base');
		const trigger = webhookTrigger(folder);
		await trigger.activate();

		await act({ resource: 'file', operation: 'copy', from: byPath(`${folder}/base.txt`), toPath: `${folder}/c1.txt`, options: MARK });
		await act({ resource: 'file', operation: 'move', from: byPath(`${folder}/c1.txt`), toPath: `${folder}/m1.txt`, options: MARK });
		await act({ resource: 'file', operation: 'rename', file: byPath(`${folder}/m1.txt`), newName: 'r1.txt', options: MARK });
		await act({ resource: 'folder', operation: 'create', path: `${folder}/F1`, markWritten: true });
		expect(await notified(trigger)).toEqual([]);

		await act({ resource: 'file', operation: 'copy', from: byPath(`${folder}/base.txt`), toPath: `${folder}/c2.txt` });
		await act({ resource: 'folder', operation: 'create', path: `${folder}/F2` });
		expect(await notified(trigger)).toEqual([
			['fileAdded', `${folder}/c2.txt`],
			['folderAdded', `${folder}/F2`],
		]);
	});

	it('without the option the same marked writes fire as before, and the cursor asks for no properties', async () => {
		const folder = freshFolder();
		const trigger = webhookTrigger(folder, {});
		await trigger.activate();
		expect(dropbox.requestsTo('files/list_folder/get_latest_cursor')[0].arg).not.toHaveProperty('include_property_groups');
		await act({ resource: 'file', operation: 'upload', path: `${folder}/n.txt`, source: 'text', text: 'n', options: MARK });
		expect(await notified(trigger)).toEqual([['fileAdded', `${folder}/n.txt`]]);
	});

	it('polling: a marked Upload Many does not fire; a person editing one of its files fires once', async () => {
		const folder = freshFolder();
		const trigger = pollingTrigger(folder);
		await trigger.activate();
		const items = ['p', 'q'].map((name) => ({ json: { path: `${folder}/${name}.txt` } }));
		await act({ resource: 'file', operation: 'uploadMany', path: '={{ $json.path }}', source: 'text', text: 'batch', options: MARK }, items);
		expect((await trigger.poll()).result).toBeNull();

		personPuts(`${folder}/q.txt`, 'changed by a person');
		const poll = await trigger.poll();
		expect(poll.items.map((item) => [item.json.event, item.json.name])).toEqual([['fileModified', 'q.txt']]);
		expect((await trigger.poll()).result).toBeNull();
	});

	it('switching the option on takes a new baseline (the old cursor did not ask for the mark)', async () => {
		const folder = freshFolder();
		const trigger = webhookTrigger(folder, {});
		await trigger.activate();
		trigger.setParameters({ path: folder, events: ALL_EVENTS, options: { ignoreOwn: true } });
		expect(await trigger.hook('checkExists')).toBe(false);
	});
});
