// What the Shared Folder operations share: the shared folder locator, the sharing calls with hints for
// Dropbox's sharing errors, the async job answers, and list pages read through the one paginate helper.
import type { IDataObject, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { CallOptions, DropboxClient } from '../../../shared/client';
import { errorTags, rethrow } from '../../../shared/errors';
import type { EntryOutcome, JobKind } from '../../../shared/jobs';
import { awaitJob } from '../../../shared/jobs';
import { paginate } from '../../../shared/paginate';
import { dropboxErrorOf, lookup } from '../../../shared/reconcile';
import type { MemberSelector } from '../common/members';
import { locatorMember, selectorKey } from '../common/members';
import { LOCATOR_REGEX, locatorPath } from '../common/paths';
import { limitOf } from '../common/output';
import type { OperationContext } from '../types';

/** A shared folder ID is the numeric ID of its namespace. */
export const SHARED_FOLDER_ID_REGEX = '[0-9]+';
const SHARED_FOLDER_ID = new RegExp(`^${SHARED_FOLDER_ID_REGEX}$`);
const EXAMPLE_ID = '84528192421';

/** The routes a shared folder locator may call: By URL and By Path look the folder up. */
export const LOCATOR_ROUTES = ['files/get_metadata'];

function checkedMode(name: string, displayName: string, placeholder: string, regex: string, errorMessage: string) {
	return { displayName, name, type: 'string' as const, placeholder, validation: [{ type: 'regex' as const, properties: { regex: `(?:${regex})?`, errorMessage } }] };
}

/**
 * A shared folder: from the list of shared folders the account has (or can mount), by its ID, by the folder's
 * address on the Dropbox website (https://www.dropbox.com/home/...), or by its path in this Dropbox.
 */
export function sharedFolderLocator(searchListMethod = 'searchSharedFolders', extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Shared Folder',
		name: 'sharedFolder',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod, searchable: true } },
			checkedMode('id', 'By ID', EXAMPLE_ID, SHARED_FOLDER_ID_REGEX, `Not a shared folder ID: use the numeric "shared_folder_id", such as ${EXAMPLE_ID}`),
			{
				...checkedMode(
					'url',
					'By URL',
					'https://www.dropbox.com/home/Projects/Apollo',
					LOCATOR_REGEX.url,
					'Not a Dropbox folder address: use the one the Dropbox website shows for the folder, such as https://www.dropbox.com/home/Projects/Apollo',
				),
				extractValue: { type: 'regex', regex: LOCATOR_REGEX.url },
			},
			checkedMode('path', 'By Path', '/Projects/Apollo', LOCATOR_REGEX.path, 'Not a Dropbox path: start with "/" and leave off any trailing slash, such as /Projects/Apollo'),
		],
		...extra,
	};
}

/** Hints for the sharing errors a user can act on, by union tag (the first that matches wins). */
const HINTS: Record<string, string> = {
	invalid_id: 'No shared folder has this ID, or it is no longer shared. Pick the folder from the list.',
	not_a_member: 'This account is not a member of the shared folder (or the person named is not). Check the folder and the member.',
	unmounted: 'The shared folder is not in this Dropbox (unmounted). Mount it first.',
	already_mounted: 'The shared folder is already in this Dropbox.',
	not_mountable: 'Dropbox does not let this folder be mounted (for example a team folder).',
	inside_shared_folder: 'Dropbox cannot share a folder inside another shared folder: share the outer folder or move this one out.',
	contains_shared_folder: 'The folder holds a shared folder: Dropbox cannot share it. Unshare the inner folder or move it out first.',
	is_file: 'This is a file; Shared Folder → Share needs a folder (share files with Shared File → Add Members).',
	invalid_email: 'Dropbox cannot send an invitation to this email address. Check the address.',
	invalid_dropbox_id: 'No Dropbox account has this ID. Use the "account_id" from Account → Get or from List Members.',
	cant_share_outside_team: 'The folder\'s member policy allows only team members. Change it with Update Policy or invite a teammate.',
	no_permission: 'This account may not do this in the shared folder (for example a viewer changing members, or someone other than the owner changing policies). Ask the owner.',
	folder_owner: 'The owner cannot leave or be removed: transfer ownership to another member first.',
	new_owner_not_a_member: 'The new owner must be a member of the folder who accepted the invitation. Add them and let them mount it first.',
	new_owner_unmounted: 'The new owner has unmounted the folder. They must mount it first.',
	team_policy_disallows_member_policy: 'The team\'s policy does not allow this member policy.',
	disallowed_shared_link_policy: 'This shared link policy is not allowed for this account or team.',
	not_on_team: 'Member Policy applies only to folders of Dropbox team accounts: leave it out.',
	too_many_members: 'The folder has as many members as this Dropbox plan allows.',
	too_many_pending_invites: 'The folder has too many pending invitations. Wait until some are accepted or remove some.',
	insufficient_plan: 'This needs a paid Dropbox plan.',
	email_unverified: 'The account\'s email address is not verified: verify it in Dropbox first.',
	team_folder: 'This is a team folder: the team\'s admin console in Dropbox manages it.',
	too_many_files: 'The folder holds too many files for this operation.',
	invalid_cursor: 'The list changed while it was read. Run the operation again.',
};

