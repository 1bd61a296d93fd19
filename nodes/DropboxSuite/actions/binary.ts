import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ByteStream } from '../../shared';
import { ContentHasher } from '../../shared/contentHash';
import { mimeTypeOf } from '../../shared/mime';
import type { InputChecker } from '../../shared/validate';
import type { OperationContext } from './types';

/** How much n8n's binary store hands over at a time when a file is streamed from it. */
const READ_PIECE_BYTES = 1024 * 1024;

async function* once(data: Buffer): AsyncGenerator<Buffer> {
	yield data;
}

export const binaryPropertyField = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string' as const,
	default: 'data',
	required: true,
	hint: 'The name of the input binary field holding the file',
};

export const outputBinaryField = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string' as const,
	default: 'data',
	required: true,
	hint: 'The name of the output binary field to put the file in',
};

/**
 * The bytes of an input binary field as a stream. n8n 2.x keeps binary data in its store with an id, which
 * is read piece by piece; only binary data held in the item itself is read whole.
 */
export async function binarySource(
	fn: IExecuteFunctions,
	itemIndex: number,
	check: InputChecker,
	propertyName: string,
): Promise<{ source: AsyncIterable<Buffer>; binary: IBinaryData }> {
	const binary = fn.getInputData()[itemIndex]?.binary?.[propertyName];
	if (!binary) {
		const present = Object.keys(fn.getInputData()[itemIndex]?.binary ?? {});
		check.fail(
			'Input Binary Field',
			`the item has no binary field "${propertyName}"`,
			present.length
				? `Set Input Binary Field to one of the item's binary fields: ${present.join(', ')}.`
				: 'The item carries no file at all. Put a node that produces a file before this one (for example Read/Write Files from Disk or HTTP Request), or choose Text as the source.',
		);
	}
	if (binary.id) return { source: await fn.helpers.getBinaryStream(binary.id, READ_PIECE_BYTES), binary };
	return { source: once(await fn.helpers.getBinaryDataBuffer(itemIndex, propertyName)), binary };
}

type BinaryInput = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];
type PausableStream = ByteStream & { pause(): void; on(event: 'data', listener: (chunk: Buffer) => void): void };

/**
 * Stores a Dropbox download in n8n's binary store without buffering it, and checks the bytes against the
 * content hash Dropbox reported. The hash is computed by a second listener on the same stream: pausing first
 * means no data flows until n8n's store starts reading, so both see every chunk.
 */
async function storeDownload(
	fn: IExecuteFunctions,
	itemIndex: number,
	body: ByteStream,
	fileName: string,
	expectedHash?: string,
): Promise<IBinaryData> {
	const stream = body as PausableStream;
	const hasher = new ContentHasher();
	stream.pause();
	stream.on('data', (chunk) => hasher.update(chunk));
	const binary = await fn.helpers.prepareBinaryData(stream as unknown as BinaryInput, fileName, mimeTypeOf(fileName));
	if (expectedHash && hasher.digest() !== expectedHash) {
		throw new NodeOperationError(fn.getNode(), `The download of "${fileName}" was damaged on the way`, {
			itemIndex,
			description: `Dropbox's content hash is ${expectedHash}, the received ${hasher.bytes} bytes hash to ${hasher.digest()}. Run the node again.`,
		});
	}
	return binary;
}

/** What a download-style operation makes of Dropbox's result: the output item's JSON and the file's name and hash. */
interface DownloadedFile {
	json: IDataObject;
	fileName: string;
	/** Checked against the received bytes when Dropbox gives one. */
	hash?: string;
}

/**
 * One download-style call into one output item: the output field is checked before the request, the bytes are
 * streamed into n8n's binary store and checked against the hash.
 */
export async function downloadItem<T>(
	{ fn, itemIndex, dropbox, check, param }: OperationContext,
	route: string,
	arg: IDataObject,
	describe: (result: T) => DownloadedFile,
): Promise<INodeExecutionData[]> {
	const property = check.required('Put Output File in Field', param('binaryPropertyName'));
	const { result, body } = await dropbox.download<T>(route, arg);
	const { json, fileName, hash } = describe(result);
	return [{ json, binary: { [property]: await storeDownload(fn, itemIndex, body, fileName, hash) } }];
}
