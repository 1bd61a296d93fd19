// The scope presets through n8n's engine against the stand-in, which checks every call's scope: a token holding
// exactly a preset's scopes runs what that preset claims, and a missing scope names the presets that include it.
import { NodeApiError } from 'n8n-workflow';

import { mockSleep } from '../harness';
import { SCOPE_PRESETS } from '../../nodes/shared/scopes';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

const byPath = (value: string) => ({ __rl: true, mode: 'path', value });
const scopesOf = (value: string) => [...(SCOPE_PRESETS.find((preset) => preset.value === value)?.scopes ?? [])];

describe('a token with exactly a preset\'s scopes', () => {
	it('Read-Only Files reads, and a write fails naming the scope and the presets that include it', async () => {
		dropbox.put('/Reports/q3.txt', 'numbers');
		const tokens = { scopes: scopesOf('filesRead') };
		const listed = await dropbox.run({ resource: 'folder', operation: 'list', folder: byPath('/Reports') }, { tokens });
		expect(listed.error).toBeUndefined();
		expect(listed.items.map((item) => item.json.name)).toEqual(['q3.txt']);
		const account = await dropbox.run({ resource: 'account', operation: 'getCurrent' }, { tokens });
		expect(account.error).toBeUndefined();

		const created = await dropbox.run({ resource: 'folder', operation: 'create', path: '/Reports/2026' }, { tokens });
		expect(created.error).toBeInstanceOf(NodeApiError);
		expect(created.error?.message).toBe('Dropbox: missing_scope');
		const description = created.error?.description ?? '';
		expect(description).toContain('"files.content.write"');
		expect(description).toContain('"Files and Folders", "Everything for a Personal App", "Everything for a Team App", "Files, Folders and Sharing"');
		expect(description).not.toContain('Read-Only Files');
		expect(dropbox.lookup('/Reports/2026')).toBeUndefined();
	});

	it('Everything for a Personal App creates, uploads and tags', async () => {
		const tokens = { scopes: scopesOf('full') };
		const created = await dropbox.run({ resource: 'folder', operation: 'create', path: '/Drafts' }, { tokens });
		expect(created.error).toBeUndefined();
		const uploaded = await dropbox.run({ resource: 'file', operation: 'upload', path: '/Drafts/a.txt', source: 'text', text: 'a' }, { tokens });
		expect(uploaded.error).toBeUndefined();
		const tagged = await dropbox.run({ resource: 'tag', operation: 'addTags', file: byPath('/Drafts/a.txt'), tags: 'draft' }, { tokens });
		expect(tagged.error).toBeUndefined();
		expect((await dropbox.read('/Drafts/a.txt')).toString()).toBe('a');
		expect(dropbox.requestsTo('files/tags/add')).toHaveLength(1);
	});
});
