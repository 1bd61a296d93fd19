// @ts-check
'use strict';

const { Readable } = require('node:stream');

/**
 * A ZIP archive written as a stream: STORE method (no compression), UTF-8 names, sizes and CRC-32s
 * known before each local header (so no data descriptors), no ZIP64 (callers keep it under 4 GiB).
 *
 * @typedef {object} ZipItem
 * @property {string} name            "folder/" for a directory, "folder/file.txt" for a file
 * @property {Date} modified
 * @property {import('../blob').Blob} [blob]   files
 * @property {number} [crc]           files: CRC-32 of the blob
 */

/** MS-DOS date and time of a UTC instant. @param {Date} d */
function dosDateTime(d) {
	const year = Math.max(1980, d.getUTCFullYear());
	return {
		time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
		date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
	};
}

const UTF8 = 0x0800;

/**
 * @param {ZipItem[]} items
 * @returns {{ size: number, stream: () => Readable }}
 */
function zipArchive(items) {
	const prepared = items.map((item) => {
		const name = Buffer.from(item.name, 'utf8');
		const isDir = item.name.endsWith('/');
		const size = isDir ? 0 : (item.blob?.size ?? 0);
		const crc = isDir ? 0 : (item.crc ?? 0);
		const { time, date } = dosDateTime(item.modified);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(isDir ? 20 : 10, 4);
		local.writeUInt16LE(UTF8, 6);
		local.writeUInt16LE(0, 8);
		local.writeUInt16LE(time, 10);
		local.writeUInt16LE(date, 12);
		local.writeUInt32LE(crc >>> 0, 14);
		local.writeUInt32LE(size, 18);
		local.writeUInt32LE(size, 22);
		local.writeUInt16LE(name.length, 26);
		local.writeUInt16LE(0, 28);
		return { item, name, isDir, size, crc, time, date, local };
	});
	let offset = 0;
	const central = [];
	for (const p of prepared) {
		const header = Buffer.alloc(46);
		header.writeUInt32LE(0x02014b50, 0);
		header.writeUInt16LE((3 << 8) | 30, 4); // made by: Unix, spec 3.0
		header.writeUInt16LE(p.isDir ? 20 : 10, 6);
		header.writeUInt16LE(UTF8, 8);
		header.writeUInt16LE(0, 10);
		header.writeUInt16LE(p.time, 12);
		header.writeUInt16LE(p.date, 14);
		header.writeUInt32LE(p.crc >>> 0, 16);
		header.writeUInt32LE(p.size, 20);
		header.writeUInt32LE(p.size, 24);
		header.writeUInt16LE(p.name.length, 28);
		header.writeUInt32LE(((p.isDir ? 0o40755 : 0o100644) * 0x10000 + (p.isDir ? 0x10 : 0)) >>> 0, 38);
		header.writeUInt32LE(offset, 42);
		central.push(header, p.name);
		offset += p.local.length + p.name.length + p.size;
	}
	const centralDir = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(prepared.length, 8);
	end.writeUInt16LE(prepared.length, 10);
	end.writeUInt32LE(centralDir.length, 12);
	end.writeUInt32LE(offset, 16);
	const size = offset + centralDir.length + end.length;

	async function* bytes() {
		for (const p of prepared) {
			yield Buffer.concat([p.local, p.name]);
			if (!p.isDir && p.item.blob && p.size > 0) for await (const chunk of p.item.blob.stream()) yield /** @type {Buffer} */ (chunk);
		}
		yield centralDir;
		yield end;
	}
	return { size, stream: () => Readable.from(bytes(), { objectMode: false }) };
}

module.exports = { zipArchive };
