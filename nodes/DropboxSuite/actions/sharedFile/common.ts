// What the Shared File operations share: the file and received-file locators, the members Dropbox lists for a
// file (for the lists and for looking after a lost answer), and Dropbox's sharing errors explained.
import type { IDataObject, INode, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { DropboxClient } from '../../../shared/client';
import { dropboxApiError, errorTags, rethrow } from '../../../shared/errors';
import { paginate } from '../../../shared/paginate';
import { dropboxErrorOf } from '../../../shared/reconcile';
import type { InputChecker } from '../../../shared/validate';
import type { MemberSelector } from '../common/members';
import { selectorKey } from '../common/members';
import { LOCATOR_REGEX, locatorPath, pathLocator } from '../common/paths';
import type { OperationContext } from '../types';

/** Dropbox's largest page of file members (list_file_members' limit). */
export const MEMBERS_PAGE = 300;

/** The file: from a list, by path, by ID or by its Dropbox web address. Files shared with this account: by ID. */
export const fileLocator = (extra: Partial<INodeProperties> = {}): INodeProperties =>
	pathLocator('file', 'File', 'file', {
		hint: 'A file shared with this account has no path in it: give its ID (List Received Files shows it)',
		...extra,
	});

/** The file as Dropbox's sharing routes take it (PathOrId: a path, "id:..." or "ns:..."). */
export function fileOf({ check, param }: Pick<OperationContext, 'check' | 'param'>): string {
	return locatorPath(check, 'File', param('file'), 'writeOrId');
}

/** A file shared with this account: picked from the files shared with it, or by ID. */
export const receivedFileLocator: INodeProperties = {
	displayName: 'File',
	name: 'file',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchReceivedFiles', searchable: true } },
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'id:a4ayc_80_OEAAAAAAAAAXw',
			validation: [
				{ type: 'regex', properties: { regex: `(?:${LOCATOR_REGEX.id})?`, errorMessage: 'Not a Dropbox ID: use the "id" of the file, such as id:a4ayc_80_OEAAAAAAAAAXw' } },
			],
		},
	],
};

/** The ID of a received file ("id:..."), checked before any call. */
export function receivedFileIdOf(check: InputChecker, value: unknown): string {
	const locator = (typeof value === 'object' && value !== null ? value : { mode: 'id', value }) as INodeParameterResourceLocator;
	const raw = String(locator.value ?? '').trim();
	if (!raw) check.fail('File', 'is empty', 'Pick the file from the list, or give its ID such as id:a4ayc_80_OEAAAAAAAAAXw.');
	if (!new RegExp(`^${LOCATOR_REGEX.id}$`).test(raw))
		check.fail('File', `"${raw}" is not a Dropbox file ID`, 'Use the "id" of the file (List Received Files shows it), such as id:a4ayc_80_OEAAAAAAAAAXw.');
	return raw.startsWith('id:') ? raw : `id:${raw}`;
}

/** One member of a file as an item: the list it came from (user, group, invitee) beside Dropbox's fields. */
export function memberItems(page: IDataObject): IDataObject[] {
	const lists: Array<[string, string]> = [
		['users', 'user'],
		['groups', 'group'],
		['invitees', 'invitee'],
	];
	return lists.flatMap(([key, type]) => ((page[key] as IDataObject[] | undefined) ?? []).map((member) => ({ member_type: type, ...member })));
}

/**
 * A client whose file-member pages carry one `members` list and `has_more`, so that paginate (one list key,
 * a has_more flag) can follow them; Dropbox's pages have three lists and only a cursor.
 */
export function memberPages(dropbox: Pick<DropboxClient, 'rpc'>): Pick<DropboxClient, 'rpc'> {
	return {
		rpc: async <T>(route: string, arg?: unknown) => {
			const page = await dropbox.rpc<IDataObject>(route, arg);
			return { ...page, members: memberItems(page), has_more: typeof page.cursor === 'string' } as T;
		},
	};
}

/** Every member of a file now, as selector keys (emails in lower case, account IDs). */
export async function memberKeysOf(dropbox: DropboxClient, file: string): Promise<Set<string>> {
	const { items } = await paginate<IDataObject>(memberPages(dropbox), {
		route: 'sharing/list_file_members',
		arg: { file, include_inherited: false, limit: MEMBERS_PAGE },
		continueRoute: 'sharing/list_file_members/continue',
		itemsKey: 'members',
	});
	const keys = new Set<string>();
	for (const member of items) {
		const user = member.user as IDataObject | undefined;
		const invitee = member.invitee as IDataObject | undefined;
		if (typeof user?.account_id === 'string') keys.add(`id:${user.account_id}`);
		const email = user?.email ?? invitee?.email;
		if (typeof email === 'string') keys.add(`email:${email.toLowerCase()}`);
	}
	return keys;
}

