import { decodeResultHeader, headerSafeJson } from '../../nodes/shared/client';

describe('Dropbox-API-Arg encoding', () => {
	it('escapes every character from U+007F up and leaves ASCII alone', () => {
		const encoded = headerSafeJson({ path: '/Zoë/Ångström\u007f.txt', mode: 'add' });
		expect(encoded).toBe('{"path":"/Zo\\u00eb/\\u00c5ngstr\\u00f6m\\u007f.txt","mode":"add"}');
		expect(/^[\x20-\x7e]*$/.test(encoded)).toBe(true);
		expect(JSON.parse(encoded)).toEqual({ path: '/Zoë/Ångström\u007f.txt', mode: 'add' });
	});

	it('writes characters outside the BMP as two surrogate escapes', () => {
		const encoded = headerSafeJson({ path: '/📁/🎉.md' });
		expect(encoded).toBe('{"path":"/\\ud83d\\udcc1/\\ud83c\\udf89.md"}');
		expect(JSON.parse(encoded).path).toBe('/📁/🎉.md');
	});

	it('encodes a missing argument as null', () => {
		expect(headerSafeJson(undefined)).toBe('null');
	});
});

describe('Dropbox-API-Result decoding', () => {
	it('reads escaped JSON', () => {
		expect(decodeResultHeader('{"name":"Zo\\u00eb.txt","size":3}')).toEqual({ name: 'Zoë.txt', size: 3 });
	});

	it('reads raw UTF-8 that Node handed over as latin1', () => {
		const latin1 = Buffer.from('{"name":"日本語.txt"}', 'utf8').toString('latin1');
		expect(decodeResultHeader(latin1)).toEqual({ name: '日本語.txt' });
	});

	it('takes the first value of a repeated header', () => {
		expect(decodeResultHeader(['{"a":1}', '{"a":2}'])).toEqual({ a: 1 });
	});
});
