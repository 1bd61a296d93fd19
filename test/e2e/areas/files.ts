// File and Folder operations in a real n8n: text upload, metadata, download (content hash and bytes), copy,
// move, delete, list and search in one activated workflow; a 160 MiB file through n8n's binary store and an
// upload session; a File → Delete Many of several items in one delete_batch call; and the file examples. Every
// output is checked field by field against the stand-in's own records.
import { contentHash } from '../../emulator/content-hash';
import { fetchTemporaryLink, zipEntryNames } from '../support.cjs';
import { errorText, output, requestsTo, runInEditor, runWebhook } from '../context';
import type { E2eArea, E2eContext, Execution } from '../context';
import { byId, byPath, webhookWorkflow } from '../workflows';

const hook = (name: string) => `e2e-files-${name}`;
/** The webhook request's body field, inside an expression (`={{ ... }}` alone, or `=...${field('x')}...` in text). */
const field = (name: string) => `{{ $('Webhook').item.json.body.${name} }}`;
const body = (name: string) => `=${field(name)}`;

const LARGE_SOURCE = '/Archive/Conference recording.mp4';
const MiB = 1024 * 1024;

const workflows = [
	// Folder → Create, File → Upload (text), Get Metadata, Download, the bytes read back, Copy, Move, Delete,
	// Folder → List, File → Search: each node works on what the webhook body names.
	webhookWorkflow('E2eFilesOps', 'e2e files: one file through every basic operation', hook('ops'), [
		{ name: 'Create folder', parameters: { resource: 'folder', operation: 'create', path: body('base') } },
		{
			name: 'Upload text',
			parameters: { resource: 'file', operation: 'upload', path: `=${field('base')}/Notes/${field('name')}`, source: 'text', text: body('text'), options: {} },
		},
		{ name: 'Get metadata', parameters: { resource: 'file', operation: 'getMetadata', file: byPath('={{ $json.path_display }}'), options: {} } },
		{ name: 'Download', parameters: { resource: 'file', operation: 'download', file: byId('={{ $json.id }}'), binaryPropertyName: 'data' } },
		{
			name: 'Read text',
			type: 'n8n-nodes-base.extractFromFile',
			typeVersion: 1.1,
			parameters: { operation: 'text', binaryPropertyName: 'data', destinationKey: 'text', options: {} },
		},
		{
			name: 'Copy',
			parameters: {
				resource: 'file',
				operation: 'copy',
				from: byPath(`=${field('base')}/Notes/${field('name')}`),
				toPath: `=${field('base')}/Copies/${field('name')}`,
				options: {},
			},
		},
		{
			name: 'Move',
			parameters: { resource: 'file', operation: 'move', from: byPath('={{ $json.path_display }}'), toPath: `=${field('base')}/Moved/moved ${field('name')}`, options: {} },
		},
		{ name: 'Delete', parameters: { resource: 'file', operation: 'delete', file: byPath(`=${field('base')}/Notes/${field('name')}`) } },
		{
			name: 'List',
			parameters: { resource: 'folder', operation: 'list', folder: byPath(body('base')), returnAll: true, options: { recursive: true } },
			executeOnce: true,
		},
		{
			name: 'Search',
			parameters: { resource: 'file', operation: 'search', query: body('query'), returnAll: true, filters: { path: body('base') }, simplify: true },
			executeOnce: true,
		},
	]),
	// Every other File, Folder and Batch operation, once each (List Revisions puts out several items), on what the
	// webhook body names and on seeded files.
	webhookWorkflow('E2eFilesMore', 'e2e files: every other operation once', hook('more'), [
		{ name: 'Upload v1', parameters: { resource: 'file', operation: 'upload', path: `=${field('base')}/doc.txt`, source: 'text', text: 'one', options: {} }, executeOnce: true },
		{ name: 'Upload v2', parameters: { resource: 'file', operation: 'upload', path: `=${field('base')}/doc.txt`, source: 'text', text: 'two', options: { mode: 'overwrite' } }, executeOnce: true },
		{ name: 'Rename', parameters: { resource: 'file', operation: 'rename', file: byPath(`=${field('base')}/doc.txt`), newName: 'renamed.txt', options: {} }, executeOnce: true },
		{ name: 'List revisions', parameters: { resource: 'fileRevision', operation: 'listRevisions', file: byPath(`=${field('base')}/renamed.txt`), byId: true, limit: 10 }, executeOnce: true },
		{ name: 'Restore', parameters: { resource: 'fileRevision', operation: 'restore', path: `=${field('base')}/restored.txt`, rev: "={{ $('Upload v1').item.json.rev }}" }, executeOnce: true },
		{ name: 'Upload link', parameters: { resource: 'temporaryLink', operation: 'getTemporaryUploadLink', path: `=${field('base')}/incoming.txt`, durationMinutes: 10, options: {} }, executeOnce: true },
		{ name: 'Add tags', parameters: { resource: 'tag', operation: 'addTags', file: byPath(`=${field('base')}/renamed.txt`), tags: 'e2e, checked' }, executeOnce: true },
		{ name: 'Remove tags', parameters: { resource: 'tag', operation: 'removeTags', file: byPath(`=${field('base')}/renamed.txt`), tags: 'checked' }, executeOnce: true },
		{ name: 'Get tags', parameters: { resource: 'tag', operation: 'getTags', file: byPath(`=${field('base')}/renamed.txt`) }, executeOnce: true },
		{ name: 'Lock', parameters: { resource: 'fileLock', operation: 'lock', paths: `=${field('base')}/renamed.txt` }, executeOnce: true },
		{ name: 'Lock state', parameters: { resource: 'fileLock', operation: 'getLockState', paths: `=${field('base')}/renamed.txt` }, executeOnce: true },
		{ name: 'Unlock', parameters: { resource: 'fileLock', operation: 'unlock', paths: `=${field('base')}/renamed.txt` }, executeOnce: true },
		{ name: 'Copy reference', parameters: { resource: 'copyReference', operation: 'getCopyReference', file: byPath(`=${field('base')}/renamed.txt`) }, executeOnce: true },
		{ name: 'Save copy reference', parameters: { resource: 'copyReference', operation: 'saveCopyReference', copyReference: '={{ $json.copy_reference }}', path: `=${field('base')}/from-reference.txt` }, executeOnce: true },
		{ name: 'Save URL', parameters: { resource: 'file', operation: 'saveFromUrl', url: 'https://example.com/e2e.txt', path: `=${field('base')}/saved.txt`, wait: true }, executeOnce: true },
		{ name: 'Permanently delete', parameters: { resource: 'file', operation: 'permanentlyDelete', file: byPath(`=${field('base')}/saved.txt`) }, executeOnce: true },
		{ name: 'Thumbnail', parameters: { resource: 'preview', operation: 'getThumbnail', file: byPath(body('photo')), format: 'png', size: 'w64h64', mode: 'bestfit', binaryPropertyName: 'data' }, executeOnce: true },
		{ name: 'Thumbnails', parameters: { resource: 'preview', operation: 'getThumbnails', paths: body('photo'), format: 'jpeg', size: 'w128h128', mode: 'strict', binaryPropertyName: 'data' }, executeOnce: true },
		{ name: 'Export', parameters: { resource: 'preview', operation: 'export', file: byPath(body('paper')), exportFormat: 'markdown', binaryPropertyName: 'data' }, executeOnce: true },
		{ name: 'Upload document', parameters: { resource: 'file', operation: 'upload', path: `=${field('base')}/Letter.docx`, source: 'text', text: 'Dear reader', options: {} }, executeOnce: true },
		{ name: 'Preview', parameters: { resource: 'preview', operation: 'getPreview', file: byPath(`=${field('base')}/Letter.docx`), binaryPropertyName: 'data' }, executeOnce: true },
		{ name: 'Create folders', parameters: { resource: 'folder', operation: 'createMany', paths: `=${field('base')}/A\n${field('base')}/B`, autorename: false }, executeOnce: true },
		{ name: 'Folder metadata', parameters: { resource: 'folder', operation: 'getMetadata', folder: byPath(`=${field('base')}/A`), options: {} }, executeOnce: true },
		{ name: 'Rename folder', parameters: { resource: 'folder', operation: 'rename', folder: byPath(`=${field('base')}/A`), newName: 'A2', options: {} }, executeOnce: true },
		{ name: 'Copy folder', parameters: { resource: 'folder', operation: 'copy', from: byPath(`=${field('base')}/A2`), toPath: `=${field('base')}/A3`, options: {} }, executeOnce: true },
		{ name: 'Move folder', parameters: { resource: 'folder', operation: 'move', from: byPath(`=${field('base')}/A3`), toPath: `=${field('base')}/B/A3`, options: {} }, executeOnce: true },
		{ name: 'Delete folder', parameters: { resource: 'folder', operation: 'delete', folder: byPath(`=${field('base')}/A2`) }, executeOnce: true },
		{ name: 'Batch create folder', parameters: { resource: 'folder', operation: 'createFolderMany', path: `=${field('base')}/C`, autorename: false }, executeOnce: true },
		{ name: 'Batch copy', parameters: { resource: 'file', operation: 'copyMany', from: byPath(`=${field('base')}/renamed.txt`), toPath: `=${field('base')}/C/copy.txt`, autorename: false }, executeOnce: true },
		{ name: 'Batch move', parameters: { resource: 'file', operation: 'moveMany', from: byPath(`=${field('base')}/C/copy.txt`), toPath: `=${field('base')}/C/moved.txt`, autorename: false }, executeOnce: true },
		// Not waiting: the job's ID comes out, and Get Job Status picks the job up.
		{ name: 'Batch delete, no wait', parameters: { resource: 'file', operation: 'deleteMany', path: byPath(`=${field('base')}/restored.txt`), options: { waitSeconds: 0 } }, executeOnce: true },
		{ name: 'Get job status', parameters: { resource: 'file', operation: 'getJobStatus', jobId: '={{ $json.async_job_id }}', jobKind: 'deleteBatch' }, executeOnce: true },
	]),
	// A file above files/upload's 150 MiB: downloaded into n8n's binary store, uploaded again from there.
	webhookWorkflow('E2eFilesLarge', 'e2e files: a 160 MiB file down and up again', hook('large'), [
		{ name: 'Download', parameters: { resource: 'file', operation: 'download', file: byPath(body('from')), binaryPropertyName: 'data' } },
		{ name: 'Upload', parameters: { resource: 'file', operation: 'upload', path: body('to'), source: 'binary', binaryPropertyName: 'data', options: {} } },
	]),
	// List a folder, delete everything in it with one batch call.
	webhookWorkflow('E2eFilesBatchDel', 'e2e files: batch delete what a folder holds', hook('batch-delete'), [
		{ name: 'List', parameters: { resource: 'folder', operation: 'list', folder: byPath(body('folder')), returnAll: true, options: {} } },
		{ name: 'Batch delete', parameters: { resource: 'file', operation: 'deleteMany', path: byPath('={{ $json.path_display }}') } },
	]),
];

