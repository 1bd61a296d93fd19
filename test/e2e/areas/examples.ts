// The examples for what people buy the package for, run in a real n8n as the editor runs them: generated
// documents stored in dated folders, and the nightly file-by-file backup with hash-verified copies.
// (The other examples are run by the areas of their resources.)
import { contentHash } from '../../emulator/content-hash';
import { errorText, output, requestsTo, runInEditor } from '../context';
import type { E2eArea, E2eContext } from '../context';

export const examplesArea: E2eArea = {
	register(ctx: E2eContext) {
		const store = () => ctx.standIn.store;
		const home = () => store().personal().home_namespace_id;
		const read = async (path: string) => (await store().readFile(home(), path)).toString('utf8');

		describe('examples for everyday work (examples/*.json)', () => {
			test('"store generated documents in dated folders": each document in /Documents/Generated/<year>/<date>/', async () => {
				ctx.standIn.clearRequests();
				const execution = await runInEditor(ctx, 'DbxExampleDated1');
				expect(errorText(execution)).toBe('');
				expect(execution.status).toBe('success');
				const generated = output(execution, 'One item per document');
				const stored = output(execution, 'Stored');
				expect(stored).toHaveLength(2);
				for (const [index, item] of stored.entries()) {
					const { fileName, text } = generated[index] as { fileName: string; text: string };
					const match = /^\/Documents\/Generated\/(\d{4})\/(\d{4})-(\d{2})-(\d{2})\/(.+)$/.exec(String(item.path));
					expect(match).not.toBeNull();
					expect(match?.[1]).toBe(match?.[2]); // the year folder holds that year's dates
					expect(match?.[5]).toBe(fileName);
					expect(await read(String(item.path))).toBe(text);
					expect(item).toMatchObject({ name: fileName, size: Buffer.byteLength(text), contentHash: contentHash(Buffer.from(text)) });
				}
				// Both documents went to the same day's folder, one upload each, none overwriting.
				expect(new Set(stored.map((item) => String(item.path).replace(/\/[^/]+$/, ''))).size).toBe(1);
				expect(requestsTo(ctx, 'files/upload').map((request) => (request.arg as { mode?: unknown }).mode)).toEqual(['add', 'add']);
			});

			test('"nightly backup of a folder, file by file": every file of /Projects copied and verified by content hash', async () => {
				ctx.standIn.clearRequests();
				const execution = await runInEditor(ctx, 'DbxExampleNightB');
				expect(errorText(execution)).toBe('');
				expect(execution.status).toBe('success');
				const [settings] = output(execution, 'Backup settings');
				expect(String(settings.target)).toMatch(/^\/Backups\/Projects \d{4}-\d{2}-\d{2} \d{4}$/);
				const sources = output(execution, 'Files only').map((item) => String(item.path_display));
				expect(sources.sort()).toEqual(['/Projects/Nordlicht Relaunch/Budget 2025.csv', '/Projects/Nordlicht Relaunch/Plan.md']);
				const checks = output(execution, 'Verify each copy');
				expect(checks.map((check) => [check.source, check.copy, check.verified]).sort()).toEqual(
					sources.map((source) => [source, `${String(settings.target)}${source.slice('/Projects'.length)}`, true]).sort(),
				);
				for (const check of checks) {
					expect(await read(String(check.copy))).toBe(await read(String(check.source)));
					expect(check.contentHash).toBe(store().lookup(home(), String(check.source))?.content_hash);
				}
				expect(output(execution, 'Copies that differ')).toEqual([]);
				expect(execution.data.resultData.runData['Stop: a copy differs']).toBeUndefined();
				expect(requestsTo(ctx, 'files/copy_v2')).toHaveLength(2);
			});
		});
	},
};
