import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { CommitInfo, WriteMode } from '../../../shared';
import { markWritten, originGroup, originTemplate } from '../../../shared/origin';
import type { InputChecker } from '../../../shared/validate';
import type { OperationContext } from '../types';

/** The options of every write: what happens on a name conflict, notifications, and the modified time. */
export const writeOptionFields: INodeProperties[] = [
	{
		displayName: 'Autorename',
		name: 'autorename',
		type: 'boolean',
		default: false,
		description: 'Whether Dropbox should pick a free name such as "report (1).pdf" when the name is taken',
	},
	{
		displayName: 'Client Modified Time',
		name: 'clientModified',
		type: 'dateTime',
		default: '',
		description: 'The modification time to show for the file, for example the time it changed on the original device',
	},
	{
		displayName: 'Expected Revision',
		name: 'updateRev',
		type: 'string',
		default: '',
		placeholder: 'a1c10ce0dd78',
		description: 'With Write Mode "Update": the revision the file must still have; otherwise it is a conflict',
	},
	{
		displayName: 'Mute Notifications',
		name: 'mute',
		type: 'boolean',
		default: false,
		description: 'Whether to spare the user desktop notifications about this change',
	},
	{
		displayName: 'Strict Conflict',
		name: 'strictConflict',
		type: 'boolean',
		default: false,
		description: 'Whether to treat a file with the same content as a conflict too (with Write Mode "Overwrite" or "Update")',
	},
	{
		displayName: 'Write Mode',
		name: 'mode',
		type: 'options',
		options: [
			{ name: 'Add', value: 'add', description: 'Never overwrite; a taken name is a conflict (or is autorenamed)' },
			{ name: 'Overwrite', value: 'overwrite', description: 'Replace whatever file is there' },
			{ name: 'Update', value: 'update', description: 'Replace the file only if it still has the Expected Revision' },
		],
		default: 'add',
		description: 'What happens when a file already exists at the path',
	},
];

/** Dropbox's CommitInfo from the write options collection. */
export function commitInfo(check: InputChecker, path: string, options: IDataObject): CommitInfo {
	let mode: WriteMode = options.mode === 'overwrite' ? 'overwrite' : 'add';
	if (options.mode === 'update') mode = { '.tag': 'update', update: check.rev('Expected Revision', options.updateRev) };
	const commit: CommitInfo = { path, mode };
	if (options.autorename) commit.autorename = true;
	if (options.mute) commit.mute = true;
	if (options.strictConflict) commit.strict_conflict = true;
	if (options.clientModified) commit.client_modified = dropboxTime(check, options.clientModified);
	return commit;
}

/** Dropbox wants UTC without fractions: 2026-11-28T08:00:00Z. */
function dropboxTime(check: InputChecker, value: unknown): string {
	const date = new Date(String(value));
	if (Number.isNaN(date.getTime()))
		check.fail('Client Modified Time', `"${String(value)}" is not a date`, 'Give a date and time such as 2026-11-28T08:00:00Z.');
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * "Mark as Written by Dropbox Suite": the option of every write that a trigger with "Ignore Changes Made by Dropbox Suite" should
 * not report (nodes/shared/origin.ts). Off by default: an action cannot see whether any trigger uses the other
 * option, and the mark needs the template routes' scopes (and, outside uploads, one more call per write).
 */
export const markWrittenField: INodeProperties = {
	displayName: 'Mark as Written by Dropbox Suite',
	name: 'markWritten',
	type: 'boolean',
	default: false,
	description:
		'Whether to mark what this writes (a file property holding its content hash and name), so that Dropbox Suite triggers with "Ignore Changes Made by Dropbox Suite" skip this change, while a later edit by a person still fires',
};

// The mark's routes (origin.ts ORIGIN_ROUTES, and the team templates for team apps) are not in the operations'
// route lists: those decide whether Act As "Team Admin" is offered, and the template is read without Select-User
// or Select-Admin anyway. Their scopes (files.metadata.read/.write; files.team_metadata.write for team apps) are
// in every preset that can write (test/unit/scopes.test.ts).

/** The upload commit with the mark (content hash filled in while the bytes stream), when the option is on. */
export async function markedCommit(fn: IExecuteFunctions, commit: CommitInfo, options: IDataObject): Promise<CommitInfo> {
	if (options.markWritten !== true) return commit;
	return { ...commit, property_groups: [originGroup(await originTemplate(fn), '', commit.path)] };
}

/** After a write that cannot carry the mark: marks what it wrote, when the option is on; a warning if that fails. */
export async function markAfterWrite(ctx: OperationContext, metadata: IDataObject, options: IDataObject): Promise<IDataObject> {
	if (options.markWritten !== true) return metadata;
	const warning = await markWritten(ctx.dropbox, await originTemplate(ctx.fn), metadata);
	return warning ? { ...metadata, warning } : metadata;
}

/**
 * Paper create and update answer without a content hash: the doc's metadata is read after the write (one more call)
 * and marked. A person's edit in between those two calls would be marked as n8n's and not reported (README).
 */
export async function markPaperAfterWrite(ctx: OperationContext, pathOrId: string, result: IDataObject, markWrittenOption: unknown): Promise<IDataObject> {
	if (markWrittenOption !== true) return result;
	const doc = await ctx.dropbox.rpc<IDataObject>('files/get_metadata', { path: pathOrId });
	const marked = await markAfterWrite(ctx, doc, { markWritten: true });
	return marked.warning ? { ...result, warning: marked.warning } : result;
}
