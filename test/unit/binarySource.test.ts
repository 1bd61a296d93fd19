// The upload's binary source and n8n's database binary store (queue mode's default): a file above what the store
// can read back from Postgres is refused before any read, naming the settings that fix it (test/e2e-queue shows
// the read of such a file never finishing in n8n 2.41.1).
import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DATABASE_READ_LIMIT_BYTES, binarySource } from '../../nodes/DropboxSuite/actions/common/binary';
import { InputChecker } from '../../nodes/shared/validate';

const node = { id: '1', name: 'Dropbox Suite', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
const MiB = 1024 * 1024;

function fnWith(binary: Record<string, unknown>) {
	const reads: string[] = [];
	const fn = {
		getInputData: () => [{ json: {}, binary: { data: binary } }],
		helpers: {
			getBinaryStream: async (id: string) => {
				reads.push(id);
				return (async function* () {})();
			},
		},
	} as unknown as IExecuteFunctions;
	return { fn, reads };
}

describe('binarySource and the database binary store', () => {
	it('refuses a database-stored file above 256 MiB before reading it, naming the settings', async () => {
		const { fn, reads } = fnWith({ id: 'database:abc', bytes: 300 * MiB, fileName: 'big.mp4', mimeType: 'video/mp4', data: '' });
		const error = await binarySource(fn, 0, new InputChecker(node, 0), 'data').catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeOperationError);
		const text = `${(error as NodeOperationError).message} ${(error as NodeOperationError).description}`;
		expect(text).toMatch(/Input Binary Field/);
		expect(text).toMatch(/"big\.mp4" \(300 MiB\)/);
		expect(text).toMatch(/N8N_DEFAULT_BINARY_DATA_MODE=filesystem/);
		expect(text).toMatch(/N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE=255/);
		expect(reads).toEqual([]);
	});

	it('reads a database-stored file up to the limit, and files in other stores of any size', async () => {
		expect(DATABASE_READ_LIMIT_BYTES).toBe(268_435_443);
		for (const id of ['database:ok', 'filesystem-v2:workflows/1/executions/2/binary_data/x', 's3:y']) {
			const { fn, reads } = fnWith({ id, bytes: id === 'database:ok' ? DATABASE_READ_LIMIT_BYTES : 900 * MiB, data: '' });
			await binarySource(fn, 0, new InputChecker(node, 0), 'data');
			expect(reads).toEqual([id]);
		}
	});
});