/** Gives a Dropbox sharing error the hint for its tag (in place of the general one), and rethrows every error. */
function withHint(ctx: OperationContext, error: unknown): never {
	const tags = errorTags({ error: dropboxErrorOf(error) });
	const hint = tags.map((tag) => HINTS[tag]).find(Boolean);
	if (error instanceof NodeApiError && hint && error.description?.includes("See Dropbox's error"))
		error.description = error.description.replace(/See Dropbox's error[^]*$/, hint);
	rethrow(ctx.fn.getNode(), error);
}

/** A sharing call, its errors carrying a hint. */
export async function call<T = IDataObject>(ctx: OperationContext, route: string, arg: unknown, options: CallOptions<T> = {}): Promise<T> {
	try {
		return await ctx.dropbox.rpc<T>(route, arg, options);
	} catch (error) {
		withHint(ctx, error);
	}
}

/**
 * The shared_folder_id a locator points at, checked before any call; By URL and By Path look the folder up
 * (one files/get_metadata) and fail clearly when it is not a shared folder.
 */
export async function sharedFolderId(ctx: OperationContext, parameter = 'sharedFolder', displayName = 'Shared Folder'): Promise<string> {
	const raw = ctx.param<INodeParameterResourceLocator | string>(parameter, '');
	const locator = (typeof raw === 'object' && raw !== null ? raw : { mode: 'id', value: raw }) as INodeParameterResourceLocator;
	const value = String(locator.value ?? '').trim();
	if (locator.mode === 'list' || locator.mode === 'id') {
		if (!value) ctx.check.fail(displayName, 'is empty', 'Pick the shared folder from the list or give its numeric ID.');
		if (!SHARED_FOLDER_ID.test(value))
			ctx.check.fail(displayName, `"${value}" is not a shared folder ID`, `A shared folder ID is a number, such as ${EXAMPLE_ID} (the "shared_folder_id" of List or Get). To name the folder by path, choose By Path.`);
		return value;
	}
	const path = locatorPath(ctx.check, displayName, locator, 'read');
	const found = await lookup(ctx.dropbox, path).catch((error: unknown) => withHint(ctx, error));
	const id = found?.shared_folder_id ?? (found?.sharing_info as IDataObject | undefined)?.shared_folder_id;
	if (!found || found['.tag'] !== 'folder' || typeof id !== 'string') {
		ctx.check.fail(
			displayName,
			found ? `"${path}" is not a shared folder` : `nothing exists at "${path}"`,
			found ? 'Share it first (Shared Folder → Share), or pick a shared folder from the list.' : 'Check the path, or pick the shared folder from the list.',
		);
	}
	return id;
}

/** A job whose complete answer is one thing (a folder's metadata, or nothing). */
function single(complete: IDataObject): EntryOutcome[] {
	const metadata = { ...complete };
	delete metadata['.tag'];
	return [{ ok: true, metadata }];
}

/**
 * The sharing jobs, kept here rather than in JOB_KINDS: File → Get Job Status offers every kind there, and
 * its scopes would then include sharing.write for file jobs too.
 */
export const SHARING_JOBS = {
	share: { name: 'Share Folder', checkRoute: 'sharing/check_share_job_status', decode: single },
	unshareOrRelinquish: { name: 'Unshare or Relinquish', checkRoute: 'sharing/check_job_status', decode: single },
	removeMember: { name: 'Remove Folder Member', checkRoute: 'sharing/check_remove_member_job_status', decode: single },
} satisfies Record<string, JobKind>;

/** The Wait for Completion parameter of operations that Dropbox may run as a job. */
export const waitField: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'wait',
	type: 'boolean',
	default: true,
	description: 'Whether to wait until Dropbox has finished; otherwise the output holds the job ID (async_job_id) while Dropbox works on',
};

