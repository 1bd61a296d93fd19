// Every Folder operation, the many-item ones included, through n8n's engine against the stand-in.
import { mockSleep } from '../harness';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

const byPath = (value: string) => ({ __rl: true, mode: 'path', value });
const folder = (operation: string, extra: Record<string, unknown> = {}) => ({ resource: 'folder', operation, ...extra });
/** The many-item operations (every input item one entry of a Dropbox batch call), beside the single-item ones. */
const many = (operation: string, extra: Record<string, unknown> = {}) => ({ resource: 'folder', operation, ...extra });
const ok = async (parameters: Record<string, unknown>, options: Parameters<typeof dropbox.run>[1] = {}) => {
	const result = await dropbox.run(parameters, options);
	if (result.error) throw result.error;
	return result;
};

describe('Folder', () => {
	it('Create, Get Metadata, Rename, Copy, Move and Delete', async () => {
		const created = await ok(folder('create', { path: '/Clients/Ärzte GmbH' }));
		expect(created.items[0].json).toMatchObject({ name: 'Ärzte GmbH', path_display: '/Clients/Ärzte GmbH' });
		const meta = await ok(folder('getMetadata', { folder: byPath('/clients/ärzte gmbh') }));
		expect(meta.items[0].json.id).toBe(created.items[0].json.id);
		await ok(folder('rename', { folder: byPath('/Clients/Ärzte GmbH'), newName: 'Aerzte GmbH' }));
		dropbox.put('/Clients/Aerzte GmbH/file.txt', 'x');
		await ok(folder('copy', { from: byPath('/Clients/Aerzte GmbH'), toPath: '/Backup/Aerzte GmbH' }));
		expect((await dropbox.read('/Backup/Aerzte GmbH/file.txt')).toString()).toBe('x');
		await ok(folder('move', { from: byPath('/Backup/Aerzte GmbH'), toPath: '/Archive/Aerzte GmbH' }));
		const deleted = await ok(folder('delete', { folder: byPath('/Archive/Aerzte GmbH') }));
		expect(deleted.items[0].json['.tag']).toBe('folder');
		expect(dropbox.lookup('/Archive/Aerzte GmbH/file.txt')).toBeUndefined();
	});

	it('List: Limit, Return All, recursive, and a cursor a later run continues from', async () => {
		for (let i = 0; i < 12; i++) dropbox.put(`/List/f${String(i).padStart(2, '0')}.txt`, `${i}`);
		dropbox.put('/List/Sub/deep.txt', 'deep');
		const limited = await ok(folder('list', { folder: byPath('/List'), limit: 5 }));
		expect(limited.items).toHaveLength(5);
		const all = await ok(folder('list', { folder: byPath('/List'), returnAll: true }));
		expect(all.items.map((item) => item.json.name).sort()).toEqual([...Array.from({ length: 12 }, (_, i) => `f${String(i).padStart(2, '0')}.txt`), 'Sub'].sort());
		const recursive = await ok(folder('list', { folder: byPath('/List'), returnAll: true, options: { recursive: true } }));
		expect(recursive.items.map((item) => item.json.path_display)).toContain('/List/Sub/deep.txt');
		const page = await ok(folder('list', { folder: byPath('/List'), returnAll: true, options: { output: 'page' } }));
		expect(page.items).toHaveLength(1);
		expect(page.items[0].json.has_more).toBe(false);
		const cursor = String(page.items[0].json.cursor);
		dropbox.put('/List/new.txt', 'new');
		const changes = await ok(folder('list', { returnAll: true, options: { cursor } }));
		expect(changes.items.map((item) => item.json.name)).toEqual(['new.txt']);
	});

	it('List the root with an empty path or "/"', async () => {
		const root = await ok(folder('list', { folder: byPath('/'), returnAll: true }));
		expect(root.items.length).toBeGreaterThan(0);
		expect(dropbox.requestsTo('files/list_folder')[0].arg).toMatchObject({ path: '' });
	});

	it('Download as ZIP gives a ZIP archive with the files', async () => {
		dropbox.put('/Zip/a.txt', 'alpha');
		dropbox.put('/Zip/Inner/b.txt', 'beta');
		const result = await ok(folder('downloadZip', { folder: byPath('/Zip') }));
		expect(result.items[0].binary?.data).toMatchObject({ fileName: 'Zip.zip', mimeType: 'application/zip' });
		const zip = await result.binary(result.items[0]);
		expect(zip.readUInt32LE(0)).toBe(0x04034b50);
		expect(zip.toString('latin1')).toContain('a.txt');
		expect(zip.toString('latin1')).toContain('Inner/b.txt');
	});

	it('Create Many creates each folder and reports each', async () => {
		dropbox.put('/Many/Exists/x.txt', 'x');
		const result = await ok(folder('createMany', { paths: '/Many/One\n/Many/Two,/Many/Exists' }));
		expect(result.items.map((item) => [item.json.path, item.json.success])).toEqual([
			['/Many/One', true],
			['/Many/Two', true],
			['/Many/Exists', false],
		]);
	});
});

