import { createHash } from 'crypto';

import { BLOCK_SIZE, ContentHasher, contentHash } from '../../nodes/shared/contentHash';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

describe('Dropbox content hash', () => {
	it('hashes empty input to SHA-256 of no digests', () => {
		expect(contentHash(Buffer.alloc(0))).toBe(createHash('sha256').update(Buffer.alloc(0)).digest('hex'));
	});

	it('is SHA-256 over the SHA-256 of each 4 MiB block', () => {
		const data = Buffer.alloc(BLOCK_SIZE * 2 + 123, 7);
		data.write('start', 0);
		const expected = createHash('sha256')
			.update(Buffer.concat([sha256(data.subarray(0, BLOCK_SIZE)), sha256(data.subarray(BLOCK_SIZE, 2 * BLOCK_SIZE)), sha256(data.subarray(2 * BLOCK_SIZE))]))
			.digest('hex');
		expect(contentHash(data)).toBe(expected);
	});

	it('gives the same hash whatever the pieces it is fed', () => {
		const data = Buffer.from(Array.from({ length: BLOCK_SIZE + 5000 }, (_, i) => (i * 31) % 251));
		const hasher = new ContentHasher();
		for (let offset = 0, size = 1; offset < data.length; offset += size, size = (size * 7) % 100_003 || 1)
			hasher.update(data.subarray(offset, offset + size));
		expect(hasher.bytes).toBe(data.length);
		expect(hasher.digest()).toBe(contentHash(data));
	});

	it('does not depend on where a block boundary falls in the pieces', () => {
		const data = Buffer.alloc(BLOCK_SIZE, 1);
		const split = new ContentHasher().update(data.subarray(0, BLOCK_SIZE - 1)).update(data.subarray(BLOCK_SIZE - 1)).digest();
		expect(split).toBe(createHash('sha256').update(sha256(data)).digest('hex'));
	});
});

describe('ContentHasher.append', () => {
	it('gives the whole hash from block-aligned pieces without rehashing', () => {
		const data = Buffer.from(Array.from({ length: BLOCK_SIZE * 3 + 77 }, (_, i) => (i * 17) % 256));
		const whole = new ContentHasher()
			.append(new ContentHasher().update(data.subarray(0, 2 * BLOCK_SIZE)))
			.append(new ContentHasher().update(data.subarray(2 * BLOCK_SIZE)));
		expect(whole.bytes).toBe(data.length);
		expect(whole.digest()).toBe(contentHash(data));
	});

	it('refuses to append after a partial block', () => {
		expect(() => new ContentHasher().update(Buffer.alloc(10)).append(new ContentHasher())).toThrow('block boundary');
	});
});
