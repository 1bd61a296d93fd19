// Writes that are not safe to send twice, when their answer is lost (the stand-in carries the request out, then
// drops the connection or answers a bare 5xx) or when Dropbox answers 500 without carrying it out: through n8n's
// engine, each ends with exactly one result and the real output, or with "outcome unknown" naming what to check.
// Never a duplicate, never a false failure.
import { NodeApiError } from 'n8n-workflow';

import { isOutcomeUnknown } from '../../nodes/shared/errors';
import { mockSleep } from '../harness';
import { useDropbox } from './dropbox';
import { startHeldUrl, until } from './heldUrl';

mockSleep();

const dropbox = useDropbox();

const byPath = (value: string) => ({ __rl: true, mode: 'path', value });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
type RunOptions = Parameters<typeof dropbox.run>[1];
const run = async (resource: string, operation: string, extra: Record<string, unknown>, options: RunOptions = {}) =>
	await dropbox.run({ resource, operation, ...extra }, options);
const ok = async (resource: string, operation: string, extra: Record<string, unknown>) => {
	const result = await run(resource, operation, extra);
	if (result.error) throw result.error;
	expect(result.items).toHaveLength(1);
	return result.items[0].json;
};

const lose = (route: string) => dropbox.standIn.injectFault({ route, kind: 'lose_response' });
/** What each request to a route got: null for a dropped connection. */
const statuses = (route: string) => dropbox.requestsTo(route).map((request) => request.status);
const home = () => dropbox.standIn.store.personal().home_namespace_id;
/** The names in a folder of the stand-in's Dropbox, as its state holds them. */
const names = (folder: string) =>
	dropbox.standIn.store
		.children(home(), folder)
		.map((entry: { name: string }) => entry.name)
		.sort();
const entry = (path: string) => {
	const found = dropbox.lookup(path);
	if (!found) throw new Error(`nothing at ${path}`);
	return found;
};