describe('Folder: the many-item operations', () => {
	const items = (values: Array<Record<string, unknown>>) => values.map((json) => ({ json }));

	it('Delete: one Dropbox batch for all items, one outcome per item, paired', async () => {
		dropbox.put('/B/one.txt', '1');
		dropbox.put('/B/two.txt', '2');
		const result = await ok(many('deleteMany', { path: byPath('={{ $json.path }}') }), {
			items: items([{ path: '/B/one.txt' }, { path: '/B/missing.txt' }, { path: '/B/two.txt' }]),
		});
		expect(result.items.map((item) => [item.json.path, item.json.success, item.pairedItem])).toEqual([
			['/B/one.txt', true, { item: 0 }],
			['/B/missing.txt', false, { item: 1 }],
			['/B/two.txt', true, { item: 2 }],
		]);
		expect(String(result.items[1].json.error)).toMatch(/not_found/);
		expect(dropbox.requestsTo('files/delete_batch')).toHaveLength(1);
		expect(dropbox.lookup('/B/one.txt')).toBeUndefined();
	});

	it('Copy and Move many', async () => {
		dropbox.put('/C/a.txt', 'a');
		dropbox.put('/C/b.txt', 'b');
		const input = items([{ name: 'a.txt' }, { name: 'b.txt' }]);
		const copied = await ok(many('copyMany', { from: byPath('={{ "/C/" + $json.name }}'), toPath: '={{ "/C2/" + $json.name }}' }), { items: input });
		expect(copied.items.map((item) => item.json.success)).toEqual([true, true]);
		const moved = await ok(many('moveMany', { from: byPath('={{ "/C2/" + $json.name }}'), toPath: '={{ "/C3/" + $json.name }}' }), { items: input });
		expect(moved.items.map((item) => item.json.path_display)).toEqual(['/C3/a.txt', '/C3/b.txt']);
		expect((await dropbox.read('/C3/b.txt')).toString()).toBe('b');
	});

	it('Create Folder many, bad input failing only its own item', async () => {
		const result = await dropbox.run(many('createFolderMany', { path: '={{ $json.path }}' }), {
			continueOnFail: true,
			items: items([{ path: '/F/one' }, { path: 'relative' }, { path: '/F/two' }]),
		});
		expect(result.items.map((item) => item.json.success ?? item.json.error)).toEqual([true, 'Folder Path: "relative" is a relative path', true]);
		expect(dropbox.requestsTo('files/create_folder_batch')[0].arg).toMatchObject({ paths: ['/F/one', '/F/two'] });
	});

	it('splits 10,001 entries into calls of at most 1,000', async () => {
		const input = items(Array.from({ length: 10_001 }, (_, i) => ({ path: `/Big/f${i}` })));
		const result = await ok(many('createFolderMany', { path: '={{ $json.path }}' }), { items: input });
		expect(result.items).toHaveLength(10_001);
		expect(result.items.every((item) => item.json.success === true)).toBe(true);
		const calls = dropbox.requestsTo('files/create_folder_batch');
		expect(calls.map((call) => (call.arg as { paths: string[] }).paths.length)).toEqual([...Array(10).fill(1000), 1]);
		expect(result.items[10_000].pairedItem).toEqual({ item: 10_000 });
	});
});
