import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InputChecker } from '../../nodes/shared/validate';

const node = { id: '1', name: 'Dropbox Suite', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
const check = new InputChecker(node, 2);

function failure(run: () => unknown): NodeOperationError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}
	throw new Error('expected a NodeOperationError');
}

describe('InputChecker.path', () => {
	it('accepts each form where the route allows it', () => {
		expect(check.path('Path', '/Docs/a.txt', 'write')).toBe('/Docs/a.txt');
		expect(check.path('Path', 'id:a4ayc_80_OEAAAAAAAAAXw', 'read')).toBe('id:a4ayc_80_OEAAAAAAAAAXw');
		expect(check.path('Path', 'rev:a1c10ce0dd78', 'read')).toBe('rev:a1c10ce0dd78');
		expect(check.path('Path', 'ns:1234/Reports', 'writeOrId')).toBe('ns:1234/Reports');
		expect(check.path('Folder', '', 'list')).toBe('');
		expect(check.path('Folder', '/', 'list')).toBe('');
	});

	it.each([
		['Docs/a.txt', 'write', /relative path/, /"\/Docs\/a.txt"/],
		['/Docs/', 'list', /ends with a slash/, /"\/Docs"/],
		['', 'read', /is empty/, /root folder cannot be used/],
		['rev:XYZ', 'read', /not a revision/, /hexadecimal/],
		['rev:a1c10ce0dd78', 'write', /cannot be a revision/, /path starting with/],
		['id:abc', 'write', /cannot be a file ID/, /needs a path/],
		['id:', 'read', /no ID after/, /id:/],
		['ns:abc', 'read', /not a namespace path/, /numeric namespace ID/],
	] as const)('rejects %j for a %s path', (value, form, problem, fix) => {
		const error = failure(() => check.path('Path', value, form));
		expect(error.message).toMatch(/^Path: /);
		expect(error.message).toMatch(problem);
		expect(error.description).toMatch(fix);
		expect(error.context.itemIndex).toBe(2);
	});
});

describe('InputChecker values', () => {
	it('checks revisions, account IDs and required fields', () => {
		expect(check.rev('Revision', 'a1c10ce0dd78')).toBe('a1c10ce0dd78');
		expect(failure(() => check.rev('Revision', 'a1c1')).message).toBe('Revision: "a1c1" is not a revision');
		expect(check.accountId('Account ID', 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc')).toHaveLength(40);
		expect(failure(() => check.accountId('Account ID', '12345')).description).toContain('starts with "dbid:"');
		expect(failure(() => check.required('Team Member ID', '  ')).message).toBe('Team Member ID: is empty');
	});

	it('splits lists on commas and newlines and refuses an empty one', () => {
		expect(check.list('IDs', 'a, b\nc,,', (x) => x.toUpperCase())).toEqual(['A', 'B', 'C']);
		expect(check.list('IDs', ['x', ' y '], (x) => x)).toEqual(['x', 'y']);
		expect(failure(() => check.list('IDs', ' , ', (x) => x)).message).toBe('IDs: is empty');
	});
});
