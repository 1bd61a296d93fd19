import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { CommitInfo, WriteMode } from '../../../shared';
import type { InputChecker } from '../../../shared/validate';

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
