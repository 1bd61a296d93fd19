import type { IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import { searchEntries, searchFiles, searchFolders } from '../../nodes/DropboxSuite/methods/listSearch';

const entry = (tag: string, path: string) => ({ '.tag': tag, name: path.split('/').pop(), path_display: path, path_lower: path.toLowerCase(), id: `id:${path}` });

/** A load-options context whose Dropbox answers come from `answer`, recording each call's route and argument. */
function context(answer: (route: string, arg: Record<string, unknown>) => unknown) {
	const calls: Array<[string, Record<string, unknown>]> = [];
	const fn = {
		getNode: () => ({ id: '1', name: 'Dropbox Suite', type: 'n8n-nodes-dropbox-suite.dropboxSuite', typeVersion: 1, position: [0, 0], parameters: {} }),
		getNodeParameter: () => ({}),
		getCredentials: async () => ({ appType: 'user' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				const route = String(options.url).replace(/^https:\/\/api\.dropboxapi\.com\/2\//, '');
				const arg = JSON.parse(String(options.body)) as Record<string, unknown>;
				calls.push([route, arg]);
				return answer(route, arg);
			},
		},
	} as unknown as ILoadOptionsFunctions;
	return { fn, calls };
}

describe('resource locator lists', () => {
	it('browse the Dropbox from the root without a filter, files only, with the cursor as pagination token', async () => {
		const { fn, calls } = context(() => ({ entries: [entry('folder', '/Docs'), entry('file', '/Docs/a.pdf')], cursor: 'c1', has_more: true }));
		const page = await searchFiles.call(fn);
		expect(page).toEqual({ results: [{ name: '/Docs/a.pdf', value: '/Docs/a.pdf', url: 'https://www.dropbox.com/home/Docs/a.pdf' }], paginationToken: 'c1' });
		expect(calls).toEqual([['files/list_folder', { path: '', recursive: true, limit: 100 }]]);
	});

	it('continue from the pagination token', async () => {
		const { fn, calls } = context(() => ({ entries: [entry('folder', '/Z')], cursor: 'c2', has_more: false }));
		const page = await searchFolders.call(fn, undefined, 'c1');
		expect(page.results.map((r) => r.value)).toEqual(['/Z']);
		expect(page.paginationToken).toBeUndefined();
		expect(calls).toEqual([['files/list_folder/continue', { cursor: 'c1' }]]);
	});

	it('search by name with a filter; folders ask Dropbox for folders only', async () => {
		const { fn, calls } = context(() => ({ matches: [{ metadata: { '.tag': 'metadata', metadata: entry('folder', '/Reports') } }], has_more: false }));
		const page = await searchFolders.call(fn, 'rep');
		expect(page.results.map((r) => r.name)).toEqual(['/Reports']);
		expect(calls[0]).toEqual(['files/search_v2', { query: 'rep', options: { max_results: 100, filename_only: true, file_categories: ['folder'] } }]);
		const any = await searchEntries.call(context(() => ({ matches: [{ metadata: { metadata: entry('file', '/r.txt') } }], has_more: false })).fn, 'r');
		expect(any.results.map((r) => r.value)).toEqual(['/r.txt']);
	});
});
