import { createHash } from 'crypto';
import type { Hash } from 'crypto';

/** Dropbox hashes content in 4 MiB blocks. */
export const BLOCK_SIZE = 4 * 1024 * 1024;

/**
 * Dropbox's content hash, fed piece by piece: SHA-256 of each 4 MiB block, then SHA-256 of the concatenated
 * block digests, as hex. Memory stays at one block hash in progress, whatever the file size.
 */
export class ContentHasher {
	private readonly blockDigests: Buffer[] = [];
	private block: Hash = createHash('sha256');
	private inBlock = 0;
	bytes = 0;

	update(data: Buffer): this {
		if (this.inBlock + data.length < BLOCK_SIZE) {
			// Within one block (every download piece, most upload pieces): no view of the data is made.
			this.block.update(data);
			this.inBlock += data.length;
			this.bytes += data.length;
			return this;
		}
		for (let offset = 0; offset < data.length; ) {
			const take = Math.min(BLOCK_SIZE - this.inBlock, data.length - offset);
			this.block.update(data.subarray(offset, offset + take));
			this.inBlock += take;
			offset += take;
			if (this.inBlock === BLOCK_SIZE) this.closeBlock();
		}
		this.bytes += data.length;
		return this;
	}

	/**
	 * Takes over the finished blocks of another hasher that hashed the bytes right after this one's, so a
	 * whole file's hash comes from its chunks' block digests without hashing the bytes twice. Only valid at
	 * block boundaries (upload chunks are whole 4 MiB blocks but for the last).
	 */
	append(next: ContentHasher): this {
		if (this.inBlock !== 0) throw new Error('ContentHasher.append needs this hasher to end on a block boundary');
		next.closePartialBlock();
		this.blockDigests.push(...next.blockDigests);
		this.bytes += next.bytes;
		return this;
	}

	digest(): string {
		this.closePartialBlock();
		return createHash('sha256').update(Buffer.concat(this.blockDigests)).digest('hex');
	}

	private closePartialBlock() {
		if (this.inBlock > 0) this.closeBlock();
	}

	private closeBlock() {
		this.blockDigests.push(this.block.digest());
		this.block = createHash('sha256');
		this.inBlock = 0;
	}
}

export function contentHash(data: Buffer): string {
	return new ContentHasher().update(data).digest();
}