describe('a lost answer: the node looks, and returns the one result', () => {
	it('File → Copy', async () => {
		dropbox.put('/Lost/Copy/a.txt', 'alpha');
		lose('files/copy_v2');
		const output = await ok('file', 'copy', { from: byPath('/Lost/Copy/a.txt'), toPath: '/Lost/Copy/Out/a.txt' });
		expect(statuses('files/copy_v2')).toEqual([null]);
		expect(names('/Lost/Copy/Out')).toEqual(['a.txt']);
		const copy = entry('/Lost/Copy/Out/a.txt');
		expect(output).toMatchObject({ '.tag': 'file', id: copy.id, path_display: '/Lost/Copy/Out/a.txt', content_hash: copy.content_hash });
		expect(copy.id).not.toBe(entry('/Lost/Copy/a.txt').id);
	});

	it('Folder → Copy', async () => {
		dropbox.put('/Lost/FolderCopy/Src/x.txt', 'x');
		lose('files/copy_v2');
		const output = await ok('folder', 'copy', { from: byPath('/Lost/FolderCopy/Src'), toPath: '/Lost/FolderCopy/Dst' });
		expect(statuses('files/copy_v2')).toEqual([null]);
		expect(names('/Lost/FolderCopy')).toEqual(['Dst', 'Src']);
		expect(names('/Lost/FolderCopy/Dst')).toEqual(['x.txt']);
		expect(output).toMatchObject({ '.tag': 'folder', id: entry('/Lost/FolderCopy/Dst').id, path_display: '/Lost/FolderCopy/Dst' });
	});

	it('File → Move', async () => {
		const moving = dropbox.put('/Lost/Move/a.txt', 'a');
		lose('files/move_v2');
		const output = await ok('file', 'move', { from: byPath('/Lost/Move/a.txt'), toPath: '/Lost/Move/Out/a.txt' });
		expect(statuses('files/move_v2')).toEqual([null]);
		expect(names('/Lost/Move')).toEqual(['Out']);
		expect(names('/Lost/Move/Out')).toEqual(['a.txt']);
		expect(output).toMatchObject({ '.tag': 'file', id: moving.id, path_display: '/Lost/Move/Out/a.txt' });
	});

	it('File → Move with Autorename onto a taken name: the ID finds the file under its new name', async () => {
		const moving = dropbox.put('/Lost/MoveRenamed/a.txt', 'mine');
		dropbox.put('/Lost/MoveRenamed/Out/a.txt', 'theirs');
		lose('files/move_v2');
		const output = await ok('file', 'move', { from: byPath('/Lost/MoveRenamed/a.txt'), toPath: '/Lost/MoveRenamed/Out/a.txt', options: { autorename: true } });
		expect(statuses('files/move_v2')).toEqual([null]);
		expect(names('/Lost/MoveRenamed/Out')).toEqual(['a (1).txt', 'a.txt']);
		expect(output).toMatchObject({ id: moving.id, path_display: '/Lost/MoveRenamed/Out/a (1).txt' });
	});

	it('Folder → Rename', async () => {
		const folder = dropbox.standIn.store.ensureFolder(home(), '/Lost/Rename/Old');
		dropbox.put('/Lost/Rename/Old/inside.txt', 'in');
		lose('files/move_v2');
		const output = await ok('folder', 'rename', { folder: byPath('/Lost/Rename/Old'), newName: 'New' });
		expect(statuses('files/move_v2')).toEqual([null]);
		expect(names('/Lost/Rename')).toEqual(['New']);
		expect(names('/Lost/Rename/New')).toEqual(['inside.txt']);
		expect(output).toMatchObject({ '.tag': 'folder', id: folder.id, path_display: '/Lost/Rename/New' });
	});

	it('File → Rename by ID', async () => {
		const renaming = dropbox.put('/Lost/RenameId/a.txt', 'a');
		lose('files/move_v2');
		const output = await ok('file', 'rename', { file: byId(renaming.id), newName: 'b.txt' });
		expect(statuses('files/move_v2')).toEqual([null]);
		expect(names('/Lost/RenameId')).toEqual(['b.txt']);
		expect(output).toMatchObject({ id: renaming.id, path_display: '/Lost/RenameId/b.txt' });
	});

	it('File → Delete: what Dropbox still shows of it, marked', async () => {
		dropbox.put('/Lost/Delete/a.txt', 'a');
		dropbox.put('/Lost/Delete/keep.txt', 'k');
		lose('files/delete_v2');
		const output = await ok('file', 'delete', { file: byPath('/Lost/Delete/a.txt') });
		expect(statuses('files/delete_v2')).toEqual([null]);
		expect(names('/Lost/Delete')).toEqual(['keep.txt']);
		expect(output).toMatchObject({ '.tag': 'deleted', name: 'a.txt', path_display: '/Lost/Delete/a.txt', confirmedAfterLostAnswer: true });
	});

	it('Folder → Create', async () => {
		lose('files/create_folder_v2');
		const output = await ok('folder', 'create', { path: '/Lost/Create/Reports' });
		expect(statuses('files/create_folder_v2')).toEqual([null]);
		expect(names('/Lost/Create')).toEqual(['Reports']);
		expect(output).toMatchObject({ id: entry('/Lost/Create/Reports').id, path_display: '/Lost/Create/Reports' });
	});

	it('File → Save From URL: the launch is not sent again', async () => {
		lose('files/save_url');
		const output = await ok('file', 'saveFromUrl', { url: 'https://example.com/report.txt', path: '/Lost/Save/report.txt' });
		expect(statuses('files/save_url')).toEqual([null]);
		expect(names('/Lost/Save')).toEqual(['report.txt']);
		const saved = entry('/Lost/Save/report.txt');
		expect(output).toMatchObject({ id: saved.id, name: 'report.txt', content_hash: saved.content_hash });
		expect(output['.tag']).toBeUndefined();
	});

	it('File → Restore Revision', async () => {
		const v1 = dropbox.put('/Lost/Restore/doc.txt', 'one');
		dropbox.put('/Lost/Restore/doc.txt', 'two');
		lose('files/restore');
		const output = await ok('fileRevision', 'restore', { path: '/Lost/Restore/doc.txt', rev: v1.rev });
		expect(statuses('files/restore')).toEqual([null]);
		expect((await dropbox.read('/Lost/Restore/doc.txt')).toString()).toBe('one');
		expect(names('/Lost/Restore')).toEqual(['doc.txt']);
		expect(output).toMatchObject({ path_display: '/Lost/Restore/doc.txt', rev: entry('/Lost/Restore/doc.txt').rev, content_hash: v1.content_hash });
	});

	it('File → Permanently Delete', async () => {
		dropbox.put('/Lost/Purge/a.txt', 'a');
		dropbox.put('/Lost/Purge/keep.txt', 'k');
		lose('files/permanently_delete');
		const output = await ok('file', 'permanentlyDelete', { file: byPath('/Lost/Purge/a.txt') });
		expect(statuses('files/permanently_delete')).toEqual([null]);
		expect(names('/Lost/Purge')).toEqual(['keep.txt']);
		expect(dropbox.standIn.store.namespace(home()).deleted.get('/lost/purge/a.txt')).toBeUndefined();
		expect(output).toEqual({ path: '/Lost/Purge/a.txt', permanentlyDeleted: true });
	});
});