export const filesArea: E2eArea = { workflows, activate: workflows.map((workflow) => workflow.id), register };

/** The stand-in's view of a path in the personal account's home: the entry as it stores it. */
function stored(ctx: E2eContext, path: string) {
	const store = ctx.standIn.store;
	return store.lookup(store.personal().home_namespace_id, path);
}

/** FileMetadata as Dropbox shows it for a stored file entry (the fields the stand-in keeps). */
function fileFields(ctx: E2eContext, path: string) {
	const entry = stored(ctx, path);
	if (!entry || entry.tag !== 'file') throw new Error(`the stand-in has no file at ${path}`);
	return {
		id: entry.id,
		name: entry.name,
		path_lower: entry.path_lower,
		path_display: entry.path_display,
		rev: entry.rev,
		size: entry.size,
		content_hash: entry.content_hash,
		client_modified: entry.client_modified,
		server_modified: entry.server_modified,
	};
}

let runs = 0;

/**
 * Runs `work` with the stand-in's batch jobs answering their outcome at the first check (instead of one
 * in_progress first): the node checks after 150 ms, then backs off; the polling itself is covered
 * by the integration tests.
 */
async function withJobsDoneAtFirstCheck<T>(ctx: E2eContext, work: () => Promise<T>): Promise<T> {
	const polls = ctx.standIn.filesOptions.asyncJobPolls;
	ctx.standIn.filesOptions.asyncJobPolls = 0;
	try {
		return await work();
	} finally {
		ctx.standIn.filesOptions.asyncJobPolls = polls;
	}
}

