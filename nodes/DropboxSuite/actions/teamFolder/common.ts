// What the Team Folder operations share: the team folder ID and name checks before any call, Dropbox's team
// folder errors with what to do (team spaces refuse create and archive), the archive job, and a folder's state
// for reconciling a lost answer.
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { CallOptions, Reconciled } from '../../../shared/client';
import { applied, notApplied, unknownOutcome } from '../../../shared/client';
import type { JobKind } from '../../../shared/jobs';
import type { InputChecker } from '../../../shared/validate';
import type { OperationContext } from '../types';
import { call as memberCall } from '../teamMember/common';

const TEAM_FOLDER_ID = /^[0-9]+$/;

const TEAM_SPACE =
	'This team has a team space, and Dropbox does not create or archive team folders through the API for teams with a team space. Create a folder at the root of the team space instead (Folder → Create with Request Options → Path Root "Team Space"), or manage it in the team\'s admin console in Dropbox.';

/** Hints for the team folder errors a user can act on, by union tag. */
export const FOLDER_HINTS: Record<string, string> = {
	invalid_team_folder_id: 'No team folder has this ID. Team Folder → List gives the IDs.',
	no_access: 'This app may not manage this team folder.',
	active: 'The team folder is active: this needs an archived folder (Archive it first).',
	archived: 'The team folder is archived: Activate it first.',
	archive_in_progress: 'The team folder is being archived. Wait until that is done, then run again.',
	disallowed: TEAM_SPACE,
	invalid_folder_name: 'Dropbox does not allow this name (for example characters like / \\ : ? * " < > |, or a trailing dot or space).',
	folder_name_already_used: 'A team folder (or a folder in the team space) already has this name. Choose another.',
	folder_name_reserved: 'This name is reserved by Dropbox. Choose another.',
	sync_settings_error: 'A sync setting could not be applied: check the IDs under Content Sync Settings are files or folders inside this team folder.',
	invalid_cursor: 'The list changed while it was read. Run the operation again.',
};

/** Create's refusal for teams with a team space comes as `other`; only there does `other` mean that. */
export const CREATE_HINTS: Record<string, string> = { ...FOLDER_HINTS, other: TEAM_SPACE };

export function checkTeamFolderId(check: InputChecker, parameter: string, value: unknown): string {
	const id = check.required(parameter, value);
	if (!TEAM_FOLDER_ID.test(id)) check.fail(parameter, `"${id}" is not a team folder ID`, 'A team folder ID is a number, such as 1234567890 (the "team_folder_id" of Team Folder → List).');
	return id;
}

export function checkFolderName(check: InputChecker, parameter: string, value: unknown): string {
	const name = typeof value === 'string' ? value.trim() : '';
	if (!name) check.fail(parameter, 'is empty', 'Give the team folder a name.');
	if (/[/\\]/.test(name)) check.fail(parameter, `"${name}" contains a slash`, 'A team folder name is one name, not a path: leave out "/" and "\\".');
	return name;
}

export const teamFolderIdField: INodeProperties = {
	displayName: 'Team Folder ID',
	name: 'teamFolderId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '1234567890',
	description: 'The "team_folder_id" of the team folder, as Team Folder → List gives it',
};

/** A team folder call, its errors carrying a hint. */
export const call = async <T = IDataObject>(ctx: OperationContext, route: string, arg: unknown, options: CallOptions<T> & { hints?: Record<string, string> } = {}) =>
	await memberCall<T>(ctx, route, arg, { hints: FOLDER_HINTS, ...options });

/** The folder's metadata now, or null when no team folder has the ID. */
export async function folderNow(ctx: OperationContext, id: string): Promise<IDataObject | null> {
	const [item] = await ctx.dropbox.rpc<IDataObject[]>('team/team_folder/get_info', { team_folder_ids: [id] });
	if (item?.['.tag'] !== 'team_folder_metadata') return null;
	const metadata = { ...item };
	delete metadata['.tag'];
	return metadata;
}

export const statusOf = (metadata: IDataObject | null) => ((metadata?.status as IDataObject | undefined)?.['.tag'] as string | undefined) ?? null;

/**
 * After a lost answer to a status change: applied when the folder is in one of `done` (its metadata is the
 * result), not applied when it is still in `before`, otherwise unknown.
 */
export function byStatus(ctx: OperationContext, id: string, done: string[], before: string[]): () => Promise<Reconciled<IDataObject>> {
	return async () => {
		const metadata = await folderNow(ctx, id);
		const status = statusOf(metadata);
		if (metadata && status && done.includes(status)) return applied(metadata);
		return status && before.includes(status) ? notApplied : unknownOutcome;
	};
}

/** A job whose complete answer is the folder's metadata beside the union tag. */
function single(complete: IDataObject) {
	const metadata = { ...complete };
	delete metadata['.tag'];
	return [{ ok: true as const, metadata }];
}

/** Kept here rather than in JOB_KINDS, for the reason given in teamMember/common.ts. */
export const ARCHIVE_JOB: JobKind = { name: 'Archive Team Folder', checkRoute: 'team/team_folder/archive/check', decode: single };

export const SYNC_SETTING_OPTIONS = [
	{ name: 'Default', value: 'default', description: 'Synced to members\' computers as the team\'s default says' },
	{ name: 'Not Synced', value: 'not_synced', description: 'Kept online only' },
];
