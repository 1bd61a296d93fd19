import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InputChecker, kindOf } from '../../nodes/shared/validate';

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

// Every hint must lead to what was meant: for each common mistake and each kind of parameter, the fix it gives.
describe('hints for common path mistakes', () => {
	const hint = (parameter: string, value: string, form: 'list' | 'read' | 'write' | 'writeOrId' = 'write') => {
		const error = failure(() => check.path(parameter, value, form));
		expect(error.message.startsWith(`${parameter}: `)).toBe(true);
		return `${error.message} | ${error.description}`;
	};

	it.each([
		// A trailing slash: a file needs its name (taking the slash off would name the folder), a folder only loses it.
		['File Path', '/Notes/', /names a folder.*add the file's name after the last slash, such as "\/Notes\/report.pdf"/],
		['File', '/Notes/', /add the file's name.*"\/Notes\/report.pdf"/],
		['Doc Path', '/Notes/', /add the file's name.*"\/Notes\/report.pdf"/],
		['Folder Path', '/Notes/', /write "\/Notes"\.$/],
		['Destination Folder', '/Notes//', /write "\/Notes"\.$/],
		['Destination Path', '/Archive/', /to put it inside "\/Archive", add its name after the last slash, such as "\/Archive\/report.pdf" \("\/Archive" alone would be its new name\)/],
		['File or Folder', '/Notes/', /write "\/Notes" for the folder itself, or add a name/],
		// The root where a file is meant.
		['File Path', '/', /root folder, not a file.*"\/report.pdf"/],
		// Relative paths: made absolute, and a trailing slash still handled by kind.
		['File Path', 'Notes/a.txt', /relative path.*write "\/Notes\/a.txt"/],
		['File Path', 'Notes/', /relative path.*add the file's name.*"\/Notes\/report.pdf"/],
		['Folder Path', 'Notes/2026/', /relative path.*write "\/Notes\/2026"/],
		// Windows backslashes and paths on a computer.
		['File Path', '\\Notes\\a.txt', /uses backslashes.*write "\/Notes\/a.txt"/],
		['File Path', 'Notes\\a.txt', /uses backslashes.*write "\/Notes\/a.txt"/],
		['Folder Path', '\\Notes\\2026\\', /uses backslashes.*write "\/Notes\/2026"/],
		['File Path', 'C:\\Users\\me\\Dropbox\\Notes\\a.txt', /path on a computer.*write "\/Notes\/a.txt"/],
		['File Path', 'D:/Dropbox (Acme)/Notes/a.txt', /path on a computer.*write "\/Notes\/a.txt"/],
		['Folder Path', 'C:\\Users\\me\\Dropbox\\Notes\\', /path on a computer.*write "\/Notes"/],
		['File Path', 'C:\\Users\\me\\Desktop\\a.txt', /path on a computer.*starting with "\/".*Read\/Write Files from Disk/],
		['File Path', '\\\\server\\share\\a.txt', /path on a computer/],
		// Dropbox web addresses pasted where a path belongs: the path they point to.
		['File Path', 'https://www.dropbox.com/home/Notes?preview=a.txt', /web address.*write "\/Notes\/a.txt"/],
		['File', 'https://www.dropbox.com/home/Notes%202026?preview=Zo%C3%AB.txt', /write "\/Notes 2026\/Zoë.txt"/],
		['Folder Path', 'https://www.dropbox.com/home/Notes/2026', /web address.*write "\/Notes\/2026"/],
		['Folder Path', 'https://www.dropbox.com/home/Notes?preview=a.txt', /web address of the file "\/Notes\/a.txt".*write "\/Notes"/],
		['File Path', 'https://www.dropbox.com/home/Notes', /write "\/Notes" \(if that is a folder, add the file's name after the last slash, such as "\/Notes\/report.pdf"\)/],
		['File Path', 'https://www.dropbox.com/s/abc123/a.txt?dl=0', /shared link, which names no path.*\/home.*Shared Link resource/],
		['Folder Path', 'https://www.dropbox.com/scl/fo/abc/def?rlkey=x', /shared link/],
		['File Path', 'https://example.com/a.txt', /web address, not a Dropbox path.*Save From URL/],
	])('%s %j', (parameter, value, expected) => {
		expect(hint(parameter, value)).toMatch(expected);
	});

	it('reads the kind of a parameter from its display name', () => {
		expect(['File', 'File Path', 'File Paths', 'Doc', 'Doc Path'].map(kindOf)).toEqual(['file', 'file', 'file', 'file', 'file']);
		expect(['Folder', 'Folder Path', 'In Folder', 'Watched Folder', 'Destination Folder', 'Shared Folder'].map(kindOf)).toEqual(Array(6).fill('folder'));
		expect(['File or Folder', 'From', 'Destination Path'].map(kindOf)).toEqual(['any', 'any', 'destination']);
	});

	it('leaves right paths alone and lists the root', () => {
		expect(check.path('File Path', '/Notes/a.txt', 'write')).toBe('/Notes/a.txt');
		expect(check.path('Folder', '/', 'list')).toBe('');
		expect(check.path('File', 'id:abc', 'read')).toBe('id:abc');
	});
});
