import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ByteStream } from '../../../shared';
import { ContentHasher } from '../../../shared/contentHash';
import { mimeTypeOf } from '../../../shared/mime';
import type { InputChecker } from '../../../shared/validate';
import type { OperationContext } from '../types';

/** How much n8n's binary store hands over at a time when a file is streamed from it. */
const READ_PIECE_BYTES = 1024 * 1024;

/**
 * The largest file n8n 2.41's database binary store (the default in queue mode) can read back from Postgres: the
 * Postgres driver reads bytea as hex text, two characters a byte after "\x", and V8 strings end at 0x1fffffe8
 * characters. A larger read throws inside the driver and the execution never finishes (measured: test/e2e-queue).
 */
export const DATABASE_READ_LIMIT_BYTES = Math.floor((0x1fffffe8 - 2) / 2);

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

/** Where an upload's content comes from: a binary field of the item, or text (Source, Input Binary Field, Text). */
export const uploadSourceFields: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		options: [
			{ name: 'Binary Field', value: 'binary', description: 'A file from an earlier node' },
			{ name: 'Text', value: 'text', description: 'Text typed here or mapped from an expression, stored as UTF-8' },
		],
		default: 'binary',
	},
	{ ...binaryPropertyField, displayOptions: { show: { source: ['binary'] } } },
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 5 },
		default: '',
		displayOptions: { show: { source: ['text'] } },
		description: 'The content of the file',
	},
];

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
	if (binary.id?.startsWith('database:') && (binary.bytes ?? 0) > DATABASE_READ_LIMIT_BYTES) {
		check.fail(
			'Input Binary Field',
			`the file "${binary.fileName ?? propertyName}" (${Math.round((binary.bytes ?? 0) / 1024 / 1024)} MiB) is in n8n's database binary store, which cannot read a file above 256 MiB back from Postgres (n8n would stop at it)`,
			'For files this large, set N8N_DEFAULT_BINARY_DATA_MODE=filesystem with N8N_BINARY_DATA_STORAGE_PATH on storage that every n8n process shares (or use s3), and set N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE=255 so that larger files are refused when they are stored.',
		);
	}
	if (binary.id) return { source: await fn.helpers.getBinaryStream(binary.id, READ_PIECE_BYTES), binary };
	return { source: once(await fn.helpers.getBinaryDataBuffer(itemIndex, propertyName)), binary };
}

type BinaryInput = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];
/** Node's Readable.compose, described structurally (nodes may not import 'stream'): a stream through a generator. */
type ComposableStream = ByteStream & { compose(through: (source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer>): ByteStream };

/**
 * Regroups a stream into pieces of `size` bytes (the last one shorter). A new Buffer per piece: the store may
 * keep a piece after asking for the next (an object store uploads parts), so none is reused.
 */
function inPiecesOf(size: number) {
	return async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
		let piece = Buffer.allocUnsafe(size);
		let filled = 0;
		for await (const chunk of source) {
			for (let offset = 0; offset < chunk.length; ) {
				const take = Math.min(size - filled, chunk.length - offset);
				chunk.copy(piece, filled, offset, offset + take);
				filled += take;
				offset += take;
				if (filled === size) {
					yield piece;
					piece = Buffer.allocUnsafe(size);
					filled = 0;
				}
			}
		}
		if (filled) yield piece.subarray(0, filled);
	};
}

/**
 * How much is handed to n8n's binary store at a time. The filesystem store writes each piece it is given with one
 * awaited write (fs.promises.writeFile over the stream), and TLS delivers the body in pieces of at most 16 KiB:
 * 65,536 writes per GiB, one after the other. Gathering 1 MiB first costs one memory copy and saves 98% of them.
 */
const STORE_PIECE_BYTES = 1024 * 1024;

/**
 * Stores a Dropbox download in n8n's binary store without buffering it, checking the bytes against the content
 * hash Dropbox reported as they pass (each byte hashed once, in 1 MiB pieces). A mismatch fails the stream itself
 * before it ends, so n8n's store never commits the damaged copy (the file store removes its temporary
 * file; the memory and object stores keep nothing from a failed stream).
 */
async function storeDownload(
	fn: IExecuteFunctions,
	itemIndex: number,
	body: ByteStream,
	fileName: string,
	expectedHash?: string,
): Promise<IBinaryData> {
	const hasher = new ContentHasher();
	let received: string | undefined;
	const damaged = () =>
		new NodeOperationError(fn.getNode(), `The download of "${fileName}" was damaged on the way`, {
			itemIndex,
			description: `Dropbox's content hash is ${expectedHash}, the received ${hasher.bytes} bytes hash to ${received}. Nothing was stored; run the node again.`,
		});
	// Two steps: the check yields inside its loop and throws only after its source ended, which is how a failed
	// check reaches the store's stream (a throw after a yield that follows the source's end would not).
	const gathered = (body as ComposableStream).compose(inPiecesOf(STORE_PIECE_BYTES)) as ComposableStream;
	const checked = gathered.compose(async function* (source) {
		for await (const piece of source) {
			hasher.update(piece);
			yield piece;
		}
		received = hasher.digest();
		if (expectedHash && received !== expectedHash) throw damaged();
	});
	try {
		return await fn.helpers.prepareBinaryData(checked as unknown as BinaryInput, fileName, mimeTypeOf(fileName));
	} catch (error) {
		// The store may wrap the stream's error: say what happened in our own words.
		if (expectedHash && received !== undefined && received !== expectedHash) throw damaged();
		throw new NodeOperationError(fn.getNode(), error as Error, { itemIndex });
	}
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

/**
 * One download-style call whose bytes are wanted as text in the output item's JSON (small results such as an
 * exported Paper doc): read whole, checked against the hash like a stored download.
 */
export async function downloadText<T>(
	{ fn, itemIndex, dropbox }: OperationContext,
	route: string,
	arg: IDataObject,
	describe: (result: T) => DownloadedFile,
): Promise<{ json: IDataObject; text: string }> {
	const { result, body } = await dropbox.download<T>(route, arg);
	const { json, fileName, hash } = describe(result);
	const hasher = new ContentHasher();
	const chunks: Buffer[] = [];
	for await (const chunk of body) {
		hasher.update(chunk);
		chunks.push(Buffer.from(chunk));
	}
	const received = hasher.digest();
	if (hash && received !== hash) {
		throw new NodeOperationError(fn.getNode(), `The download of "${fileName}" was damaged on the way`, {
			itemIndex,
			description: `Dropbox's content hash is ${hash}, the received ${hasher.bytes} bytes hash to ${received}. Run the node again.`,
		});
	}
	return { json, text: Buffer.concat(chunks).toString('utf8') };
}
