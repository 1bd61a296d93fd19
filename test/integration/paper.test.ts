// Every Paper operation through n8n's engine against the stand-in, which keeps .paper files as the pieces that were
// imported (in their source formats), tracks each doc's Paper revision, answers Dropbox's Paper errors, and can put
// accounts on legacy Paper (filesOptions.legacyPaper).
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { isOutcomeUnknown } from '../../nodes/shared/errors';
import { binaryItem, mockSleep } from '../harness';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

const byPath = (value: string) => ({ __rl: true, mode: 'path', value });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const paper = (operation: string, extra: INodeParameters = {}): INodeParameters => ({ resource: 'paper', operation, ...extra });
type RunOptions = Parameters<typeof dropbox.run>[1];
const ok = async (parameters: INodeParameters, options: RunOptions = {}) => {
	const result = await dropbox.run(parameters, options);
	if (result.error) throw result.error;
	return result;
};
const failure = async (parameters: INodeParameters, options: RunOptions = {}) => {
	const result = await dropbox.run(parameters, options);
	if (!result.error) throw new Error(`expected the run to fail, it gave ${JSON.stringify(result.items.map((i) => i.json))}`);
	return result.error as NodeApiError | NodeOperationError;
};
const create = (path: string, text: string, importFormat = 'markdown', extra: INodeParameters = {}) =>
	paper('create', { path, importFormat, source: 'text', text, ...extra });
const exportAs = (path: string, exportFormat: string, extra: INodeParameters = {}) =>
	paper('export', { doc: byPath(path), exportFormat, ...extra });
const updateWith = (path: string, policy: string, text: string, extra: INodeParameters = {}) =>
	paper('update', { doc: byPath(path), policy, importFormat: 'markdown', source: 'text', text, ...extra });
/** The text of a doc exported in a format, through the node. */
const exported = async (path: string, format: string) => String((await ok(exportAs(path, format))).items[0].json.content);
const options = () => dropbox.standIn.filesOptions as typeof dropbox.standIn.filesOptions & { legacyPaper?: boolean | string[]; paperDocLimit?: number };
const paperRoutes = () => dropbox.standIn.requests.filter((r) => r.route.startsWith('files/') || r.route.startsWith('paper/'));

afterEach(() => {
	delete options().legacyPaper;
	delete options().paperDocLimit;
});

describe('Create', () => {
	it('makes a .paper file from Markdown, upload style on the api host, after one paper_as_files check', async () => {
		const result = await ok(create('/Paper/Plan.paper', '# Plan\n\nShip **it**.'));
		const json = result.items[0].json;
		expect(json).toMatchObject({ result_path: '/Paper/Plan.paper', paper_revision: 1 });
		expect(String(json.url)).toMatch(/^https:\/\/www\.dropbox\.com\/cloud_docs\/view\//);
		expect(json.file_id).toBe(dropbox.lookup('/Paper/Plan.paper')?.id);
		const [call] = dropbox.requestsTo('files/paper/create');
		expect(call).toMatchObject({ host: 'api.dropboxapi.com', status: 200, arg: { path: '/Paper/Plan.paper', import_format: 'markdown' } });
		expect(call.headers['content-type']).toBe('application/octet-stream');
		expect(dropbox.requestsTo('users/features/get_values').map((r) => r.arg)).toEqual([{ features: ['paper_as_files'] }]);
		expect(await exported('/Paper/Plan.paper', 'markdown')).toBe('# Plan\n\nShip **it**.');
	});

	it('adds ".paper" to a name without an extension', async () => {
		const result = await ok(create('/Paper/Meeting notes', 'Agenda', 'plain_text'));
		expect(result.items[0].json.result_path).toBe('/Paper/Meeting notes.paper');
		expect(dropbox.lookup('/Paper/Meeting notes.paper')).toBeTruthy();
	});

	it('numbers the name when the path is taken, as Dropbox does', async () => {
		await ok(create('/Paper/Taken.paper', 'first'));
		const second = await ok(create('/Paper/Taken.paper', 'second'));
		expect(second.items[0].json.result_path).toBe('/Paper/Taken (1).paper');
		expect(await exported('/Paper/Taken.paper', 'plain_text')).toBe('first');
	});

	it('imports an HTML file from a binary field', async () => {
		const html = '<h1>Report</h1>\n<p>All <strong>green</strong>.</p>';
		const item = await binaryItem(html, 'report.html', 'text/html');
		const result = await ok(paper('create', { path: '/Paper/Report.paper', importFormat: 'html', source: 'binary', binaryPropertyName: 'data' }), { items: [item] });
		expect(result.items[0].json.result_path).toBe('/Paper/Report.paper');
		expect(await exported('/Paper/Report.paper', 'html')).toBe(html);
		expect(await exported('/Paper/Report.paper', 'markdown')).toBe('# Report\n\nAll **green**.');
		expect(await exported('/Paper/Report.paper', 'plain_text')).toBe('Report\n\nAll green.');
	});

	it('checks paper_as_files once per execution, not once per item', async () => {
		const items = [{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 3 } }];
		const result = await ok(create('=/Paper/Many/{{ $json.n }}', '=Doc {{ $json.n }}', 'plain_text'), { items });
		expect(result.items.map((i) => i.json.result_path)).toEqual(['/Paper/Many/1.paper', '/Paper/Many/2.paper', '/Paper/Many/3.paper']);
		expect(dropbox.requestsTo('users/features/get_values')).toHaveLength(1);
	});

	it('passes on Dropbox\'s image_size_exceeded for an image over 1 MB in HTML', async () => {
		const image = Buffer.alloc(1024 * 1024 + 1, 7).toString('base64');
		const error = await failure(create('/Paper/Big image.paper', `<p><img src="data:image/png;base64,${image}"></p>`, 'html'));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Dropbox: image_size_exceeded');
		expect(dropbox.lookup('/Paper/Big image.paper')).toBeUndefined();
	});
});

