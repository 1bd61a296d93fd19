// A download damaged on the way (the stand-in inverts a byte; Dropbox-API-Result keeps the true content hash)
// fails with an error that says so, and leaves nothing in n8n's binary store.
import { NodeOperationError } from 'n8n-workflow';

import { contentHash } from '../../nodes/shared/contentHash';
import { mockSleep } from '../harness';
import { storedFiles } from './binaryStore';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();
const MiB = 1024 * 1024;
const byPath = (value: string) => ({ __rl: true, mode: 'path', value });
const pattern = (size: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + (i >> 10)) % 251));

describe('Download integrity', () => {
	it.each([
		['a small file', 1000],
		['a file of several blocks', 9 * MiB + 17],
	])('%s damaged on the way fails, and nothing is kept in the binary store', async (_label, size) => {
		const data = pattern(size);
		dropbox.put('/Integrity/file.bin', data);
		dropbox.standIn.injectFault({ route: 'files/download', kind: 'corrupt_download' });
		const before = storedFiles();
		const result = await dropbox.run({ resource: 'file', operation: 'download', file: byPath('/Integrity/file.bin') });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('The download of "file.bin" was damaged on the way');
		expect(result.error?.description).toContain(contentHash(data));
		expect(result.error?.description).toContain(`the received ${size} bytes`);
		expect(result.error?.description).toContain('Nothing was stored');
		expect([...storedFiles()].filter((file) => !before.has(file))).toEqual([]);
	});

	it.each([
		['a small file', 5000],
		['a file of several 1 MiB store pieces and hash blocks', 9 * MiB + 17],
		['a file of whole store pieces', 2 * MiB],
	])('stores an undamaged download of %s (the check is what failed above)', async (_label, size) => {
		const data = pattern(size);
		dropbox.put('/Integrity/ok.bin', data);
		const before = storedFiles();
		const result = await dropbox.run({ resource: 'file', operation: 'download', file: byPath('/Integrity/ok.bin') });
		expect(result.error).toBeUndefined();
		expect((await result.binary(result.items[0])).equals(data)).toBe(true);
		expect([...storedFiles()].filter((file) => !before.has(file)).length).toBeGreaterThan(0);
	});
});
