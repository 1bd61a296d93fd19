// What the File Request operations share: the request ID, the destination folder, the deadline (Dropbox's
// FileRequestDeadline), and Dropbox's file request errors explained.
import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import { errorTags, rethrow } from '../../../shared/errors';
import { dropboxErrorOf } from '../../../shared/reconcile';
import type { InputChecker } from '../../../shared/validate';
import { locatorPath, pathLocator } from '../common/paths';

/** Dropbox's FileRequestId: letters, digits, "-" and "_". */
const FILE_REQUEST_ID = /^[-_0-9a-zA-Z]+$/;
const EXAMPLE_ID = 'oaCAVmEyrqYnkZX9955Y';
/** A request's address, https://www.dropbox.com/request/<id>: its ID can be taken from it. */
const REQUEST_URL = /^https:\/\/(?:www\.)?dropbox\.com\/request\/([-_0-9a-zA-Z]+)\/?$/;

export const idField: INodeProperties = {
	displayName: 'File Request ID',
	name: 'id',
	type: 'string',
	required: true,
	default: '',
	placeholder: EXAMPLE_ID,
	description: 'The ID of the file request, or its URL (https://www.dropbox.com/request/...)',
};

/** A file request ID (or the request's URL), checked before any call. */
export function fileRequestId(check: InputChecker, parameter: string, value: unknown): string {
	const given = check.required(parameter, value);
	const id = REQUEST_URL.exec(given)?.[1] ?? given;
	if (!FILE_REQUEST_ID.test(id))
		check.fail(parameter, `"${given}" is not a file request ID`, `Use the "id" of a file request, such as ${EXAMPLE_ID}, or its URL https://www.dropbox.com/request/${EXAMPLE_ID}.`);
	return id;
}

export const titleField: INodeProperties = {
	displayName: 'Title',
	name: 'title',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'Tax documents 2026',
	description: 'What the request is for; people see it on the upload page',
};

/** A title that Dropbox takes: not empty. */
export function title(check: InputChecker, value: unknown): string {
	return check.required('Title', value);
}

export const destinationField: INodeProperties = pathLocator('destination', 'Destination Folder', 'folder', {
	hint: 'Uploaded files land in this folder; Dropbox creates it if it does not exist',
});

/**
 * The destination as Dropbox's file requests take it: a path starting with "/" (files.Path; no "id:" or "ns:"
 * forms, and not the root).
 */
export function destinationPath(check: InputChecker, parameter: string, value: unknown): string {
	const path = locatorPath(check, parameter, value, 'write');
	if (!path.startsWith('/'))
		check.fail(parameter, `"${path}" is not a folder path`, 'File requests take a folder path such as /Clients/Acme/Documents: choose By Path, From List or By URL.');
	return path;
}

const gracePeriodOptions = [
	{ name: 'Not Allowed', value: 'none', description: 'Uploads stop at the deadline' },
	{ name: 'For One Day', value: 'one_day' },
	{ name: 'For Two Days', value: 'two_days' },
	{ name: 'For Seven Days', value: 'seven_days' },
	{ name: 'For Thirty Days', value: 'thirty_days' },
	{ name: 'Always', value: 'always', description: 'Late uploads are taken with no end' },
];

export const deadlineOption: INodeProperties = {
	displayName: 'Deadline',
	name: 'deadline',
	type: 'dateTime',
	default: '',
	description: 'When the request stops taking files; must lie in the future (needs a paid Dropbox plan)',
};

export const lateUploadsOption: INodeProperties = {
	displayName: 'Allow Late Uploads',
	name: 'allowLateUploads',
	type: 'options',
	options: gracePeriodOptions,
	default: 'none',
	description: 'How long after the deadline files are still taken (marked late); needs a Deadline',
};

export const descriptionOption: INodeProperties = {
	displayName: 'Description',
	name: 'description',
	type: 'string',
	typeOptions: { rows: 2 },
	default: '',
	description: 'A note shown on the upload page, for example what to upload',
};