export const leaveCopyField = (description: string): INodeProperties => ({
	displayName: 'Leave a Copy',
	name: 'leaveCopy',
	type: 'boolean',
	default: false,
	description,
});

/**
 * A launch answer that may be a job: waits for it (Wait for Completion) or reports the job ID. The item says
 * `status` complete with the outcome, or in_progress with `async_job_id`.
 */
export async function settle(ctx: OperationContext, kind: JobKind, launched: IDataObject, base: IDataObject): Promise<IDataObject> {
	const complete = (outcome: IDataObject) => ({ ...base, status: 'complete', ...outcome });
	if (launched['.tag'] === 'complete') {
		const outcome = { ...launched };
		delete outcome['.tag'];
		return complete(outcome);
	}
	if (!ctx.param('wait', true)) return { ...base, status: 'in_progress', async_job_id: launched.async_job_id };
	const state = await awaitJob(ctx.dropbox, ctx.fn.getNode(), kind, launched, { itemIndex: ctx.itemIndex }).catch((error: unknown) => withHint(ctx, error));
	if (state.status === 'in_progress') return { ...base, status: 'in_progress', async_job_id: state.asyncJobId };
	const [entry] = state.entries;
	return complete(entry?.ok ? entry.metadata : {});
}

/**
 * Every page of a sharing list (Return All / Limit) through paginate. Sharing pages carry a cursor only when
 * there is more (no has_more flag), and members come in three lists: each page is read as one list.
 */
export async function sharingList(
	ctx: OperationContext,
	route: string,
	continueRoute: string,
	arg: IDataObject,
	itemsOf: (page: IDataObject) => IDataObject[],
): Promise<IDataObject[]> {
	const limit = limitOf(ctx.param);
	const pages = {
		rpc: async <T>(r: string, a: unknown): Promise<T> => {
			const page = await call<IDataObject>(ctx, r, a);
			return { items: itemsOf(page), cursor: page.cursor, has_more: typeof page.cursor === 'string' && page.cursor !== '' } as T;
		},
	};
	const pageLimit = Math.min(limit ?? 1000, 1000);
	const page = await paginate<IDataObject>(pages, { route, arg: { ...arg, limit: pageLimit }, continueRoute, itemsKey: 'items', limit });
	return page.items;
}

/** Members of a list_folder_members page as one list, each with its kind (user, group, invitee). */
export function memberItems(page: IDataObject): IDataObject[] {
	const of = (key: string, kind: string) => ((page[key] as IDataObject[] | undefined) ?? []).map((row) => ({ kind, ...row }));
	return [...of('users', 'user'), ...of('groups', 'group'), ...of('invitees', 'invitee')];
}

/** Every member and invitee of a folder, for reconciling and for finding an account by email. */
export async function allMembers(ctx: OperationContext, folderId: string): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	let page = await ctx.dropbox.rpc<IDataObject>('sharing/list_folder_members', { shared_folder_id: folderId, limit: 1000 });
	for (;;) {
		items.push(...memberItems(page));
		if (typeof page.cursor !== 'string' || !page.cursor) return items;
		page = await ctx.dropbox.rpc<IDataObject>('sharing/list_folder_members/continue', { cursor: page.cursor });
	}
}

/** The keys a member row answers to (its account and email), as selectorKey makes them. */
export function memberKeys(row: IDataObject): string[] {
	const user = (row.user as IDataObject | undefined) ?? {};
	const invitee = (row.invitee as IDataObject | undefined) ?? {};
	const keys: string[] = [];
	if (typeof user.account_id === 'string') keys.push(`id:${user.account_id}`);
	for (const email of [user.email, invitee.email]) if (typeof email === 'string') keys.push(`email:${email.toLowerCase()}`);
	return keys;
}

