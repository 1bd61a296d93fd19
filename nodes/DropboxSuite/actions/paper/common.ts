import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PathForm } from '../../../shared';
import { MAX_REQUEST_BYTES } from '../../../shared/upload';
import type { InputChecker } from '../../../shared/validate';
import { binaryPropertyField, binarySource, downloadText } from '../common/binary';
import { locatorPath, pathLocator } from '../common/paths';
import { describeExport } from '../file/export.operation';
import type { ExportResult } from '../file/export.operation';
import type { OperationContext } from '../types';

/** Where the legacy-Paper check reads the account's state; every Paper operation lists it among its routes. */
export const FEATURES_ROUTE = 'users/features/get_values';

/** The formats files/paper/create and files/paper/update import (files.ImportFormat). */
export const IMPORT_FORMATS = ['html', 'markdown', 'plain_text'] as const;
export type PaperFormat = (typeof IMPORT_FORMATS)[number];

const FORMAT_NAMES: Record<PaperFormat, string> = { html: 'HTML', markdown: 'Markdown', plain_text: 'Plain Text' };
export const formatOptions = IMPORT_FORMATS.map((value) => ({ name: FORMAT_NAMES[value], value }));

/** A Paper doc picked from a list, or given as a path, an "id:..." or a Dropbox web address. */
export const docLocator: INodeProperties = pathLocator('doc', 'Doc', 'file', {
	hint: 'A Paper doc: a .paper file, such as /Notes/Meeting.paper (".paper" is added to a name without an extension)',
});

/** The doc's content: typed or mapped text, or a file from a binary field, in a format Paper imports. */
export const contentProperties: INodeProperties[] = [
	{
		displayName: 'Import Format',
		name: 'importFormat',
		type: 'options',
		options: formatOptions,
		default: 'markdown',
		description: 'The format of the content: Dropbox converts it into the Paper doc',
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		options: [
			{ name: 'Text', value: 'text', description: 'Text typed here or mapped from an expression' },
			{ name: 'Binary Field', value: 'binary', description: 'A file from an earlier node, such as an .md or .html file' },
		],
		default: 'text',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 8 },
		default: '',
		required: true,
		displayOptions: { show: { source: ['text'] } },
		description: 'The content, in the Import Format',
	},
	{ ...binaryPropertyField, displayOptions: { show: { source: ['binary'] } } },
];

/** The Import Format, checked: an expression may give anything. */
export function importFormatOf(check: InputChecker, value: unknown): PaperFormat {
	const format = String(value ?? '').trim();
	if (!(IMPORT_FORMATS as readonly string[]).includes(format))
		check.fail('Import Format', `"${format}" is not a format Dropbox imports into Paper`, 'Use html, markdown or plain_text.');
	return format as PaperFormat;
}

/** The content to import, as bytes; empty content is refused (a doc without content is a mapping mistake). */
export async function contentOf(ctx: OperationContext): Promise<Buffer> {
	const { fn, itemIndex, check, param } = ctx;
	if (param<string>('source', 'text') !== 'binary') {
		const text = String(param('text', '') ?? '');
		if (!text.trim()) check.fail('Text', 'is empty', 'Give the content of the doc, or map it from an earlier node, such as {{ $json.body }}.');
		return Buffer.from(text, 'utf8');
	}
	const field = check.required('Input Binary Field', param('binaryPropertyName'));
	const { source } = await binarySource(fn, itemIndex, check, field);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of source) {
		size += chunk.length;
		if (size > MAX_REQUEST_BYTES)
			check.fail('Input Binary Field', `the file in "${field}" is larger than 150 MiB`, 'Dropbox takes at most 150 MiB in one request; split the content into several docs.');
		chunks.push(chunk);
	}
	const content = Buffer.concat(chunks);
	if (!content.toString('utf8').trim())
		check.fail('Input Binary Field', `the file in "${field}" is empty`, 'Give a file with the content of the doc.');
	return content;
}

const PAPER = /\.paper$/i;
/** A file extension at the end of a name: a dot, then up to five letters or digits. */
const OTHER_EXTENSION = /\.[a-z0-9]{1,5}$/i;