/** Dropbox wants UTC without fractions: 2026-11-28T08:00:00Z. */
function deadlineTimestamp(check: InputChecker, value: unknown): string {
	const date = new Date(String(value));
	if (String(value).trim() === '' || Number.isNaN(date.getTime()))
		check.fail('Deadline', `"${String(value)}" is not a date`, 'Give a date and time such as 2026-12-24T18:00:00Z, or an expression such as {{ $now.plus({ days: 14 }) }}.');
	if (date.getTime() <= Date.now())
		check.fail('Deadline', `${date.toISOString()} is in the past`, 'Dropbox takes only deadlines in the future: choose a later date and time, for example {{ $now.plus({ days: 14 }) }}.');
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Dropbox's FileRequestDeadline from the Deadline and Allow Late Uploads parameters, or undefined without a
 * deadline. Late uploads without a deadline have nothing to follow: refused.
 */
export function deadlineArg(check: InputChecker, fields: IDataObject): IDataObject | undefined {
	const late = String(fields.allowLateUploads ?? 'none');
	if (fields.deadline === undefined || fields.deadline === null || fields.deadline === '') {
		if (late !== 'none') check.fail('Allow Late Uploads', 'needs a Deadline', 'Set a Deadline, or leave Allow Late Uploads at "Not Allowed".');
		return undefined;
	}
	const deadline: IDataObject = { deadline: deadlineTimestamp(check, fields.deadline) };
	if (late !== 'none') deadline.allow_late_uploads = late;
	return deadline;
}

/** The Dropbox error tags of a client error, e.g. not_a_folder. */
const tagsOf = (error: unknown) => errorTags({ error: dropboxErrorOf(error) });

/** What the failed call asked for, so the hint can name it. */
export interface Asked {
	destination?: string;
	/** Whether the call set a deadline (the plan rule applies). */
	settingDeadline?: boolean;
}

const HINTS: Record<string, (asked: Asked) => string> = {
	not_a_folder: (asked) =>
		`The destination ${asked.destination ? `"${asked.destination}" ` : ''}is a file (or lies inside one), not a folder. Choose a folder, or a path where a new folder may be created.`,
	not_found: () => 'No file request of this account has this ID. Check the ID with File Request → List; a deleted request cannot be brought back.',
	no_permission: (asked) =>
		asked.settingDeadline
			? "Dropbox refused the deadline for this account's plan: deadlines need a paid Dropbox plan (Plus, Essentials or Business; Basic accounts can make requests without one). Leave Deadline out, or upgrade the Dropbox account, then run again."
			: 'This account may not access or change this file request (it belongs to someone else, or the plan does not allow what was asked).',
	validation_error: () =>
		'Dropbox found the request invalid: check that the Deadline lies in the future, that the Title is not empty, and that the destination path has no characters Dropbox does not allow.',
	file_request_open: () => 'Dropbox deletes only closed file requests. Close them first with File Request → Update (Status: Closed), then delete them.',
	disabled_for_team: () => 'The Dropbox team of this account does not allow file requests; a team admin can turn them on in the Admin Console.',
	email_unverified: () => "File requests need a verified email address: verify the Dropbox account's email (dropbox.com/help/317), then run again.",
	app_lacks_access: () => 'An App Folder app can reach only the file requests whose destination is inside its app folder.',
	invalid_location: () => 'Dropbox does not offer file requests for this folder. Choose another folder of your own.',
	rate_limit: () => 'Dropbox allows about 100 new file requests a day per account. Wait, or reuse an open request.',
	invalid_cursor: () => 'The list cursor is no longer valid. Run the operation again to list from the start.',
};

/**
 * Rethrows a Dropbox file request error with what to do: the plan rule for deadlines, closing before deleting, a
 * file given as the destination. Other errors pass unchanged.
 */
export function explainFileRequestError(node: INode, error: unknown, asked: Asked = {}): never {
	const hint = HINTS[tagsOf(error)[0]]?.(asked);
	if (hint) (error as { description?: string | null }).description = hint;
	return rethrow(node, error);
}
