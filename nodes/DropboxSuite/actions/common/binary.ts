import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ByteStream } from '../../../shared';
import { ContentHasher } from '../../../shared/contentHash';
import { mimeTypeOf } from '../../../shared/mime';
import type { ReleasableSource } from '../../../shared/upload';
import { releaseBuffer } from '../../../shared/upload';
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
	if (binary.id) {
		// Every piece is a Buffer n8n's store read for this call alone: once copied, its memory may be freed at once.
		const stream = await fn.helpers.getBinaryStream(binary.id, READ_PIECE_BYTES);
		const source: ReleasableSource = { [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](), release: releaseBuffer };
		return { source, binary };
	}
	return { source: once(await fn.helpers.getBinaryDataBuffer(itemIndex, propertyName)), binary };
}

type BinaryInput = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

/** A Node Readable as storeDownload uses it, described structurally (nodes may not import 'stream'). */
interface NodeReadable extends ByteStream {
	on(event: 'data', listener: (chunk: Buffer) => void): this;
	listenerCount(event: 'data'): number;
	on(event: 'end' | 'close', listener: () => void): this;
	on(event: 'error', listener: (error: Error) => void): this;
	pause(): this;
	resume(): this;
	destroy(error?: Error): this;
	push(chunk: Buffer | null): boolean;
	readonly readableEnded?: boolean;
}
type ReadableClass = new (options: {
	objectMode: boolean;
	highWaterMark: number;
	read(): void;
	destroy(error: Error | null, callback: (error?: Error | null) => void): void;
}) => NodeReadable;

/**
 * Node's Readable class, from the prototype chain of a stream n8n handed over (every Node stream derives from it;
 * nodes may not import 'stream'). Undefined for a body that is no Node stream.
 */
function readableClassOf(body: unknown): ReadableClass | undefined {
	for (let proto = body && Object.getPrototypeOf(body); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
		const ctor = (proto as { constructor?: { name?: string; from?: unknown } }).constructor;
		if (ctor?.name === 'Readable' && typeof ctor.from === 'function') return ctor as unknown as ReadableClass;
	}
	return undefined;
}

/**
 * How much is handed to n8n's binary store at a time. The filesystem store writes each piece it is given with one
 * awaited write (fs.promises.writeFile over the stream), and TLS delivers the body in pieces of at most 16 KiB:
 * 65,536 writes per GiB, one after the other. Gathering 1 MiB first costs one memory copy and saves 98% of them.
 * A new Buffer per piece: a store may keep a piece after asking for the next (the object stores collect them).
 */
const STORE_PIECE_BYTES = 1024 * 1024;

/**
 * The body regrouped into pieces of STORE_PIECE_BYTES, each hashed once when it is full, as a stream of its own
 * for n8n's store. The body is read in flowing mode ('data' events, paused while the store is behind): one
 * function call per TLS record of up to 16 KiB, where async iteration (or Readable.compose) costs several promises
 * per record, and a download of 1 GiB has 65,536 of them. At the body's end the hash is checked before the stream
 * ends: on a mismatch it fails instead, so the store never commits (the file store removes its temporary file;
 * the other stores keep nothing from a failed stream).
 */