describe('not carried out (a 500, or a lost answer to a refusal): the node looks, then sends it once more', () => {
	it('File → Copy makes one copy', async () => {
		dropbox.put('/Failed/Copy/a.txt', 'a');
		dropbox.standIn.injectFault({ route: 'files/copy_v2', kind: 'server_error', status: 500 });
		const output = await ok('file', 'copy', { from: byPath('/Failed/Copy/a.txt'), toPath: '/Failed/Copy/Out/a.txt' });
		expect(statuses('files/copy_v2')).toEqual([500, 200]);
		expect(names('/Failed/Copy/Out')).toEqual(['a.txt']);
		expect(output).toMatchObject({ id: entry('/Failed/Copy/Out/a.txt').id });
	});

	it('Folder → Create makes one folder', async () => {
		dropbox.standIn.injectFault({ route: 'files/create_folder_v2', kind: 'server_error', status: 500 });
		const output = await ok('folder', 'create', { path: '/Failed/Create/Reports' });
		expect(statuses('files/create_folder_v2')).toEqual([500, 200]);
		expect(names('/Failed/Create')).toEqual(['Reports']);
		expect(output).toMatchObject({ id: entry('/Failed/Create/Reports').id });
	});

	it('File → Move onto a taken name, its answer lost: not moved, so sent again, and Dropbox\'s own conflict is reported', async () => {
		const moving = dropbox.put('/Failed/Move/a.txt', 'mine');
		dropbox.put('/Failed/Move/Out/a.txt', 'theirs');
		lose('files/move_v2');
		const result = await run('file', 'move', { from: byPath('/Failed/Move/a.txt'), toPath: '/Failed/Move/Out/a.txt' });
		expect(statuses('files/move_v2')).toEqual([null, 409]);
		expect(result.error?.message).toBe('Dropbox: to/conflict/file');
		expect(entry('/Failed/Move/a.txt').id).toBe(moving.id);
		expect(names('/Failed/Move/Out')).toEqual(['a.txt']);
	});

	it('File → Delete deletes', async () => {
		dropbox.put('/Failed/Delete/a.txt', 'a');
		dropbox.standIn.injectFault({ route: 'files/delete_v2', kind: 'server_error', status: 500 });
		const output = await ok('file', 'delete', { file: byPath('/Failed/Delete/a.txt') });
		expect(statuses('files/delete_v2')).toEqual([500, 200]);
		expect(dropbox.lookup('/Failed/Delete/a.txt')).toBeUndefined();
		expect(output).toMatchObject({ '.tag': 'file', name: 'a.txt' });
	});
});

