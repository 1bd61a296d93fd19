// @ts-check
'use strict';

const crypto = require('node:crypto');

const BLOCK_SIZE = 4 * 1024 * 1024;

/**
 * Dropbox's content hash, fed in pieces of any size: SHA-256 of each 4 MiB block, then SHA-256 of the
 * concatenated raw block digests, in hex. Empty input has no blocks, so it hashes to SHA-256 of nothing.
 */
class ContentHasher {
	constructor() {
		this.overall = crypto.createHash('sha256');
		this.block = crypto.createHash('sha256');
		this.inBlock = 0;
	}

	/** @param {Uint8Array} chunk */
	update(chunk) {
		for (let offset = 0; offset < chunk.length; ) {
			if (this.inBlock === BLOCK_SIZE) this.closeBlock();
			const n = Math.min(BLOCK_SIZE - this.inBlock, chunk.length - offset);
			this.block.update(chunk.subarray(offset, offset + n));
			this.inBlock += n;
			offset += n;
		}
		return this;
	}

	closeBlock() {
		this.overall.update(this.block.digest());
		this.block = crypto.createHash('sha256');
		this.inBlock = 0;
	}

	/** An independent copy of the state so far (to try more bytes and keep or drop them). */
	clone() {
		const copy = new ContentHasher();
		copy.overall = this.overall.copy();
		copy.block = this.block.copy();
		copy.inBlock = this.inBlock;
		return copy;
	}

	/** @returns {string} hex; the hasher cannot be used afterwards */
	digest() {
		if (this.inBlock > 0) this.closeBlock();
		return this.overall.digest('hex');
	}
}

/** @param {Uint8Array} data */
const contentHash = (data) => new ContentHasher().update(data).digest();

module.exports = { ContentHasher, contentHash, BLOCK_SIZE };