function checkedPieces(Readable: ReadableClass, body: NodeReadable, hasher: ContentHasher, check: () => Error | undefined): NodeReadable {
	const pieces = new Pieces(STORE_PIECE_BYTES);
	let started = false;
	const onData = (chunk: Buffer) => {
		for (const full of pieces.add(chunk)) {
			hasher.update(full);
			if (!out.push(full)) body.pause();
		}
		// Node's HTTP client gives each piece of the body a Buffer of its own (a copy out of the TLS layer). Once
		// copied, nothing reads it again when this is the body's only reader: its memory is freed now, not at the
		// next full garbage collection (see releaseBuffer).
		if (body.listenerCount('data') === 1) releaseBuffer(chunk);
	};
	const onEnd = () => {
		const last = pieces.rest();
		if (last) hasher.update(last);
		const failure = check();
		if (failure) {
			out.destroy(failure);
			return;
		}
		if (last) out.push(last);
		out.push(null);
	};
	const out = new Readable({
		// One piece at a time: a byte stream hands a reader everything it holds at once, merged into a new Buffer
		// (a copy of each piece and 1 MiB more to collect); an object stream hands over the pieces themselves.
		objectMode: true,
		// A few pieces may wait while the store writes one, so the body keeps flowing through a slow write.
		highWaterMark: 4,
		read() {
			if (started) {
				body.resume();
				return;
			}
			// The body flows only once the store reads, so that an early end or failure meets the store's listeners.
			started = true;
			body.on('data', onData);
			body.on('end', onEnd);
			body.on('error', (error: Error) => out.destroy(error));
		},
		destroy(error, callback) {
			// The store gave up (or the check failed): stop the download too.
			if (!body.readableEnded) body.destroy();
			callback(error);
		},
	});
	return out;
}

/** No piece filled: shared, so that the many chunks that fill none allocate nothing. */
const NO_PIECES: readonly Buffer[] = [];

/**
 * Gathers bytes into pieces of `size` (the last one shorter). A new Buffer per piece: a store may keep a piece
 * after asking for the next (the object stores collect them), so none is reused.
 */
class Pieces {
	private piece: Buffer;
	private filled = 0;

	constructor(private readonly size: number) {
		this.piece = Buffer.allocUnsafe(size);
	}

	/** Copies `chunk` in; returns the pieces it filled. */
	add(chunk: Buffer): readonly Buffer[] {
		let full: Buffer[] | undefined;
		for (let offset = 0; offset < chunk.length; ) {
			const take = Math.min(this.size - this.filled, chunk.length - offset);
			chunk.copy(this.piece, this.filled, offset, offset + take);
			this.filled += take;
			offset += take;
			if (this.filled === this.size) {
				(full ??= []).push(this.piece);
				this.piece = Buffer.allocUnsafe(this.size);
				this.filled = 0;
			}
		}
		return full ?? NO_PIECES;
	}

	/** The last, shorter piece; undefined when there is none. */
	rest(): Buffer | undefined {
		return this.filled ? this.piece.subarray(0, this.filled) : undefined;
	}
}

/** Regroups a stream into pieces of `size` bytes (the last one shorter), for a body that is no Node stream. */
function inPiecesOf(size: number) {
	return async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
		const pieces = new Pieces(size);
		for await (const chunk of source) yield* pieces.add(chunk);
		const last = pieces.rest();
		if (last) yield last;
	};
}

/**
 * Stores a Dropbox download in n8n's binary store without buffering it, checking the bytes against the content
 * hash Dropbox reported as they pass (each byte hashed once, in 1 MiB pieces). A mismatch fails the stream itself
 * before it ends, so n8n's store never commits the damaged copy.
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
	const check = () => {
		received = hasher.digest();
		return expectedHash && received !== expectedHash ? damaged() : undefined;
	};
	const Readable = readableClassOf(body);
	let checked: ByteStream;
	if (Readable) checked = checkedPieces(Readable, body as NodeReadable, hasher, check);
	else {
		// Not a Node stream (n8n hands over one; this keeps the check for anything else): an async generator, as a
		// store also takes an async iterable.
		checked = (async function* () {
			for await (const piece of inPiecesOf(STORE_PIECE_BYTES)(body)) {
				hasher.update(piece);
				yield piece;
			}
			const failure = check();
			if (failure) throw failure;
		})();
	}
	try {
		return await fn.helpers.prepareBinaryData(checked as unknown as BinaryInput, fileName, mimeTypeOf(fileName));
	} catch (error) {
		// Whatever the store did not read is not downloaded on.
		if (Readable) (checked as NodeReadable).destroy();
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