describe('a 5xx after the work was done: the node looks, and returns the one result', () => {
	it('Folder → Create after a 502', async () => {
		dropbox.standIn.injectFault({ route: 'files/create_folder_v2', kind: 'lose_response', status: 502 });
		const output = await ok('folder', 'create', { path: '/Done/Create/Reports' });
		expect(statuses('files/create_folder_v2')).toEqual([502]);
		expect(names('/Done/Create')).toEqual(['Reports']);
		expect(output).toMatchObject({ id: entry('/Done/Create/Reports').id });
	});

	it('File → Move after a 500', async () => {
		const moving = dropbox.put('/Done/Move/a.txt', 'a');
		dropbox.standIn.injectFault({ route: 'files/move_v2', kind: 'lose_response', status: 500 });
		const output = await ok('file', 'move', { from: byPath('/Done/Move/a.txt'), toPath: '/Done/Move/Out/a.txt' });
		expect(statuses('files/move_v2')).toEqual([500]);
		expect(names('/Done/Move')).toEqual(['Out']);
		expect(output).toMatchObject({ id: moving.id, path_display: '/Done/Move/Out/a.txt' });
	});
});

describe('outcome unknown: said, with what to check, and nothing sent twice', () => {
	it('Copy with Autorename onto a taken name (the copy may sit beside it under a new name)', async () => {
		dropbox.put('/Unknown/Copy/a.txt', 'mine');
		dropbox.put('/Unknown/Copy/Out/a.txt', 'theirs');
		lose('files/copy_v2');
		const parameters = { from: byPath('/Unknown/Copy/a.txt'), toPath: '/Unknown/Copy/Out/a.txt', options: { autorename: true } };
		const result = await run('file', 'copy', parameters);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(isOutcomeUnknown(result.error)).toBe(true);
		expect(result.error?.message).toBe('Dropbox: outcome unknown (files/copy_v2)');
		expect(result.error?.description).toContain('a renamed copy of "/Unknown/Copy/a.txt"');
		expect(result.error?.description).toContain('"/Unknown/Copy/Out/a.txt"');
		expect(statuses('files/copy_v2')).toEqual([null]);
		// The one copy the lost call made, and no second one.
		expect(names('/Unknown/Copy/Out')).toEqual(['a (1).txt', 'a.txt']);

		lose('files/copy_v2');
		const continued = await run('file', 'copy', { ...parameters, toPath: '/Unknown/Copy/Out/a (1).txt' }, { continueOnFail: true });
		expect(continued.items).toHaveLength(1);
		expect(continued.items[0].json).toMatchObject({ error: 'Dropbox: outcome unknown (files/copy_v2)' });
		expect(String(continued.items[0].json.description)).toContain('"/Unknown/Copy/Out/a (1).txt"');
		expect(statuses('files/copy_v2')).toEqual([null, null]);
		expect(names('/Unknown/Copy/Out')).toHaveLength(3);
	});

	it('Save From URL whose file is not there yet (Dropbox may still be downloading it)', async () => {
		const held = await startHeldUrl('slow report\n');
		try {
			lose('files/save_url');
			const result = await run('file', 'saveFromUrl', { url: held.url, path: '/Unknown/Save/report.txt' });
			expect(isOutcomeUnknown(result.error)).toBe(true);
			expect(result.error?.description).toContain('whether the file from the URL appears at "/Unknown/Save/report.txt"');
			expect(statuses('files/save_url')).toEqual([null]);
			expect(dropbox.lookup('/Unknown/Save/report.txt')).toBeUndefined();
			// The launch went through: the file arrives, once.
			held.release();
			await until(() => dropbox.lookup('/Unknown/Save/report.txt') !== undefined);
			expect(names('/Unknown/Save')).toEqual(['report.txt']);
		} finally {
			await held.stop();
		}
	});
});