/** Whether a member is among the keys (an account ID matches its account; an email its account or invitation). */
export const hasMember = (keys: Set<string>, member: MemberSelector) => keys.has(selectorKey(member));

/** The member as text, for output items. */
export const memberText = (member: MemberSelector) => (member['.tag'] === 'email' ? member.email : member.dropbox_id);

/** What to do about Dropbox's sharing errors, by tag (sharing.stone's unions). */
const HINTS: Record<string, string> = {
	invalid_file:
		'Dropbox finds no file there that this account can see. Check the path or ID; a file shared with this account has no path in it, so give its ID (List Received Files shows it).',
	is_folder: 'This is a folder. Share folders with the Shared Folder resource, or create a shared link.',
	inside_public_folder: 'Files in the Public folder cannot be shared with members. Create a shared link instead.',
	inside_osx_package: 'Files inside a macOS package cannot be shared with members. Create a shared link instead.',
	no_permission:
		'This account may not do this: only the file\'s owner may change its members, policy or unshare it, and the owner cannot leave their own file (use Unshare instead).',
	invalid_member: 'The member is not on this file. List Members shows who is; give their email address or account ID as listed there.',
	no_explicit_access: 'The member\'s access comes from a parent shared folder, not from the file. Change it on the Shared Folder instead.',
	email_unverified: 'This Dropbox account has not verified its email address. Verify it in Dropbox, then run again.',
	rate_limit: 'Dropbox limits how many invitations an account sends. Wait a while, then run again.',
	invalid_comment: 'Dropbox refused the message. Shorten or change Message, or leave it empty.',
	banned_member: 'Dropbox has blocked this account from sharing. Contact Dropbox support.',
	group_access: 'This account has the file through a group. Leave the group to lose access.',
	owner: 'This account owns the file and cannot relinquish it. Unshare it instead.',
	invalid_file_id: 'No file with this ID exists any more, or it was deleted.',
	team_folder: 'Team folder rules do not allow this. A team admin can change it.',
	invalid_cursor: 'The listing\'s cursor is no longer valid. Run the list again from the start.',
	invalid_file_settings: 'Dropbox refused the policy for this file. Check Viewer Info.',
};

/** The hint for a Dropbox error's tags, if one is known. */
const hintOf = (tags: string[]) => tags.map((tag) => HINTS[tag]).find(Boolean);

/** One file's error inside a batch answer (an access_error union) as the error the user sees. */
export function fileError(node: INode, route: string, file: string, union: IDataObject, itemIndex: number): NodeApiError {
	const error = dropboxApiError(node, route, { file }, { status: 409, headers: {}, body: { error: union } }, { itemIndex });
	const hint = hintOf(errorTags({ error: union }));
	if (hint) error.description = hint;
	return error;
}

/** Runs a call; a Dropbox sharing error gets a description that says what to do. */
export async function explained<T>(node: INode, call: Promise<T>): Promise<T> {
	try {
		return await call;
	} catch (error) {
		if (error instanceof NodeApiError) {
			const hint = hintOf(errorTags({ error: dropboxErrorOf(error) }));
			if (hint) error.description = hint;
		}
		return rethrow(node, error);
	}
}

/** Describes a member's own error (from a 200 answer of add_file_member or remove_file_member_2). */
export function memberErrorText(memberError: IDataObject): { error: string; description: string; tags: string[] } {
	const tag = String(memberError['.tag']);
	const nested = memberError[tag] as IDataObject | undefined;
	const tags = [tag, ...(typeof nested === 'object' && nested !== null && typeof nested['.tag'] === 'string' ? [nested['.tag']] : [])];
	const summary = tags.join('/');
	const description = hintOf(tags) ?? `See Dropbox's error "${summary}" in the documentation of this route.`;
	return { error: `Dropbox: member_error/${summary}`, description, tags };
}

/** A member's own error as the error the user sees. */
export function memberError(node: INode, route: string, memberError: IDataObject, itemIndex: number): NodeApiError {
	const { error: message, description, tags } = memberErrorText(memberError);
	const error = new NodeApiError(node, { route, error_summary: message.replace('Dropbox: ', ''), error_tags: ['member_error', ...tags] }, { message, description, itemIndex });
	error.context.dropboxError = { '.tag': 'member_error', member_error: memberError };
	return error;
}
