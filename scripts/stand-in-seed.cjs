// The small, realistic Dropbox the stand-in starts with for `npm start` and the e2e suite: a few folders, files
// with non-ASCII names, and one file above the 150 MiB single-request upload limit (so that copying it back up
// needs an upload session). Extend SEED_TREE (or seedStandIn) when the stand-in learns more.
'use strict';

const MIB = 1024 * 1024;

/** Bytes of the large file: above files/upload's 150 MiB limit. */
const LARGE_FILE_SIZE = 160 * MIB;

/** Bytes of the file the shared-link example hands out: far above what e-mail attachments allow. */
const DELIVERY_FILE_SIZE = 48 * MIB;

/** Deterministic, incompressible-looking bytes (xorshift32). @param {number} size @param {number} seed */
function xorshiftBytes(size, seed) {
	const buffer = Buffer.allocUnsafe(size);
	let x = seed >>> 0 || 1;
	let offset = 0;
	for (; offset + 4 <= size; offset += 4) {
		x ^= x << 13;
		x >>>= 0;
		x ^= x >>> 17;
		x ^= x << 5;
		x >>>= 0;
		buffer.writeUInt32LE(x, offset);
	}
	for (; offset < size; offset++) buffer[offset] = offset & 0xff;
	return buffer;
}

/**
 * `size` deterministic bytes in chunks (stable hashes from run to run; a large file never sits in memory whole):
 * one pseudo-random block, each chunk stamped with its number so that no two chunks are the same.
 * @param {number} size
 * @returns {Generator<Buffer, void, undefined>}
 */
function* patternChunks(size, seed = 0x2545f491, chunkSize = 4 * MIB) {
	const block = xorshiftBytes(Math.min(chunkSize, size), seed);
	for (let start = 0, index = 0; start < size; start += chunkSize, index++) {
		const chunk = Buffer.from(block.subarray(0, Math.min(chunkSize, size - start)));
		if (chunk.length >= 8) chunk.writeBigUInt64LE(BigInt(index) ^ BigInt(seed), 0);
		yield chunk;
	}
}

/** @param {number} size @param {number} [seed] */
const patternBytes = (size, seed) => Buffer.concat([...patternChunks(size, seed)]);

/** Folders (paths) and files (path → Buffer, or chunks for a large file), in the personal account's home. */
const SEED_TREE = {
	folders: ['/Projects', '/Projects/Nordlicht Relaunch', '/Photos', '/Photos/Zürich 2025', '/Documents', '/Archive', '/Archive/Logs', '/Inbox', '/Deliveries', '/Clients', '/Clients/Atlas Kickoff', '/Sync', '/Sync/Left', '/Sync/Right'],
	files: {
		'/Projects/Nordlicht Relaunch/Plan.md': () =>
			Buffer.from('# Nordlicht relaunch\n\n- [x] Kick-off\n- [ ] Café opening on 2025-10-01\n- [ ] Press kit\n'),
		'/Projects/Nordlicht Relaunch/Budget 2025.csv': () =>
			Buffer.from('item,amount_eur\nDesign,12000\nPrint,3400.50\nÉvénement,8000\n'),
		'/Documents/Crème brûlée – Rezept.txt': () =>
			Buffer.from('Zutaten: 500 ml Sahne, 1 Vanilleschote, 5 Eigelb, 100 g Zucker.\n'),
		'/Documents/報告書 2025.txt': () => Buffer.from('年次報告書（下書き）\n売上は前年比 12% 増。\n'),
		'/Documents/Launch plan.paper': () => Buffer.from('# Launch plan\n\n- Press kit by Friday\n- Café opening: 1 October\n'),
		'/Photos/Zürich 2025/Seeufer 🌅.jpg': () => patternBytes(48 * 1024, 0x1234567),
		'/Archive/Conference recording.mp4': () => patternChunks(LARGE_FILE_SIZE),
		// For the "large file behind a password-protected link" example: too large for an e-mail attachment.
		'/Deliveries/Nordlicht Relaunch – final cut.mp4': () => patternChunks(DELIVERY_FILE_SIZE, 0x5eed1e55),
		// Logs for the "batch-delete old files" example: three from early 2025 (client_modified below) and one of today.
		'/Archive/Logs/app 2025-01-05.log': () => Buffer.from('2025-01-05T08:00:00Z INFO started\n'),
		'/Archive/Logs/app 2025-02-11.log': () => Buffer.from('2025-02-11T08:00:00Z WARN disk 91% full\n'),
		'/Archive/Logs/app 2025-03-20.log': () => Buffer.from('2025-03-20T08:00:00Z INFO rotated\n'),
		'/Archive/Logs/app today.log': () => Buffer.from('INFO still running\n'),
		// The project folder the "share a project folder" example shares.
		'/Clients/Atlas Kickoff/Agenda.md': () => Buffer.from('# Atlas kick-off\n\n1. Goals for Q3\n2. Who does what\n3. Café budget ☕\n'),
	},
	/** client_modified of seeded files (default: the time of seeding). @type {Record<string, string>} */
	clientModified: {
		'/Archive/Logs/app 2025-01-05.log': '2025-01-05T08:00:00Z',
		'/Archive/Logs/app 2025-02-11.log': '2025-02-11T08:00:00Z',
		'/Archive/Logs/app 2025-03-20.log': '2025-03-20T08:00:00Z',
	},
};

/**
 * File content for the store: a Buffer as it is; chunks through the stand-in's BlobWriter (a scratch file).
 * @param {any} store  the stand-in's Store
 * @param {Buffer | Iterable<Buffer>} made
 */
async function toContent(store, made) {
	if (Buffer.isBuffer(made)) return made;
	let BlobWriter;
	try {
		({ BlobWriter } = require('../test/emulator/blob'));
	} catch {
		BlobWriter = undefined;
	}
	if (!BlobWriter || !store.blobs) return Buffer.concat([...made]);
	const writer = new BlobWriter(store.blobs);
	for (const chunk of made) await writer.write(chunk);
	return await writer.finish();
}

/**
 * Seeds the stand-in's personal account with SEED_TREE, through the stand-in's store (in this process).
 * A stand-in without a file store is left as it is.
 * @param {any} standIn  what startDropboxStandIn() returned
 * @returns {Promise<{ folders: number, files: number, bytes: number }>}
 */
async function seedStandIn(standIn) {
	const store = standIn.store;
	const result = { folders: 0, files: 0, bytes: 0 };
	if (!store || typeof store.putFile !== 'function' || typeof store.ensureFolder !== 'function') return result;
	const nsId = typeof store.personal === 'function' ? store.personal().home_namespace_id : standIn.defaultAccount.root_info.home_namespace_id;
	for (const folder of SEED_TREE.folders) {
		store.ensureFolder(nsId, folder);
		result.folders++;
	}
	for (const [filePath, make] of Object.entries(SEED_TREE.files)) {
		const content = await toContent(store, make());
		const clientModified = SEED_TREE.clientModified[filePath];
		store.putFile(nsId, filePath, content, clientModified ? { clientModified } : {});
		result.files++;
		result.bytes += Buffer.isBuffer(content) ? content.length : content.size;
	}
	return result;
}

module.exports = { seedStandIn, SEED_TREE, LARGE_FILE_SIZE, DELIVERY_FILE_SIZE, patternChunks };