describe('the round trip: create, append, prepend, overwrite, export in every format', () => {
	it('returns what was imported, pieces in order', async () => {
		const path = '/Paper/Round trip.paper';
		const created = await ok(create(path, '# Minutes\n\n- one\n- two'));
		expect(created.items[0].json.paper_revision).toBe(1);

		const appended = await ok(updateWith(path, 'append', 'Closing **note**.'));
		expect(appended.items[0].json).toEqual({ paper_revision: 2 });
		expect(dropbox.requestsTo('files/paper/update')[0]).toMatchObject({
			host: 'api.dropboxapi.com',
			arg: { path, import_format: 'markdown', doc_update_policy: 'append' },
		});
		const prepended = await ok(updateWith(path, 'prepend', 'Draft', { importFormat: 'plain_text' }));
		expect(prepended.items[0].json).toEqual({ paper_revision: 3 });

		expect(await exported(path, 'markdown')).toBe('Draft\n\n# Minutes\n\n- one\n- two\n\nClosing **note**.');
		expect(await exported(path, 'html')).toBe('<p>Draft</p>\n<h1>Minutes</h1>\n<ul><li>one</li><li>two</li></ul>\n<p>Closing <strong>note</strong>.</p>');
		expect(await exported(path, 'plain_text')).toBe('Draft\n\nMinutes\n\n- one\n- two\n\nClosing note.');

		const overwritten = await ok(updateWith(path, 'overwrite', '<p>Fresh start</p>', { importFormat: 'html' }));
		expect(overwritten.items[0].json).toEqual({ paper_revision: 4 });
		expect(await exported(path, 'html')).toBe('<p>Fresh start</p>');
		expect(await exported(path, 'markdown')).toBe('Fresh start');
		expect(await exported(path, 'plain_text')).toBe('Fresh start');
	});
});

