// Listing that never drops entries, batches whose every item gets an honest outcome, and async jobs that a
// later run can pick up: through n8n's engine against the stand-in, with its faults where a fault is involved.
import { mockSleep } from '../harness';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

const byPath = (value: string) => ({ __rl: true, mode: 'path', value });
const items = (values: Array<Record<string, unknown>>) => values.map((json) => ({ json }));
const ok = async (parameters: Record<string, unknown>, options: Parameters<typeof dropbox.run>[1] = {}) => {
	const result = await dropbox.run(parameters, options);
	if (result.error) throw result.error;
	return result;
};

describe('Listing with a Limit', () => {
	afterEach(() => {
		dropbox.standIn.filesOptions.listLimitOvershoot = 0;
	});

	it('hands out a cursor that continues exactly after the last entry, also when Dropbox pages past the limit', async () => {
		const names = Array.from({ length: 12 }, (_, i) => `f${String(i).padStart(2, '0')}.txt`);
		for (const name of names) dropbox.put(`/Over/${name}`, name);
		// Dropbox's limit is approximate: every page here holds 3 entries more than asked.
		dropbox.standIn.filesOptions.listLimitOvershoot = 3;
		const first = await ok({ resource: 'folder', operation: 'list', folder: byPath('/Over'), limit: 5, options: { output: 'page' } });
		const page = first.items[0].json as { entries: Array<{ name: string }>; cursor: string; has_more: boolean };
		expect(page.has_more).toBe(true);
		expect(page.entries.length).toBeGreaterThanOrEqual(5);
		const rest = await ok({ resource: 'folder', operation: 'list', returnAll: true, options: { cursor: page.cursor } });
		const seen = [...page.entries.map((entry) => entry.name), ...rest.items.map((item) => item.json.name as string)];
		expect(seen.sort()).toEqual(names);
	});

	it('one item per entry stops at the limit exactly', async () => {
		for (let i = 0; i < 9; i++) dropbox.put(`/Trim/f${i}.txt`, `${i}`);
		dropbox.standIn.filesOptions.listLimitOvershoot = 2;
		const limited = await ok({ resource: 'folder', operation: 'list', folder: byPath('/Trim'), limit: 4 });
		expect(limited.items).toHaveLength(4);
	});
});