/**
 * The path of a Paper doc. Dropbox keeps Paper docs as ".paper" files: a name without an extension gets ".paper"
 * (what someone naming a doc "Meeting notes" means), a name with another extension (".md", ".docx") is refused,
 * since it names another kind of file. IDs are taken as they are.
 */
export function paperPath(check: InputChecker, parameter: string, path: string): string {
	if (path.startsWith('id:') || PAPER.test(path)) return path;
	const name = path.slice(path.lastIndexOf('/') + 1);
	if (OTHER_EXTENSION.test(name))
		check.fail(
			parameter,
			`"${path}" is not a Paper doc`,
			`Paper docs are ".paper" files: write "${path.replace(OTHER_EXTENSION, '.paper')}". For other files use the File resource.`,
		);
	return `${path}.paper`;
}

/** The Doc locator's path, as a Paper doc. */
export const docPath = (ctx: OperationContext, form: PathForm) => paperPath(ctx.check, 'Doc', locatorPath(ctx.check, 'Doc', ctx.param('doc'), form));

/**
 * Whether each acting account's Paper docs are files, asked once per execution: the answer is kept per node run
 * (the execute context) and per Request Options (items acting as another team member ask again).
 */
const paperAsFilesByRun = new WeakMap<IExecuteFunctions, Map<string, Promise<boolean>>>();

/**
 * Fails when the account is still on legacy Paper, whose docs are not .paper files: the files/paper routes
 * cannot reach them, and this node does not use the deprecated paper/docs routes.
 *
 * Asked before the first Paper call rather than after a failure, because a legacy account does not fail in a way
 * that says so: Export, Get and Update answer "not found" as for a wrong path, List answers an empty list, and
 * Create may answer insufficient_permissions, which other causes share. One call per execution tells it for sure.
 */
export async function requirePaperAsFiles(ctx: OperationContext): Promise<void> {
	const { fn, dropbox, itemIndex, param } = ctx;
	let byActor = paperAsFilesByRun.get(fn);
	if (!byActor) paperAsFilesByRun.set(fn, (byActor = new Map()));
	const actor = JSON.stringify(param('requestOptions', {}) ?? {});
	let answer = byActor.get(actor);
	if (!answer) {
		const cache = byActor;
		answer = dropbox
			.rpc<{ values: IDataObject[] }>(FEATURES_ROUTE, { features: ['paper_as_files'] })
			.then(({ values }) => {
				const value = values.find((v) => v['.tag'] === 'paper_as_files')?.paper_as_files as IDataObject | undefined;
				return value?.enabled !== false;
			})
			.catch((error: unknown) => {
				// A failed look-up is not kept: the next item asks again.
				cache.delete(actor);
				throw error;
			});
		byActor.set(actor, answer);
	}
	if (await answer) return;
	throw new NodeOperationError(fn.getNode(), 'This Dropbox account still uses legacy Paper, which the Paper operations cannot reach', {
		itemIndex,
		description:
			'Dropbox reports paper_as_files false for this account: its Paper docs are not yet .paper files in Dropbox, and only ' +
			'those can be created, updated and exported through the Dropbox API (the legacy Paper API is deprecated and not used). ' +
			'Dropbox moves accounts to Paper as files itself; nothing in n8n can do it. Until then, work with these docs in ' +
			'Dropbox Paper on the web (paper.dropbox.com), and run this again once the account has moved.',
	});
}

/** A Paper doc exported in a format: Dropbox's export result and the text. */
export async function exportText(ctx: OperationContext, path: string, format: PaperFormat): Promise<{ json: IDataObject; text: string }> {
	return await downloadText<ExportResult>(ctx, 'files/export', { path, export_format: format }, describeExport);
}

/** A doc's current Paper revision, read from an export (file metadata does not carry it). */
export async function paperRevisionOf(ctx: OperationContext, path: string): Promise<number | undefined> {
	const { json } = await exportText(ctx, path, 'plain_text');
	return (json.export_metadata as IDataObject | undefined)?.paper_revision as number | undefined;
}

/** Whether metadata is that of a Paper doc. */
export const isPaperDoc = (metadata: IDataObject) =>
	metadata['.tag'] === 'file' && PAPER.test(String(metadata.name ?? ''));
