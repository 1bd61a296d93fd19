// @ts-check
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Readable } = require('node:stream');
const zlib = require('node:zlib');
const { ContentHasher, contentHash } = require('./content-hash');

/**
 * File bytes. A blob is immutable once made and may be shared by many entries (copies, revisions,
 * copy references): small blobs live in memory, large ones in a file under the store's scratch
 * directory, so a big upload is never held in memory (and never twice).
 */
class Blob {
	/**
	 * @param {{ size: number, contentHash: string, buffer?: Buffer, file?: string }} parts
	 */
	constructor({ size, contentHash: hash, buffer, file }) {
		this.size = size;
		this.contentHash = hash;
		this.buffer = buffer;
		this.file = file;
		/** @type {Promise<number> | undefined} */
		this.crcPromise = undefined;
	}

	/** @param {Buffer} buffer */
	static fromBuffer(buffer) {
		return new Blob({ size: buffer.length, contentHash: contentHash(buffer), buffer });
	}

	/**
	 * The bytes [start, end) as a stream.
	 * @param {number} [start] @param {number} [end]
	 * @returns {Readable}
	 */
	stream(start = 0, end = this.size) {
		if (this.buffer) return Readable.from([this.buffer.subarray(start, end)], { objectMode: false });
		if (end <= start) return Readable.from([], { objectMode: false });
		return fs.createReadStream(/** @type {string} */ (this.file), { start, end: end - 1, highWaterMark: 1024 * 1024 });
	}

	/** The whole content in memory: only for small blobs (thumbnails, exports, search). */
	async read() {
		if (this.buffer) return this.buffer;
		return fs.promises.readFile(/** @type {string} */ (this.file));
	}

	/** CRC-32 of the content (for ZIP archives), computed once. */
	crc32() {
		if (!this.crcPromise) {
			this.crcPromise = (async () => {
				let crc = 0;
				for await (const chunk of this.stream()) crc = crc32(/** @type {Buffer} */ (chunk), crc);
				return crc;
			})();
		}
		return this.crcPromise;
	}
}

/** CRC-32 (IEEE), continuing from `crc`. Node 20.15+ has zlib.crc32; the table version covers older ones. */
const crc32 = typeof (/** @type {any} */ (zlib).crc32) === 'function' ? (/** @type {(data: Uint8Array, value?: number) => number} */ (/** @type {any} */ (zlib).crc32)) : tableCrc32;

/** @type {Uint32Array | undefined} */
let crcTable;
/** @param {Uint8Array} data @param {number} [value] */
function tableCrc32(data, value = 0) {
	if (!crcTable) {
		crcTable = new Uint32Array(256);
		for (let n = 0; n < 256; n++) {
			let c = n;
			for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
			crcTable[n] = c >>> 0;
		}
	}
	let crc = (value ^ 0xffffffff) >>> 0;
	for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

/** Scratch directories of live stores, removed when the process exits even if a store was not disposed. */
const liveDirs = new Set();
let exitHookInstalled = false;

/**
 * Where large blobs live: one scratch directory per store, made on first use.
 */
class BlobStore {
	constructor() {
		/** @type {string | undefined} */
		this.dir = undefined;
		this.counter = 0;
	}

	/** A fresh file name in the scratch directory. */
	newFile() {
		if (!this.dir) {
			this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dropbox-stand-in-'));
			liveDirs.add(this.dir);
			if (!exitHookInstalled) {
				exitHookInstalled = true;
				process.once('exit', () => {
					for (const dir of liveDirs) fs.rmSync(dir, { recursive: true, force: true });
				});
			}
		}
		return path.join(this.dir, `blob-${++this.counter}`);
	}

	dispose() {
		if (!this.dir) return;
		fs.rmSync(this.dir, { recursive: true, force: true });
		liveDirs.delete(this.dir);
		this.dir = undefined;
	}
}

/** Bytes kept in memory before a writer moves to a file. */
const SPILL_AT = 8 * 1024 * 1024;

/**
 * Collects bytes into a blob, hashing as it goes: in memory while small, then in a scratch file.
 */
class BlobWriter {
	/** @param {BlobStore} blobs */
	constructor(blobs) {
		this.blobs = blobs;
		/** @type {Buffer[]} */
		this.chunks = [];
		this.size = 0;
		this.hasher = new ContentHasher();
		/** @type {fs.promises.FileHandle | undefined} */
		this.handle = undefined;
		/** @type {string | undefined} */
		this.file = undefined;
	}

	/** @param {Buffer} chunk */
	async write(chunk) {
		this.hasher.update(chunk);
		this.size += chunk.length;
		if (!this.handle && this.size <= SPILL_AT) {
			this.chunks.push(chunk);
			return;
		}
		if (!this.handle) {
			this.file = this.blobs.newFile();
			this.handle = await fs.promises.open(this.file, 'w');
			const pending = Buffer.concat(this.chunks);
			this.chunks = [];
			if (pending.length) await this.handle.write(pending, 0, pending.length, null);
			await this.handle.write(chunk, 0, chunk.length, null);
			return;
		}
		await this.handle.write(chunk, 0, chunk.length, null);
	}

	/** @returns {Promise<Blob>} */
	async finish() {
		const hash = this.hasher.digest();
		if (!this.handle) return new Blob({ size: this.size, contentHash: hash, buffer: Buffer.concat(this.chunks) });
		await this.handle.close();
		return new Blob({ size: this.size, contentHash: hash, file: this.file });
	}

	/** Give up (the request failed): drop what was written. */
	async abandon() {
		this.chunks = [];
		if (this.handle) {
			await this.handle.close().catch(() => {});
			if (this.file) await fs.promises.rm(this.file, { force: true });
		}
	}
}

module.exports = { Blob, BlobStore, BlobWriter, crc32 };