/** The binary field `data` of the first item a node put out, as n8n stored it (metadata; the bytes stay in the store). */
function binaryOf(execution: Execution, nodeName: string): Record<string, unknown> {
	const item = execution.data.resultData.runData[nodeName]?.[0]?.data?.main[0]?.[0] as { binary?: Record<string, Record<string, unknown>> } | undefined;
	if (!item?.binary?.data) throw new Error(`Node "${nodeName}" put out no binary field "data" in execution ${execution.id}`);
	return item.binary.data;
}

function register(ctx: E2eContext) {
	const home = () => ctx.standIn.store.personal().home_namespace_id;
	const target = () => ({ port: ctx.standIn.port, caPem: String(ctx.n8n.caPem) });

	describe('File and Folder operations through activated workflows', () => {
		test('every other File, Folder and Batch operation, once each, leaves the Dropbox as expected', async () => {
			const base = `/E2E/More ${++runs}`;
			ctx.standIn.clearRequests();
			const run = await withJobsDoneAtFirstCheck(ctx, () =>
				runWebhook(ctx, 'E2eFilesMore', hook('more'), {
					base,
					photo: '/Photos/Zürich 2025/Seeufer 🌅.jpg',
					paper: '/Documents/Launch plan.paper',
				}),
			);
			expect(errorText(run.execution)).toBe('');
			expect(run.execution.status).toBe('success');
			const [v1] = output(run.execution, 'Upload v1');
			const [renamed] = output(run.execution, 'Rename');
			expect(renamed).toMatchObject({ path_display: `${base}/renamed.txt`, id: v1.id });
			expect(output(run.execution, 'List revisions').map((revision) => revision.rev)).toContain(v1.rev);
			expect(output(run.execution, 'Restore')[0]).toMatchObject({ path_display: `${base}/restored.txt`, content_hash: v1.content_hash });
			expect(String(output(run.execution, 'Upload link')[0].link)).toMatch(/^https:\/\//);
			expect(output(run.execution, 'Get tags')[0].tags).toEqual(['e2e']);
			expect(output(run.execution, 'Lock state')[0]).toMatchObject({ success: true, path: `${base}/renamed.txt` });
			expect(output(run.execution, 'Unlock')[0].success).toBe(true);
			expect(stored(ctx, `${base}/from-reference.txt`)?.content_hash).toBe(stored(ctx, `${base}/renamed.txt`)?.content_hash);
			expect(output(run.execution, 'Save URL')[0].path_display).toBe(`${base}/saved.txt`);
			expect(output(run.execution, 'Permanently delete')[0]).toEqual({ path: `${base}/saved.txt`, permanentlyDeleted: true });
			expect(stored(ctx, `${base}/saved.txt`)).toBeUndefined();
			expect(binaryOf(run.execution, 'Thumbnail')).toMatchObject({ mimeType: 'image/png' });
			expect(output(run.execution, 'Thumbnails')[0].success).toBe(true);
			expect(binaryOf(run.execution, 'Export').fileName).toMatch(/\.md$/);
			expect(binaryOf(run.execution, 'Preview').fileName).toBe('Letter.docx.pdf');
			expect(output(run.execution, 'Create folders').map((entry) => entry.success)).toEqual([true, true]);
			expect(output(run.execution, 'Folder metadata')[0]).toMatchObject({ '.tag': 'folder', path_display: `${base}/A` });
			expect(stored(ctx, `${base}/A2`)).toBeUndefined();
			expect(stored(ctx, `${base}/B/A3`)?.tag).toBe('folder');
			expect(output(run.execution, 'Batch move')[0]).toMatchObject({ success: true, path_display: `${base}/C/moved.txt` });
			expect(stored(ctx, `${base}/C/moved.txt`)?.content_hash).toBe(stored(ctx, `${base}/renamed.txt`)?.content_hash);
			const [notWaited] = output(run.execution, 'Batch delete, no wait');
			expect(notWaited).toMatchObject({ status: 'in_progress', path: `${base}/restored.txt`, job_index: 0 });
			expect(output(run.execution, 'Get job status')).toEqual([
				expect.objectContaining({ status: 'success', success: true, async_job_id: notWaited.async_job_id, job_index: 0, path_display: `${base}/restored.txt` }),
			]);
			expect(stored(ctx, `${base}/restored.txt`)).toBeUndefined();
			const routes = new Set(ctx.standIn.requests.map((request) => request.route));
			for (const route of ['files/copy_batch_v2', 'files/move_batch_v2', 'files/create_folder_batch', 'files/delete_batch/check', 'files/get_thumbnail_batch', 'files/export', 'files/get_preview'])
				expect(routes.has(route) ? route : `not called: ${route}`).toBe(route);
		});

		test('create a folder, upload text, get metadata, download, copy, move, delete, list, search', async () => {
			const base = `/E2E/Ops ${++runs}`;
			const name = 'Grüße – 報告 ✓.txt';
			const text = 'Zeile 1: Grüße aus n8n\nZeile 2: 報告書 ✓\n';
			ctx.standIn.clearRequests();
			const run = await runWebhook(ctx, 'E2eFilesOps', hook('ops'), { base, name, text, query: 'moved GRÜ' });
			expect(errorText(run.execution)).toBe('');
			expect(run.execution.status).toBe('success');
			const expectedHash = contentHash(Buffer.from(text, 'utf8'));

			// Folder → Create: the new folder's metadata.
			const [folder] = output(run.execution, 'Create folder');
			const folderEntry = stored(ctx, base);
			expect(folder).toEqual({ name: 'Ops ' + runs, path_lower: base.toLowerCase(), path_display: base, id: folderEntry?.id });

			// File → Upload (text): the metadata Dropbox answered, as the stand-in stored the file (moved and
			// deleted since, so compare with the revision it kept).
			const [uploaded] = output(run.execution, 'Upload text');
			expect(uploaded.name).toBe(name);
			expect(uploaded.path_display).toBe(`${base}/Notes/${name}`);
			expect(uploaded.path_lower).toBe(`${base}/Notes/${name}`.toLowerCase());
			expect(uploaded.size).toBe(Buffer.byteLength(text));
			expect(uploaded.content_hash).toBe(expectedHash);
			expect(uploaded.id).toMatch(/^id:/);
			expect(uploaded.rev).toMatch(/^[0-9a-f]{9,}$/);
			expect(uploaded.is_downloadable).toBe(true);
			const revision = ctx.standIn.store.revisions.get(String(uploaded.rev));
			expect(revision?.entry.path_display).toBe(uploaded.path_display);
			expect(revision?.entry.content_hash).toBe(uploaded.content_hash);
			expect(revision?.entry.id).toBe(uploaded.id);
			const sent = requestsTo(ctx, 'files/upload');
			expect(sent).toHaveLength(1);
			expect(sent[0].host).toBe('content.dropboxapi.com');
			expect(sent[0].arg).toMatchObject({ path: `${base}/Notes/${name}`, mode: 'add' });

			// File → Get Metadata: tagged FileMetadata, the same file.
			const [metadata] = output(run.execution, 'Get metadata');
			expect(metadata).toEqual({ '.tag': 'file', ...uploaded });

			// File → Download (by ID): the result header's metadata, and the bytes in n8n's binary store.
			expect(output(run.execution, 'Download')).toEqual([uploaded]);
			expect(binaryOf(run.execution, 'Download')).toMatchObject({ fileName: name, mimeType: 'text/plain', bytes: Buffer.byteLength(text) });
			expect(requestsTo(ctx, 'files/download').map((request) => request.arg)).toEqual([{ path: uploaded.id }]);
			const [readBack] = output(run.execution, 'Read text');
			expect(readBack.text).toBe(text);

			// File → Copy, File → Move, File → Delete.
			const [copied] = output(run.execution, 'Copy');
			expect(copied.path_display).toBe(`${base}/Copies/${name}`);
			expect(copied.content_hash).toBe(expectedHash);
			expect(copied.id).not.toBe(uploaded.id);
			const [moved] = output(run.execution, 'Move');
			expect(moved).toEqual({ '.tag': 'file', ...fileFields(ctx, `${base}/Moved/moved ${name}`), is_downloadable: true });
			expect(moved.id).toBe(copied.id);
			expect(stored(ctx, `${base}/Copies/${name}`)).toBeUndefined();
			const [deleted] = output(run.execution, 'Delete');
			expect(deleted).toMatchObject({ '.tag': 'file', id: uploaded.id, path_display: uploaded.path_display, content_hash: expectedHash });
			expect(stored(ctx, `${base}/Notes/${name}`)).toBeUndefined();

			// Folder → List (recursive): the folder itself and what is left in it, as the stand-in holds them.
			const listed = output(run.execution, 'List');
			const left = [base, `${base}/Notes`, `${base}/Copies`, `${base}/Moved`, `${base}/Moved/moved ${name}`];
			expect(listed.map((entry) => entry.path_display).sort()).toEqual([...left].sort());
			for (const entry of listed) {
				const held = stored(ctx, String(entry.path_display));
				expect(entry.id).toBe(held?.id);
				expect(entry['.tag']).toBe(held?.tag);
				if (held?.tag === 'file') expect(entry).toEqual({ '.tag': 'file', ...fileFields(ctx, String(entry.path_display)), is_downloadable: true });
			}

			// File → Search (simplified): the moved file's metadata.
			const found = output(run.execution, 'Search');
			expect(found).toEqual([{ '.tag': 'file', ...fileFields(ctx, `${base}/Moved/moved ${name}`), is_downloadable: true }]);
			expect(requestsTo(ctx, 'files/search_v2')[0].arg).toMatchObject({ query: 'moved GRÜ', options: { path: base } });
		});

		test('a 160 MiB file: download into n8n\'s binary store, upload it again through an upload session', async () => {
			const to = `/E2E/Large ${++runs}/Conference recording copy.mp4`;
			ctx.standIn.clearRequests();
			const run = await runWebhook(ctx, 'E2eFilesLarge', hook('large'), { from: LARGE_SOURCE, to });
			expect(errorText(run.execution)).toBe('');
			expect(run.execution.status).toBe('success');
			const source = fileFields(ctx, LARGE_SOURCE);
			const copy = fileFields(ctx, to);
			expect(source.size).toBe(160 * MiB);
			expect(copy.size).toBe(source.size);
			expect(copy.content_hash).toBe(source.content_hash);

			const [downloaded] = output(run.execution, 'Download');
			expect(downloaded).toEqual({ ...source, is_downloadable: true });
			// The bytes went through n8n's binary store (a file there), not through the item.
			const binary = binaryOf(run.execution, 'Download');
			expect(binary).toMatchObject({ fileName: 'Conference recording.mp4', mimeType: 'video/mp4', bytes: 160 * MiB });
			expect(String(binary.id)).toMatch(/^filesystem(-v2)?:/);
			const [uploaded] = output(run.execution, 'Upload');
			expect(uploaded).toMatchObject({ ...copy, is_downloadable: true });

			const routes = ctx.standIn.requests.map((request) => request.route);
			expect(routes).not.toContain('files/upload');
			expect(routes.filter((route) => route === 'files/upload_session/start')).toHaveLength(1);
			expect(routes.filter((route) => route === 'files/upload_session/finish')).toHaveLength(1);
			const appends = requestsTo(ctx, 'files/upload_session/append_v2');
			expect(appends.length).toBeGreaterThan(0);
			expect(appends.every((request) => request.status === 200)).toBe(true);
			const finish = requestsTo(ctx, 'files/upload_session/finish')[0];
			expect(finish.arg).toMatchObject({ commit: { path: to }, cursor: { offset: expect.any(Number) } });
			// Every request carried at most 150 MiB.
			for (const request of ctx.standIn.requests) {
				expect(Number(request.headers['content-length'] ?? 0)).toBeLessThanOrEqual(150 * MiB);
			}
		});

		test('File → Delete Many: several items in one delete_batch call, an outcome per item', async () => {
			const folder = `/E2E/Batch ${++runs}`;
			const names = ['a.txt', 'b.txt', 'c – ü.txt', 'd.txt'];
			for (const name of names) ctx.standIn.store.putFile(home(), `${folder}/${name}`, Buffer.from(`content of ${name}`));
			ctx.standIn.store.ensureFolder(home(), `${folder}/Sub folder`);
			const before = [...names.map((name) => fileFields(ctx, `${folder}/${name}`))];
			ctx.standIn.clearRequests();
			const run = await withJobsDoneAtFirstCheck(ctx, async () => await runWebhook(ctx, 'E2eFilesBatchDel', hook('batch-delete'), { folder }));
			expect(errorText(run.execution)).toBe('');
			expect(run.execution.status).toBe('success');

			const launches = requestsTo(ctx, 'files/delete_batch');
			expect(launches).toHaveLength(1);
			const launchArg = launches[0].arg as { entries: Array<{ path: string }> };
			expect(launchArg.entries.map((entry) => entry.path).sort()).toEqual([...names.map((name) => `${folder}/${name}`), `${folder}/Sub folder`].sort());
			expect(requestsTo(ctx, 'files/delete_batch/check').length).toBeGreaterThan(0);

			const outcomes = output(run.execution, 'Batch delete');
			expect(outcomes).toHaveLength(names.length + 1);
			for (const file of before) {
				const outcome = outcomes.find((item) => item.path_display === file.path_display);
				expect(outcome).toMatchObject({ success: true, path: file.path_display, id: file.id, content_hash: file.content_hash, size: file.size });
				expect(stored(ctx, file.path_display)).toBeUndefined();
			}
			expect(outcomes.find((item) => item.path === `${folder}/Sub folder`)).toMatchObject({ success: true, '.tag': 'folder', name: 'Sub folder' });
			expect(ctx.standIn.store.children(home(), folder)).toEqual([]);
		});
	});

	describe('File examples (examples/*.json)', () => {
		test('"back up a folder as ZIP": /Projects as a ZIP in /Backups', async () => {
			ctx.standIn.clearRequests();
			const execution = await runInEditor(ctx, 'DbxExampleZipBak');
			expect(errorText(execution)).toBe('');
			expect(execution.status).toBe('success');
			const [backup] = output(execution, 'Upload backup');
			expect(String(backup.path_display)).toMatch(/^\/Backups\/Projects \d{4}-\d{2}-\d{2} \d{4}( \(\d+\))?\.zip$/);
			const file = fileFields(ctx, String(backup.path_display));
			expect(backup).toMatchObject({ ...file, is_downloadable: true });
			const zip = await ctx.standIn.store.readFile(home(), file.path_display);
			expect(zipEntryNames(zip)).toEqual(
				expect.arrayContaining(['Projects/', 'Projects/Nordlicht Relaunch/', 'Projects/Nordlicht Relaunch/Plan.md', 'Projects/Nordlicht Relaunch/Budget 2025.csv']),
			);
			expect(requestsTo(ctx, 'files/download_zip').map((request) => request.arg)).toEqual([{ path: '/Projects' }]);
		});

		test('"upload text and share a temporary link": the link serves the uploaded text', async () => {
			const execution = await runInEditor(ctx, 'DbxExampleTxtLnk');
			expect(errorText(execution)).toBe('');
			expect(execution.status).toBe('success');
			const [note] = output(execution, 'Write the note');
			const [shared] = output(execution, 'Share');
			const file = fileFields(ctx, String(shared.path));
			expect(shared).toMatchObject({ name: note.fileName, path: `/Notes/${String(note.fileName)}`, size: file.size });
			expect(String(shared.link)).toMatch(/^https:\/\/content\.dropboxapi\.com\/cd\/0\/get\/.+\/file$/);
			const served = await fetchTemporaryLink(target(), String(shared.link));
			expect(served.status).toBe(200);
			expect(served.body.toString('utf8')).toBe(note.text);
			expect((await ctx.standIn.store.readFile(home(), file.path_display)).toString('utf8')).toBe(note.text);
		});

		test('"batch-delete files older than 30 days": the three old logs go in one batch, today\'s stays', async () => {
			ctx.standIn.clearRequests();
			const old = ['app 2025-01-05.log', 'app 2025-02-11.log', 'app 2025-03-20.log'].map((name) => fileFields(ctx, `/Archive/Logs/${name}`));
			const execution = await withJobsDoneAtFirstCheck(ctx, async () => await runInEditor(ctx, 'DbxExampleOldDel'));
			expect(errorText(execution)).toBe('');
			expect(execution.status).toBe('success');
			expect(output(execution, 'List logs')).toHaveLength(4);
			expect(output(execution, 'Older than 30 days').map((item) => item.name)).toEqual(expect.arrayContaining(old.map((file) => file.name)));
			const outcomes = output(execution, 'Delete in one batch');
			expect(outcomes.map((item) => [item.success, item.path_display]).sort()).toEqual(old.map((file) => [true, file.path_display]).sort());
			expect(requestsTo(ctx, 'files/delete_batch')).toHaveLength(1);
			for (const file of old) expect(stored(ctx, file.path_display)).toBeUndefined();
			expect(stored(ctx, '/Archive/Logs/app today.log')).toBeDefined();
		});
	});
}
