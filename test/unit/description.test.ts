// The node's description as the editor reads it: which Request Options each operation shows, decided by
// n8n's own displayParameter from the resource and operation, against what its routes allow (route table).
import type { INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { catalog } from '../../nodes/DropboxSuite/actions/catalog';
import { requestOptionsProperties } from '../../nodes/DropboxSuite/actions/common/requestOptions';
import type { ResourceDefinition } from '../../nodes/DropboxSuite/actions/types';
import { DropboxSuite } from '../../nodes/DropboxSuite/DropboxSuite.node';
import { ROUTES } from '../../nodes/shared/routes.generated';

const description = new DropboxSuite().description;

/** The Request Options collections the editor shows for one operation. */
function shownRequestOptions(properties: INodeProperties[], resource: string, operation: string): INodeProperties[] {
	const values = { resource, operation };
	return properties.filter(
		(property) => property.name === 'requestOptions' && NodeHelpers.displayParameter(values, property, { typeVersion: 2 }, description),
	);
}

const optionNames = (collection: INodeProperties) => (collection.options as INodeProperties[]).map((option) => option.name).sort();
const actAsValues = (collection: INodeProperties) =>
	((collection.options as INodeProperties[]).find((option) => option.name === 'actAs')?.options ?? []).map((option) => (option as { value: string }).value).sort();

const RETRY = ['maxAttempts', 'maxWaitSeconds'];
const MEMBER = ['actAs', 'namespaceId', 'pathRoot', 'teamMemberId'];

describe('Request Options per operation', () => {
	it.each(catalog.map((entry) => [`${entry.resource} → ${entry.operation}`, entry] as const))('%s shows what its routes allow', (_label, entry) => {
		const shown = shownRequestOptions(description.properties, entry.resource, entry.operation);
		expect(shown).toHaveLength(1);
		const userRoutes = entry.routes.filter((route) => ROUTES[route].auth.includes('user'));
		if (!userRoutes.length) {
			expect(optionNames(shown[0])).toEqual(RETRY);
			return;
		}
		expect(optionNames(shown[0])).toEqual([...RETRY, ...MEMBER].sort());
		const admin = userRoutes.every((route) => ROUTES[route].selectAdmin);
		expect(actAsValues(shown[0])).toEqual(admin ? ['admin', 'member', 'self'] : ['member', 'self']);
	});

	it('offers Team Admin where every route allows Select-Admin, and not where one does not', () => {
		const actAs = (resource: string, operation: string) => actAsValues(shownRequestOptions(description.properties, resource, operation)[0]);
		expect(actAs('file', 'download')).toContain('admin');
		expect(actAs('file', 'upload')).toContain('admin');
		expect(actAs('fileLock', 'lock')).toEqual(['member', 'self']);
		expect(actAs('file', 'saveFromUrl')).toEqual(['member', 'self']);
		expect(actAs('account', 'getSpaceUsage')).toEqual(['member', 'self']);
	});

	it('offers neither Act As nor Path Root on operations of the team namespace', () => {
		const team: ResourceDefinition = {
			value: 'team',
			name: 'Team',
			description: 'Team',
			teamOnly: true,
			defaultOperation: 'listMembers',
			operations: [
				{ operation: 'listMembers', name: 'List Members', action: 'List members', description: '', routes: ['team/members/list_v2', 'team/members/list/continue_v2'], properties: [] },
				{ operation: 'getMemberFile', name: 'Get', action: 'Get', description: '', routes: ['files/get_metadata'], properties: [] },
			],
		};
		const properties = requestOptionsProperties([team]);
		expect(optionNames(shownRequestOptions(properties, 'team', 'listMembers')[0])).toEqual(RETRY);
		expect(optionNames(shownRequestOptions(properties, 'team', 'getMemberFile')[0])).toEqual([...RETRY, ...MEMBER].sort());
	});
});

describe('File and folder locators check their value in the editor', () => {
	const locators = description.properties.filter((property) => property.type === 'resourceLocator');
	const node = (value: Record<string, unknown>) => ({
		id: '1',
		name: 'Dropbox Suite',
		type: 'n8n-nodes-dropbox-suite.dropboxSuite',
		typeVersion: 2,
		position: [0, 0] as [number, number],
		parameters: { resource: 'file', operation: 'download', file: { __rl: true, ...value } },
	});
	/** The editor's issues for the Download locator, as n8n computes them. */
	const issues = (mode: string, value: string) =>
		NodeHelpers.getNodeParametersIssues(description.properties, node({ mode, value }), description)?.parameters?.file ?? [];

	it('gives every By Path, By ID and By URL mode a regex check, and By URL an extractValue', () => {
		expect(locators.length).toBeGreaterThan(10);
		for (const locator of locators) {
			for (const mode of (locator.modes ?? []).filter((m) => m.name !== 'list')) {
				expect(mode.validation).toEqual([{ type: 'regex', properties: { regex: expect.any(String), errorMessage: expect.any(String) } }]);
				if (mode.name === 'url') expect(mode.extractValue).toEqual({ type: 'regex', regex: expect.any(String) });
			}
		}
	});

	it.each([
		['path', '/Reports/2026/summary.pdf'],
		['path', '/'],
		['path', 'ns:1234/Team/plan.docx'],
		['path', 'id:a4ayc_80_OEAAAAAAAAAXw'],
		['id', 'id:a4ayc_80_OEAAAAAAAAAXw'],
		['id', 'a4ayc_80_OEAAAAAAAAAXw'],
		['url', 'https://www.dropbox.com/home/Reports?preview=summary.pdf'],
		['url', 'https://www.dropbox.com/home'],
		['path', '={{ $json.path }}'],
	])('accepts %s "%s"', (mode, value) => {
		expect(issues(mode, value)).toEqual([]);
	});

	it.each([
		// The locator here is a file's: its message says a file path ends with the file's name.
		['path', 'Reports/2026', 'Not a Dropbox file path: start with "/" and end with the file\'s name'],
		['path', '/Reports/2026/', 'Not a Dropbox file path: start with "/" and end with the file\'s name'],
		['id', 'id:has space', 'Not a Dropbox ID'],
		['url', 'https://example.com/home/Reports', 'Not a Dropbox web address of an item in this Dropbox'],
		['url', 'https://www.dropbox.com/s/abc/file.pdf', '(a shared link names no path here)'],
	])('flags %s "%s"', (mode, value, message) => {
		expect(issues(mode, value)).toEqual([expect.stringContaining(message)]);
	});

	it('extracts the part after the host from a Dropbox address, as n8n does with extractValue', () => {
		const download = locators.find((locator) => locator.displayOptions?.show?.operation?.includes('download'));
		const regex = download?.modes?.find((mode) => mode.name === 'url')?.extractValue?.regex as string;
		expect(new RegExp(regex).exec('https://www.dropbox.com/home/Reports%202026?preview=a.pdf')?.[1]).toBe('/home/Reports%202026?preview=a.pdf');
	});
});

describe('an empty locator', () => {
	it('is left to the required check, and is the root for Folder → List', () => {
		const parameters = { resource: 'folder', operation: 'list', folder: { __rl: true, mode: 'path', value: '' } };
		const node = { id: '1', name: 'Dropbox Suite', type: 'n8n-nodes-dropbox-suite.dropboxSuite', typeVersion: 2, position: [0, 0] as [number, number], parameters };
		expect(NodeHelpers.getNodeParametersIssues(description.properties, node, description)?.parameters?.folder).toBeUndefined();
	});
});

describe('the Operation list of each resource', () => {
	// Version 2's: version 1 (release 0.1.0's lists, test/unit/versions.test.ts) has some of its own.
	const operationParameters = description.properties.filter(
		(property) => property.name === 'operation' && (property.displayOptions?.show?.['@version'] ?? [2]).includes(2),
	);
	const namesOf = (resource: string) =>
		(operationParameters.find((property) => property.displayOptions?.show?.resource?.[0] === resource)?.options as Array<{ name: string }>).map((option) => option.name);

	it('stays short enough to scan (locks, revisions, tags, previews, links and copy references are resources of their own)', () => {
		const long = operationParameters.filter((property) => (property.options ?? []).length > 15).map((property) => property.displayOptions?.show?.resource?.[0]);
		expect(long).toEqual([]);
	});

	it('puts each many-item operation right after its single-item one under File and Folder', () => {
		for (const resource of ['file', 'folder']) {
			const names = namesOf(resource);
			for (const verb of ['Copy', 'Delete', 'Move']) expect(names[names.indexOf(verb) + 1]).toBe(`${verb} Many`);
		}
		expect(namesOf('file')).toEqual(expect.arrayContaining(['Upload', 'Upload Many', 'Get Job Status']));
		expect(namesOf('folder')).toEqual(expect.arrayContaining(['Create', 'Create Many', 'Create From List']));
	});

	it('starts on the most common operation, not the first in alphabetical order', () => {
		const defaults = Object.fromEntries(operationParameters.map((property) => [property.displayOptions?.show?.resource?.[0], property.default]));
		expect(defaults).toMatchObject({
			file: 'upload',
			folder: 'list',
			fileRevision: 'listRevisions',
			fileLock: 'lock',
			tag: 'addTags',
			preview: 'getThumbnail',
			temporaryLink: 'getTemporaryLink',
			copyReference: 'getCopyReference',
			account: 'getCurrent',
			sharedLink: 'getOrCreate',
			team: 'getInfo',
			teamFolder: 'list',
			teamMember: 'list',
		});
		for (const property of operationParameters) {
			expect((property.options as Array<{ value: string }>).map((option) => option.value)).toContain(property.default);
		}
	});
});
