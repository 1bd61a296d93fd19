// @ts-check
'use strict';

const zlib = require('node:zlib');
const { crc32 } = require('../blob');

/**
 * Small, valid media the stand-in serves for thumbnails and previews: solid-colour PNG, baseline
 * JPEG and lossless WebP images of any size, and a one-page PDF. No image library is needed: the
 * encoders below write just enough of each format for one flat colour.
 */

/** @param {number} width @param {number} height @param {[number, number, number]} [rgb] */
function png(width, height, rgb = [0x3d, 0x7e, 0xbf]) {
	const row = Buffer.alloc(1 + width * 3);
	for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
	const raw = Buffer.concat(Array.from({ length: height }, () => row));
	/** @param {string} type @param {Buffer} data */
	const chunk = (type, data) => {
		const head = Buffer.alloc(8);
		head.writeUInt32BE(data.length, 0);
		head.write(type, 4, 'latin1');
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
		return Buffer.concat([head, data, crc]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr.set([8, 2, 0, 0, 0], 8);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', zlib.deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/**
 * A mid-grey baseline JPEG: every 8x8 block has DC difference 0 and no AC coefficients, so one-symbol
 * Huffman tables (code "0") encode each block in two bits.
 * @param {number} width @param {number} height
 */
function jpeg(width, height) {
	/** @param {number} marker @param {number[] | Buffer} body */
	const segment = (marker, body) => {
		const b = Buffer.from(body);
		const head = Buffer.alloc(4);
		head.writeUInt16BE(0xff00 | marker, 0);
		head.writeUInt16BE(b.length + 2, 2);
		return Buffer.concat([head, b]);
	};
	const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
	const bits = blocks * 2;
	const data = Buffer.alloc(Math.ceil(bits / 8), 0);
	if (bits % 8) data[data.length - 1] = (1 << (8 - (bits % 8))) - 1; // pad the last byte with 1-bits
	const stuffed = [];
	for (const byte of data) {
		stuffed.push(byte);
		if (byte === 0xff) stuffed.push(0);
	}
	const huffman = (/** @type {number} */ classAndId) => [classAndId, 1, ...new Array(15).fill(0), 0];
	return Buffer.concat([
		Buffer.from([0xff, 0xd8]),
		segment(0xe0, [...Buffer.from('JFIF\0', 'latin1'), 1, 1, 0, 0, 1, 0, 1, 0, 0]),
		segment(0xdb, [0, ...new Array(64).fill(1)]),
		segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
		segment(0xc4, huffman(0x00)),
		segment(0xc4, huffman(0x10)),
		segment(0xda, [1, 1, 0x00, 0, 63, 0]),
		Buffer.from(stuffed),
		Buffer.from([0xff, 0xd9]),
	]);
}

/**
 * A lossless (VP8L) WebP of one colour: five one-symbol prefix codes, so the pixels take no bits.
 * @param {number} width @param {number} height @param {[number, number, number]} [rgb]
 */
function webp(width, height, rgb = [0x3d, 0x7e, 0xbf]) {
	const bytes = [0x2f];
	let acc = 0;
	let n = 0;
	/** @param {number} value @param {number} count */
	const put = (value, count) => {
		for (let i = 0; i < count; i++) {
			acc |= ((value >> i) & 1) << n;
			if (++n === 8) {
				bytes.push(acc);
				acc = 0;
				n = 0;
			}
		}
	};
	put(width - 1, 14);
	put(height - 1, 14);
	put(0, 1); // alpha is not used
	put(0, 3); // version 0
	put(0, 1); // no transform
	put(0, 1); // no colour cache
	put(0, 1); // no meta prefix codes
	for (const value of [rgb[1], rgb[0], rgb[2], 255]) {
		put(1, 1); // simple code
		put(0, 1); // one symbol
		put(1, 1); // 8-bit symbol
		put(value, 8);
	}
	put(1, 1); // distance code: simple, one 1-bit symbol 0
	put(0, 1);
	put(0, 1);
	put(0, 1);
	if (n) bytes.push(acc);
	const vp8l = Buffer.from(bytes);
	const padded = vp8l.length % 2 ? Buffer.concat([vp8l, Buffer.alloc(1)]) : vp8l;
	const head = Buffer.alloc(20);
	head.write('RIFF', 0, 'latin1');
	head.writeUInt32LE(12 + padded.length, 4);
	head.write('WEBPVP8L', 8, 'latin1');
	head.writeUInt32LE(vp8l.length, 16);
	return Buffer.concat([head, padded]);
}

/**
 * A one-page PDF showing a few lines of text.
 * @param {string[]} lines
 */
function pdf(lines) {
	const esc = (/** @type {string} */ s) => s.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (c) => `\\${c}`);
	const text = ['BT', '/F1 14 Tf', '72 770 Td', '18 TL', ...lines.map((l) => `(${esc(l)}) '`), 'ET'].join('\n');
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
	/** @type {number[]} */
	const offsets = [];
	objects.forEach((body, i) => {
		offsets.push(Buffer.byteLength(out, 'latin1'));
		out += `${i + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = Buffer.byteLength(out, 'latin1');
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

/**
 * Width and height of a PNG, GIF or JPEG, when the bytes are one.
 * @param {Buffer} b @returns {{ width: number, height: number } | undefined}
 */
function imageSize(b) {
	if (b.length > 24 && b.readUInt32BE(0) === 0x89504e47) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
	if (b.length > 10 && b.toString('latin1', 0, 4) === 'GIF8') return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
	if (b.length > 4 && b[0] === 0xff && b[1] === 0xd8) {
		let i = 2;
		while (i + 9 < b.length) {
			if (b[i] !== 0xff) return undefined;
			const marker = b[i + 1];
			const length = b.readUInt16BE(i + 2);
			if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
			i += 2 + length;
		}
	}
	return undefined;
}

module.exports = { png, jpeg, webp, pdf, imageSize };