describe('Update with the Paper revision (Replace If Unchanged)', () => {
	it('replaces the content when the doc is still at the revision that was read', async () => {
		const path = '/Paper/Guarded.paper';
		await ok(create(path, 'v1'));
		const read = (await ok(exportAs(path, 'markdown'))).items[0].json;
		const revision = (read.export_metadata as IDataObject).paper_revision;
		expect(revision).toBe(1);
		const result = await ok(updateWith(path, 'update', 'v2', { paperRevision: `=${revision}` }));
		expect(result.items[0].json).toEqual({ paper_revision: 2 });
		expect(dropbox.requestsTo('files/paper/update')[0].arg).toMatchObject({ doc_update_policy: 'update', paper_revision: 1 });
		expect(await exported(path, 'markdown')).toBe('v2');
	});

	it('explains revision_mismatch: someone changed the doc, nothing was lost, what to do', async () => {
		const path = '/Paper/Contested.paper';
		await ok(create(path, 'mine'));
		await ok(updateWith(path, 'append', 'theirs'));
		const error = await failure(updateWith(path, 'update', 'stale copy', { paperRevision: '1' }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Dropbox: revision_mismatch');
		expect(error.description).toContain('is no longer at Paper revision 1');
		expect(error.description).toContain('nothing was lost');
		expect(error.description).toContain('Export the doc again');
		expect(error.description).toContain('Overwrite');
		expect(await exported(path, 'markdown')).toBe('mine\n\ntheirs');
	});

	it('passes on doc_length_exceeded when the doc would grow too large', async () => {
		const path = '/Paper/Long.paper';
		await ok(create(path, 'x'.repeat(60)));
		options().paperDocLimit = 100;
		const error = await failure(updateWith(path, 'append', 'y'.repeat(60)));
		expect(error.message).toBe('Dropbox: doc_length_exceeded');
		expect(await exported(path, 'plain_text')).toBe('x'.repeat(60));
	});

	it('answers path not_found for a doc that is not there', async () => {
		const error = await failure(updateWith('/Paper/Nowhere.paper', 'overwrite', 'text'));
		expect(error.message).toBe('Dropbox: path/not_found');
	});
});

describe('Export', () => {
	it('gives the content as text in JSON with Dropbox\'s export metadata and Paper revision', async () => {
		await ok(create('/Paper/Export me.paper', 'Plain words', 'plain_text'));
		const json = (await ok(exportAs('/Paper/Export me.paper', 'plain_text'))).items[0].json;
		expect(json.content).toBe('Plain words');
		expect(json.export_metadata).toMatchObject({ name: 'Export me.txt', paper_revision: 1 });
		expect(json.file_metadata).toMatchObject({ name: 'Export me.paper', is_downloadable: false });
		expect(dropbox.requestsTo('files/export').map((r) => r.arg)).toEqual([{ path: '/Paper/Export me.paper', export_format: 'plain_text' }]);
	});

	it('gives the content as a file in a binary field, through the File → Export path', async () => {
		await ok(create('/Paper/As file.paper', '# Title'));
		const result = await ok(exportAs('/Paper/As file.paper', 'html', { output: 'binary', binaryPropertyName: 'doc' }));
		const [item] = result.items;
		expect(item.binary?.doc.fileName).toBe('As file.html');
		expect((await result.binary(item, 'doc')).toString()).toBe('<h1>Title</h1>');
		expect(item.json.export_metadata).toMatchObject({ paper_revision: 1 });
	});

	it('finds a doc by ID and adds ".paper" to a path without an extension', async () => {
		const created = await ok(create('/Paper/By id.paper', 'hello', 'plain_text'));
		const byFileId = (await ok(paper('export', { doc: byId(String(created.items[0].json.file_id)), exportFormat: 'plain_text' }))).items[0].json;
		expect(byFileId.content).toBe('hello');
		expect((await ok(exportAs('/Paper/By id', 'plain_text'))).items[0].json.content).toBe('hello');
	});
});

describe('Get and List', () => {
	it('Get returns the metadata of a Paper doc and refuses another kind of file', async () => {
		await ok(create('/Paper/Meta.paper', 'm'));
		const json = (await ok(paper('get', { doc: byPath('/Paper/Meta.paper') }))).items[0].json;
		expect(json).toMatchObject({ '.tag': 'file', name: 'Meta.paper', path_display: '/Paper/Meta.paper', export_info: { export_as: 'html' } });
		dropbox.put('/Paper/notes.txt', 'plain file');
		const id = dropbox.lookup('/Paper/notes.txt')?.id;
		const error = await failure(paper('get', { doc: byId(String(id)) }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('not a Paper doc');
	});

	it('List gives only the .paper files, all of them or up to the limit, across pages', async () => {
		const home = dropbox.standIn.store.personal().home_namespace_id;
		for (let i = 0; i < 2001; i++) dropbox.standIn.store.putFile(home, `/Listed/file-${String(i).padStart(4, '0')}.txt`, Buffer.from('t'));
		for (const name of ['A', 'B', 'C']) await ok(create(`/Listed/${name}.paper`, name));
		await ok(create('/Listed/Sub/D.paper', 'D'));
		dropbox.standIn.clearRequests();
		const all = await ok(paper('list', { folder: byPath('/Listed'), returnAll: true }));
		expect(all.items.map((i) => i.json.name).sort()).toEqual(['A.paper', 'B.paper', 'C.paper']);
		expect(dropbox.requestsTo('files/list_folder/continue').length).toBeGreaterThan(0);
		const limited = await ok(paper('list', { folder: byPath('/Listed'), returnAll: false, limit: 2 }));
		expect(limited.items).toHaveLength(2);
		const recursive = await ok(paper('list', { folder: byPath('/Listed'), returnAll: true, options: { recursive: true } }));
		expect(recursive.items.map((i) => i.json.name).sort()).toEqual(['A.paper', 'B.paper', 'C.paper', 'D.paper']);
	});
});

describe('an account on legacy Paper', () => {
	const message = 'This Dropbox account still uses legacy Paper, which the Paper operations cannot reach';

	it.each([
		['create', create('/Legacy/New.paper', 'text')],
		['update', updateWith('/Legacy/Doc.paper', 'append', 'text')],
		['export', exportAs('/Legacy/Doc.paper', 'markdown')],
		['get', paper('get', { doc: byPath('/Legacy/Doc.paper') })],
		['list', paper('list', { folder: byPath('/Legacy'), returnAll: true })],
	])('%s is refused with what happened and what to do, before any Paper call', async (_, parameters) => {
		options().legacyPaper = [dropbox.standIn.defaultAccount.account_id];
		const error = await failure(parameters);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(message);
		expect(error.description).toContain('paper_as_files false');
		expect(error.description).toContain('Dropbox moves accounts to Paper as files itself');
		expect(error.description).toContain('paper.dropbox.com');
		expect(dropbox.requestsTo('users/features/get_values')).toHaveLength(1);
		expect(paperRoutes()).toEqual([]);
	});

	it('Account → Get Features shows why: paper_as_files is false', async () => {
		options().legacyPaper = true;
		const features = await ok({ resource: 'account', operation: 'getFeatures' });
		expect(features.items[0].json.paper_as_files).toBe(false);
	});

	it('the check is per account: another account of the same run is not on legacy Paper', async () => {
		options().legacyPaper = ['dbid:someone-else-entirely-000000000000000'];
		const result = await ok(create('/Legacy/Not me.paper', 'fine'));
		expect(result.items[0].json.result_path).toBe('/Legacy/Not me.paper');
	});
});

describe('bad input is refused before any call, naming the parameter', () => {
	it.each([
		['an import format Dropbox does not take', create('/Bad/a.paper', 'x', 'docx'), 'Import Format: "docx" is not a format Dropbox imports into Paper'],
		['an empty document', create('/Bad/a.paper', '   \n'), 'Text: is empty'],
		['a Create path with another extension', create('/Bad/notes.md', '# x'), 'Doc Path: "/Bad/notes.md" is not a Paper doc'],
		['a Paper revision that is not a number', updateWith('/Bad/a.paper', 'update', 'x', { paperRevision: 'latest' }), 'Paper Revision: "latest" is not a Paper revision'],
		['an empty Paper revision', updateWith('/Bad/a.paper', 'update', 'x', { paperRevision: '={{ "" }}' }), 'Paper Revision: is empty'],
		['an update policy Dropbox does not know', updateWith('/Bad/a.paper', 'replace', 'x'), 'Update Policy: "replace" is not an update policy'],
		['an export format Dropbox does not give', exportAs('/Bad/a.paper', 'pdf'), 'Export Format: "pdf" is not a format Dropbox exports Paper docs in'],
		['a doc path with another extension', exportAs('/Bad/report.docx', 'markdown'), 'Doc: "/Bad/report.docx" is not a Paper doc'],
	])('%s', async (_, parameters, message) => {
		const error = await failure(parameters);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(message);
		expect(dropbox.standIn.requests).toEqual([]);
	});

	it('items without the named binary field', async () => {
		const error = await failure(paper('create', { path: '/Bad/b.paper', importFormat: 'html', source: 'binary', binaryPropertyName: 'page' }), {
			items: [await binaryItem('<p>x</p>', 'x.html')],
		});
		expect(error.message).toBe('Input Binary Field: the item has no binary field "page"');
		expect(error.description).toContain('data');
		expect(dropbox.standIn.requests).toEqual([]);
	});

	it('an empty binary file', async () => {
		const error = await failure(paper('create', { path: '/Bad/c.paper', importFormat: 'markdown', source: 'binary', binaryPropertyName: 'data' }), {
			items: [await binaryItem('', 'empty.md')],
		});
		expect(error.message).toBe('Input Binary Field: the file in "data" is empty');
		expect(dropbox.standIn.requests).toEqual([]);
	});
});

describe('a lost answer: the node looks, and returns the one result', () => {
	const lose = (route: string) => dropbox.standIn.injectFault({ route, kind: 'lose_response' });
	const statuses = (route: string) => dropbox.requestsTo(route).map((request) => request.status);

	it('Create: the doc at the path it found free is the one created, not made twice', async () => {
		lose('files/paper/create');
		const json = (await ok(create('/Lost/Created.paper', 'once'))).items[0].json;
		expect(statuses('files/paper/create')).toEqual([null]);
		expect(json).toEqual({ result_path: '/Lost/Created.paper', file_id: dropbox.lookup('/Lost/Created.paper')?.id, paper_revision: 1 });
		expect(dropbox.lookup('/Lost/Created (1).paper')).toBeUndefined();
	});

	it('Create on a taken path: outcome unknown, naming what to check', async () => {
		await ok(create('/Lost/Taken.paper', 'first'));
		dropbox.standIn.clearRequests();
		lose('files/paper/create');
		const error = await failure(create('/Lost/Taken.paper', 'second'));
		expect(isOutcomeUnknown(error)).toBe(true);
		expect(error.description).toContain('numbered copy of "/Lost/Taken.paper"');
		expect(statuses('files/paper/create')).toEqual([null]);
	});

	it('Append: the Paper revision one up means it was applied; the text is there once', async () => {
		const path = '/Lost/Append.paper';
		await ok(create(path, 'start'));
		lose('files/paper/update');
		const json = (await ok(updateWith(path, 'append', 'added'))).items[0].json;
		expect(json).toEqual({ paper_revision: 2 });
		expect(statuses('files/paper/update')).toEqual([null]);
		expect(await exported(path, 'markdown')).toBe('start\n\nadded');
	});

	it('Prepend answered 500 without being carried out: the revision is unchanged, so it is sent again', async () => {
		const path = '/Lost/Prepend.paper';
		await ok(create(path, 'body'));
		dropbox.standIn.injectFault({ route: 'files/paper/update', kind: 'server_error', status: 500 });
		const json = (await ok(updateWith(path, 'prepend', 'head'))).items[0].json;
		expect(json).toEqual({ paper_revision: 2 });
		expect(statuses('files/paper/update')).toEqual([500, 200]);
		expect(await exported(path, 'markdown')).toBe('head\n\nbody');
	});

	it('Replace If Unchanged: applied, not answered revision_mismatch by sending it again', async () => {
		const path = '/Lost/Guarded.paper';
		await ok(create(path, 'old'));
		lose('files/paper/update');
		const json = (await ok(updateWith(path, 'update', 'new', { paperRevision: '1' }))).items[0].json;
		expect(json).toEqual({ paper_revision: 2 });
		expect(statuses('files/paper/update')).toEqual([null]);
		expect(await exported(path, 'markdown')).toBe('new');
	});

	it('Append while someone else also edited: outcome unknown', async () => {
		const path = '/Lost/Busy.paper';
		await ok(create(path, 'start'));
		// Another editor's change lands just before ours.
		const unsubscribe = dropbox.standIn.watchRequests((record, moment) => {
			if (record.route !== 'files/paper/update' || moment !== 'received') return;
			const entry = dropbox.lookup(path);
			if (entry) entry.paper_revision = (entry.paper_revision ?? 1) + 1;
		});
		lose('files/paper/update');
		const error = await failure(updateWith(path, 'append', 'added')).finally(unsubscribe);
		expect(isOutcomeUnknown(error)).toBe(true);
		expect(error.description).toContain('Paper revision was 1 before');
	});
});
