// File and folder locators at run time, through n8n's engine: the same checks as in the editor (values from
// expressions are only known here), and Dropbox web addresses, malformed ones included.
import { NodeOperationError } from 'n8n-workflow';

import { mockSleep } from '../harness';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

const getMetadata = (mode: string, value: string) => ({ resource: 'file', operation: 'getMetadata', file: { __rl: true, mode, value } });

describe('locators at run time', () => {
	it('reads a Dropbox web address with percent-escapes as a path', async () => {
		dropbox.put('/Reports 2026/Zoë.txt', 'x');
		const result = await dropbox.run(getMetadata('url', 'https://www.dropbox.com/home/Reports%202026?preview=Zo%C3%AB.txt'));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.path_display).toBe('/Reports 2026/Zoë.txt');
	});

	it('names the parameter and the fix for a malformed percent-escape, before any request', async () => {
		const result = await dropbox.run(getMetadata('url', 'https://www.dropbox.com/home/a%ZZb'));
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('File: "https://www.dropbox.com/home/a%ZZb" has a malformed percent-escape');
		expect(result.error?.description).toContain('%25');
		expect(dropbox.standIn.requests).toHaveLength(0);
	});

	it('has n8n refuse a literal value the editor flags, before the node runs', async () => {
		await expect(dropbox.run(getMetadata('url', 'https://example.com/home/Reports'))).rejects.toThrow(/Not a Dropbox web address of an item in this Dropbox/);
		await expect(dropbox.run(getMetadata('path', 'Reports/x.txt'))).rejects.toThrow(/Not a Dropbox file path: start with "\/" and end with the file's name/);
		expect(dropbox.standIn.requests).toHaveLength(0);
	});

	// Values from expressions are known only at run time: the node checks them itself.
	it.each([
		['url', 'https://example.com/home/Reports', 'File: "https://example.com/home/Reports" is a web address, not a Dropbox path'],
		['url', 'https://www.dropbox.com/s/abc/report.pdf', 'File: "https://www.dropbox.com/s/abc/report.pdf" is a shared link, which names no path in this Dropbox'],
		['id', 'id:has space', 'File: "id:has space" is not a Dropbox ID'],
		['path', 'Reports/x.txt', 'File: "Reports/x.txt" is a relative path'],
	])('refuses %s "%s" from an expression before any request', async (mode, value, message) => {
		const result = await dropbox.run(getMetadata(mode, `={{ ${JSON.stringify(value)} }}`));
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(message);
		expect(dropbox.standIn.requests).toHaveLength(0);
	});
});

describe('path hints at run time', () => {
	it.each([
		[{ resource: 'temporaryLink', operation: 'getTemporaryUploadLink', path: '/Notes/' }, 'File Path: "/Notes/" ends with a slash, so it names a folder', '"/Notes/report.pdf"'],
		[{ resource: 'folder', operation: 'create', path: '/Notes/' }, 'Folder Path: "/Notes/" ends with a slash', 'write "/Notes".'],
		[{ resource: 'folder', operation: 'create', path: 'https://www.dropbox.com/home/Notes/2026' }, 'Folder Path: "https://www.dropbox.com/home/Notes/2026" is a web address, not a Dropbox path', 'write "/Notes/2026"'],
	])('names the parameter and a fix that gives what was meant, before any request (%j)', async (parameters, message, fix) => {
		const result = await dropbox.run(parameters);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toContain(fix);
		expect(dropbox.standIn.requests).toHaveLength(0);
	});
});

describe('hints after Dropbox refuses a path', () => {
	it('Upload onto a folder: add the file name (Overwrite would not help)', async () => {
		dropbox.put('/Notes/old.txt', 'x');
		const result = await dropbox.run({ resource: 'file', operation: 'upload', path: '/Notes', source: 'text', text: 'hello', options: {} });
		expect(result.error?.message).toMatch(/conflict\/folder/);
		expect(result.error?.description).toContain('A folder exists at "/Notes"');
		expect(result.error?.description).toContain('"/Notes/report.pdf"');
		expect(result.error?.description).not.toContain('Choose the Overwrite mode');
	});

	it('Download of a folder: give a file inside it', async () => {
		dropbox.put('/Notes/a.txt', 'x');
		const result = await dropbox.run({ resource: 'file', operation: 'download', file: { __rl: true, mode: 'path', value: '/Notes' } });
		expect(result.error?.message).toBe('Dropbox: path/not_file');
		expect(result.error?.description).toBe('"/Notes" is a folder, but this operation needs a file: give the path of a file, such as "/Notes/report.pdf" for one inside it.');
	});
});