/** Whether a folder's members include the one a selector names. */
export const includesMember = (rows: IDataObject[], selector: MemberSelector) => rows.some((row) => memberKeys(row).includes(selectorKey(selector)));

/** The member a member locator names, checked before any call. */
export const memberOf = (ctx: OperationContext, parameter: string, displayName: string) => locatorMember(ctx.check, displayName, ctx.param(parameter, ''));

/** Whether an error says the folder is no longer there for this account (gone, or not a member any more). */
export function isGoneFor(error: unknown): boolean {
	const tags = errorTags({ error: dropboxErrorOf(error) });
	return tags.includes('invalid_id') || tags.includes('not_a_member');
}

/** The folder's metadata, or null when it is gone or this account is no longer a member. */
export async function folderNow(ctx: OperationContext, folderId: string): Promise<IDataObject | null> {
	return await ctx.dropbox
		.rpc<IDataObject>('sharing/get_folder_metadata', { shared_folder_id: folderId })
		.catch(async (error: unknown) => (isGoneFor(error) ? null : await Promise.reject(error)));
}

/** After a lost Share answer: the folder at the path is shared now (its metadata) or not. */
export async function sharedAt(dropbox: DropboxClient, path: string): Promise<IDataObject | null> {
	const entry = await lookup(dropbox, path);
	const id = entry?.shared_folder_id;
	return typeof id === 'string' ? await dropbox.rpc<IDataObject>('sharing/get_folder_metadata', { shared_folder_id: id }) : null;
}

/** Policy options, by SharedFolderMetadata.policy field. */
/** Whether members of the parent folder keep their access: Share's option and Set Access Inheritance's value. */
export const accessInheritanceField: INodeProperties = {
	displayName: 'Access Inheritance',
	name: 'accessInheritance',
	type: 'options',
	options: [
		{ name: 'Inherit', value: 'inherit', description: 'Members of the parent folder keep their access' },
		{ name: 'No Inherit', value: 'no_inherit', description: 'Only the members of this folder have access' },
	],
	default: 'inherit',
};

export const POLICY_FIELDS: INodeProperties[] = [
	{
		displayName: 'ACL Update Policy',
		name: 'aclUpdatePolicy',
		type: 'options',
		options: [
			{ name: 'Editors', value: 'editors', description: 'The owner and editors can add and remove members' },
			{ name: 'Owner', value: 'owner', description: 'Only the owner can add and remove members' },
		],
		default: 'editors',
		description: 'Who can change the members of the folder',
	},
	{
		displayName: 'Member Policy',
		name: 'memberPolicy',
		type: 'options',
		options: [
			{ name: 'Anyone', value: 'anyone' },
			{ name: 'Team', value: 'team', description: 'Only members of the owner\'s team' },
			{ name: 'Team and Approved', value: 'team_and_approved', description: 'Team members and people the team approved' },
		],
		default: 'anyone',
		description: 'Who can become a member (only for folders owned by a Dropbox team account)',
	},
	{
		displayName: 'Shared Link Policy',
		name: 'sharedLinkPolicy',
		type: 'options',
		options: [
			{ name: 'Anyone', value: 'anyone', description: 'Links to content in the folder work for anyone' },
			{ name: 'Members', value: 'members', description: 'Links work only for members of the folder' },
		],
		default: 'anyone',
		description: 'Who shared links to content in the folder work for',
	},
	{
		displayName: 'Viewer Info Policy',
		name: 'viewerInfoPolicy',
		type: 'options',
		options: [
			{ name: 'Enabled', value: 'enabled' },
			{ name: 'Disabled', value: 'disabled' },
		],
		default: 'enabled',
		description: 'Whether members see who viewed the files in the folder',
	},
];

/** The policy fields given in a collection, as Dropbox's argument fields. */
export function policyArg(values: IDataObject): IDataObject {
	const arg: IDataObject = {};
	if (values.aclUpdatePolicy) arg.acl_update_policy = values.aclUpdatePolicy;
	if (values.memberPolicy) arg.member_policy = values.memberPolicy;
	if (values.sharedLinkPolicy) arg.shared_link_policy = values.sharedLinkPolicy;
	if (values.viewerInfoPolicy) arg.viewer_info_policy = values.viewerInfoPolicy;
	return arg;
}
