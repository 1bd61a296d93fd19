// Dependencies point down: the credential imports only nodes/shared, a node imports only its own folder and
// nodes/shared, and nodes/shared imports no node. What two nodes (or a node and the credential) share lives in
// nodes/shared, so no node's folder is another's library.
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { dirname, join, relative, resolve, sep } = require('node:path');

const ROOT = resolve(__dirname, '..');

/** Every .ts file below a folder. */
function sources(dir) {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sources(path);
		return name.endsWith('.ts') ? [path] : [];
	});
}

/** The relative module specifiers of a source: static imports and re-exports, dynamic import() and require(). */
function relativeImports(text) {
	const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g;
	return [...text.matchAll(pattern)].map((match) => match[1]);
}

/** Where a file may import from, as folders relative to the repository; undefined for files not ruled here. */
function allowedFor(file) {
	const [top, node] = relative(ROOT, file).split(sep);
	if (top === 'credentials') return ['credentials', 'nodes/shared'];
	if (top === 'nodes' && node === 'shared') return ['nodes/shared'];
	if (top === 'nodes') return [`nodes/${node}`, 'nodes/shared'];
	return undefined;
}

/** The imports of a file that leave the folders it may import from, as "file -> target". */
function violations(file, text) {
	const allowed = allowedFor(file) ?? [];
	return relativeImports(text)
		.map((specifier) => relative(ROOT, resolve(dirname(file), specifier)).split(sep).join('/'))
		.filter((target) => !allowed.some((folder) => target === folder || target.startsWith(`${folder}/`)))
		.map((target) => `${relative(ROOT, file).split(sep).join('/')} -> ${target}`);
}

const files = [...sources(join(ROOT, 'credentials')), ...sources(join(ROOT, 'nodes'))];

describe('the package layout', () => {
	it('finds the credential, every node folder and nodes/shared', () => {
		const folders = new Set(files.map((file) => relative(ROOT, file).split(sep).slice(0, 2).join('/')));
		for (const folder of ['credentials/DropboxSuiteOAuth2Api.credentials.ts', 'nodes/DropboxSuite', 'nodes/DropboxSuiteTrigger', 'nodes/DropboxSuitePollingTrigger', 'nodes/DropboxSuiteLongPollTrigger', 'nodes/shared'])
			expect(folders).toContain(folder);
	});

	it('has no import from a sibling node\'s folder, nor from a node into nodes/shared or the credential', () => {
		expect(files.flatMap((file) => violations(file, readFileSync(file, 'utf8')))).toEqual([]);
	});

	it('catches such imports (the scan itself)', () => {
		const poll = join(ROOT, 'nodes/DropboxSuitePollingTrigger/DropboxSuitePollingTrigger.node.ts');
		const credential = join(ROOT, 'credentials/DropboxSuiteOAuth2Api.credentials.ts');
		const shared = join(ROOT, 'nodes/shared/watch.ts');
		expect(violations(poll, "import type { FeedState } from '../DropboxSuiteTrigger/watch';")).toEqual([
			'nodes/DropboxSuitePollingTrigger/DropboxSuitePollingTrigger.node.ts -> nodes/DropboxSuiteTrigger/watch',
		]);
		expect(violations(credential, "import { SCOPE_PRESETS } from '../nodes/DropboxSuite/actions/scopePresets';")).toHaveLength(1);
		expect(violations(shared, "export { catalog } from '../DropboxSuite/actions/catalog';")).toHaveLength(1);
		expect(violations(poll, "const x = require('../DropboxSuite/actions/catalog');")).toHaveLength(1);
		expect(violations(poll, "import { paginate } from '../shared/paginate';\nimport { x } from './local';")).toEqual([]);
		expect(violations(credential, "import { SCOPE_PRESETS } from '../nodes/shared/scopes';")).toEqual([]);
	});
});
